import type { TFunction } from 'i18next';
import { Card, Descriptions, Flex, List, Steps, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderStatusName, OrderView } from '../../../../common/api/orders.js';
import { formatMoney } from '../../../../common/money.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { noteText, stepReasonText, stepTitle } from '../disputes/labels.js';
import { useChannelName } from './PaymentMethods.js';
import { UsageRules } from './ProductPage.js';
import { ORDER_STATUS_COLORS, inLanguage } from './shopHelpers.js';

const HAPPY_PATH = ['created', 'paid', 'delivered', 'confirmed', 'settled'] as const;
type HappyStatus = (typeof HAPPY_PATH)[number];

export function OrderStatusTag({ status }: { status: OrderStatusName }) {
  const { t } = useTranslation();
  return (
    <Tag color={ORDER_STATUS_COLORS[status]} data-testid="order-status" data-status={status}>
      {t(`shop.status.${status}`)}
    </Tag>
  );
}

/** Where the order is on its way from 下单 to 结算; a side exit (cancelled, refunded …) shows as an error. */
function OrderProgress({ order }: { order: OrderView }) {
  const { t } = useTranslation();
  const onPath = HAPPY_PATH.indexOf(order.status as HappyStatus);
  const reached = order.timeline.map((entry) => HAPPY_PATH.indexOf(entry.to as HappyStatus));
  const current = onPath >= 0 ? onPath : Math.max(0, ...reached);
  return (
    <Steps
      size="small"
      current={current}
      status={onPath >= 0 ? (order.status === 'settled' ? 'finish' : 'process') : 'error'}
      responsive={false}
      titlePlacement="vertical"
      className="shop-steps"
      items={HAPPY_PATH.map((status) => ({ title: t(`shop.progress.${status}`) }))}
    />
  );
}

/**
 * A payment step's note is the channel (wallet, sandbox, a channel id): shown as the buyer knows it. Notes a
 * deadline or a dispute wrote as codes are put in words.
 */
function timelineNote(
  entry: OrderView['timeline'][number],
  t: TFunction,
  channelName: (provider: string) => string,
): string {
  const paid = entry.reasonCode === 'paid' || entry.reasonCode === 'paid_late';
  if (!entry.note) return '';
  return paid ? channelName(entry.note) : noteText(entry.note, t);
}

function OrderTimeline({ order }: { order: OrderView }) {
  const { t } = useTranslation();
  const channelName = useChannelName();
  const locale = currentLocale();
  return (
    <Timeline
      data-testid="order-timeline"
      items={order.timeline.map((entry, index) => ({
        key: index,
        color:
          entry.machine === 'dispute'
            ? 'orange'
            : ORDER_STATUS_COLORS[entry.to as OrderStatusName] === 'default'
              ? 'gray'
              : 'blue',
        content: (
          <Flex
            vertical
            data-testid="timeline-step"
            data-machine={entry.machine}
            data-reason={entry.reasonCode}
          >
            <Typography.Text strong>
              {stepTitle(entry, (to) => t(`shop.status.${to as OrderStatusName}`, { defaultValue: to }), t)}
            </Typography.Text>
            {stepReasonText(entry.reasonCode, t) && (
              <Typography.Text>{stepReasonText(entry.reasonCode, t)}</Typography.Text>
            )}
            <Typography.Text type="secondary">
              {formatDateTime(entry.at, locale)} ·{' '}
              {t(`shop.actor.${entry.actorType}`, { defaultValue: entry.actorType })}
            </Typography.Text>
            {entry.note && <Typography.Text>{timelineNote(entry, t, channelName)}</Typography.Text>}
          </Flex>
        ),
      }))}
    />
  );
}

