import { Button, Card, Col, Flex, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../../common/money.js';
import type { MerchantOrderView } from '../../api/merchant.js';
import { currentLocale } from '../../i18n/i18n.js';
import { formatSpan, URGENT_MS, useNow } from '../../components/countdown.js';
import { orderStatusColor } from './labels.js';
import type { OrderAction } from './OrderModals.js';

/** The top-up fields the buyer filled, under the labels the product gave them. */
export function BuyerInput({ order }: { order: MerchantOrderView }) {
  const zh = currentLocale() === 'zh-CN';
  const labelOf = (key: string) => {
    const field = order.buyerFields.find((candidate) => candidate.key === key);
    return field ? (zh ? field.labelZh : field.labelEn) : key;
  };
  return (
    <Flex vertical gap={2} data-testid="order-buyer-input">
      {Object.entries(order.buyerInput).map(([key, value]) => (
        <span key={key} className="break-anywhere">
          <Typography.Text type="secondary">{labelOf(key)}：</Typography.Text>
          <Typography.Text copyable data-testid={`order-input-${key}`}>
            {value}
          </Typography.Text>
        </span>
      ))}
    </Flex>
  );
}

/** Time left to deliver, ticking; red in the last hour and once passed (an automatic refund follows). */
export function DeliveryCountdown({ deadline }: { deadline: string }) {
  const { t } = useTranslation();
  const now = useNow();
  const left = new Date(deadline).getTime() - now;
  const urgent = left < URGENT_MS;
  return (
    <span
      className={urgent ? 'merchant-deadline-late' : 'merchant-deadline-ok'}
      data-testid="order-countdown"
      data-urgent={urgent ? 'true' : 'false'}
    >
      {left >= 0
        ? t('merchant.orders.remaining', { time: formatSpan(left) })
        : t('merchant.orders.overdue', { time: formatSpan(left) })}
    </span>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Flex vertical>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <span className="amount" data-testid={testId}>
        {value}
      </span>
    </Flex>
  );
}

/** One order of the shop as a card: readable on a phone, with its actions at hand. */
export function OrderCard({
  order,
  onAction,
  onDetails,
}: {
  order: MerchantOrderView;
  onAction: (action: NonNullable<OrderAction>) => void;
  onDetails: () => void;
}) {
  const { t } = useTranslation();
  const waiting = order.status === 'paid';
  return (
    <Card
      size="small"
      className="merchant-order-card"
      data-testid="merchant-order"
      data-order-id={order.id}
      title={
        <Space wrap size={4}>
          <Tag color={orderStatusColor(order.status)} data-testid="order-status">
            {t(`merchant.orderStatus.${order.status}`)}
          </Tag>
          <Typography.Text strong data-testid="order-title">
            {order.title}
          </Typography.Text>
        </Space>
      }
      extra={
        <Button type="link" size="small" onClick={onDetails} data-testid="order-details">
          {t('merchant.orders.details')}
        </Button>
      }
    >
      <Flex vertical gap="small">
        <Row gutter={[12, 8]}>
          <Col xs={8} sm={4}>
            <Figure label={t('merchant.orders.quantity')} value={String(order.quantity)} />
          </Col>
          <Col xs={8} sm={5}>
            <Figure
              label={t('merchant.orders.amount')}
              value={formatMoney(order.amount, 'CNY')}
              testId="order-amount"
            />
          </Col>
          <Col xs={8} sm={5}>
            <Figure label={t('merchant.orders.fee')} value={formatMoney(order.fee, 'CNY')} />
          </Col>
          <Col xs={8} sm={5}>
            <Figure
              label={t('merchant.orders.payout')}
              value={formatMoney(order.payout, 'CNY')}
              testId="order-payout"
            />
          </Col>
          <Col xs={16} sm={5}>
            <Figure label={t('merchant.orders.buyer')} value={order.buyerLabel} testId="order-buyer" />
          </Col>
        </Row>
        {Object.keys(order.buyerInput).length > 0 && (
          <div>
            <Typography.Text type="secondary">{t('merchant.orders.buyerInput')}</Typography.Text>
            <BuyerInput order={order} />
          </div>
        )}
        {waiting && order.deliveryDeadline && (
          <div>
            <Typography.Text type="secondary">{t('merchant.orders.deadline')}：</Typography.Text>
            <DeliveryCountdown deadline={order.deliveryDeadline} />
          </div>
        )}
        {order.deliveryNote && (
          <Typography.Paragraph type="secondary" className="flush break-anywhere">
            {t('merchant.orders.deliveryNote')}：{order.deliveryNote}
          </Typography.Paragraph>
        )}
        {waiting && (
          <Space wrap>
            {order.kind !== 'card_key' && (
              <Button
                type="primary"
                onClick={() => onAction({ kind: 'deliver', order })}
                data-testid="order-deliver"
              >
                {t('merchant.orders.deliver')}
              </Button>
            )}
            <Button danger onClick={() => onAction({ kind: 'refund', order })} data-testid="order-refund">
              {t('merchant.orders.refund')}
            </Button>
          </Space>
        )}
      </Flex>
    </Card>
  );
}