function Payments({ order }: { order: OrderView }) {
  const { t } = useTranslation();
  const channelName = useChannelName();
  if (order.payments.length === 0) return null;
  return (
    <Card size="small" title={t('shop.order.payments')} data-testid="order-payments">
      <List
        size="small"
        dataSource={order.payments}
        renderItem={(payment) => (
          <List.Item key={payment.id} data-testid="order-payment">
            <Flex vertical gap={2}>
              <Typography.Text>
                {channelName(payment.provider)} · {formatMoney(payment.amount, order.currency)} ·{' '}
                {t(`shop.paymentStatus.${payment.status}`, { defaultValue: payment.status })}
              </Typography.Text>
              {payment.refunds.map((refund, i) => (
                <Typography.Text key={i} type="warning" data-testid="order-refund">
                  {t(refund.destination === 'wallet' ? 'shop.order.refundToWallet' : 'shop.order.refund', {
                    amount: formatMoney(refund.amount, order.currency),
                    status: t(`shop.refundStatus.${refund.status}`, { defaultValue: refund.status }),
                    reason: noteText(refund.reason, t),
                  })}
                </Typography.Text>
              ))}
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Everything about an order a buyer (signed in or guest) may read: terms, deadlines, history, payments. */
export function OrderDetails({ order, linkShop = true }: { order: OrderView; linkShop?: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const inputs = order.buyerFields.filter((field) => order.buyerInput[field.key] !== undefined);
  return (
    <Flex vertical gap="middle">
      <Card size="small">
        <OrderProgress order={order} />
      </Card>
      <Card size="small" title={t('shop.order.details')}>
        <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('shop.order.number')}>
            <Typography.Text copyable className="shop-break" data-testid="order-id">
              {order.id}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('shop.order.status')}>
            <OrderStatusTag status={order.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('shop.order.product')}>
            <Link to={`/products/${order.productId}`} className="shop-break">
              {order.title}
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('shop.order.shop')}>
            {linkShop ? <Link to={`/shops/${order.merchantId}`}>{order.shopName}</Link> : order.shopName}
          </Descriptions.Item>
          <Descriptions.Item label={t('shop.order.quantity')}>{order.quantity}</Descriptions.Item>
          <Descriptions.Item label={t('shop.order.amount')}>
            <Typography.Text strong data-testid="order-amount">
              {formatMoney(order.amount, order.currency)}
            </Typography.Text>
          </Descriptions.Item>
          {order.refundedAmount > 0 && (
            <Descriptions.Item label={t('shop.order.refunded')}>
              <Typography.Text type="warning" strong data-testid="order-refunded-amount">
                {formatMoney(order.refundedAmount, order.currency)}
              </Typography.Text>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('shop.order.createdAt')}>
            {formatDateTime(order.createdAt, locale)}
          </Descriptions.Item>
          {order.paidAt && (
            <Descriptions.Item label={t('shop.order.paidAt')}>
              {formatDateTime(order.paidAt, locale)}
            </Descriptions.Item>
          )}
          {order.deliveryDeadline && !order.deliveredAt && (
            <Descriptions.Item label={t('shop.order.deliveryDeadline')}>
              {formatDateTime(order.deliveryDeadline, locale)}
            </Descriptions.Item>
          )}
          {order.deliveredAt && (
            <Descriptions.Item label={t('shop.order.deliveredAt')}>
              {formatDateTime(order.deliveredAt, locale)}
            </Descriptions.Item>
          )}
          {order.confirmDeadline && order.status === 'delivered' && !order.disputeOpen && (
            <Descriptions.Item label={t('shop.order.confirmDeadline')}>
              <span data-testid="order-confirm-deadline">
                {formatDateTime(order.confirmDeadline, locale)}
              </span>
            </Descriptions.Item>
          )}
          {order.settledAt && (
            <Descriptions.Item label={t('shop.order.settledAt')}>
              {formatDateTime(order.settledAt, locale)}
            </Descriptions.Item>
          )}
          {inputs.map((field) => (
            <Descriptions.Item key={field.key} label={inLanguage(field.labelZh, field.labelEn)}>
              {order.buyerInput[field.key]}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      {order.deliveryNote && (
        <Card size="small" title={t('shop.order.deliveryNote')} data-testid="order-delivery-note">
          <Typography.Paragraph className="shop-description">{order.deliveryNote}</Typography.Paragraph>
        </Card>
      )}
      <Card size="small" title={t('shop.product.rulesTitle')}>
        <UsageRules rules={order.usageRules} testId="order-rules" />
      </Card>
      <Payments order={order} />
      <Card size="small" title={t('shop.order.timeline')}>
        <OrderTimeline order={order} />
      </Card>
    </Flex>
  );
}
