import { useQuery } from '@tanstack/react-query';
import { Descriptions, Drawer, Grid, Spin, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../../common/money.js';
import { getShopOrder } from '../../api/merchant.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { OrderChat } from '../chat/OrderChat.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { noteText, stepReasonText, stepTitle } from '../disputes/labels.js';
import { OrderDisputeLink } from '../disputes/merchant/OrderDisputeLink.js';
import { BuyerInput } from './OrderCard.js';
import { orderStatusColor } from './labels.js';
import { MERCHANT_KEY } from './shopQuery.js';

const ACTORS = ['user', 'system', 'api_key', 'guest'] as const;
type KnownActor = (typeof ACTORS)[number];
const isKnownActor = (value: string): value is KnownActor => (ACTORS as readonly string[]).includes(value);

const STATUSES = [
  'created',
  'paid',
  'delivered',
  'confirmed',
  'settled',
  'expired',
  'cancelled',
  'refunding',
  'refunded',
] as const;
type KnownStatus = (typeof STATUSES)[number];
const isKnownStatus = (value: string): value is KnownStatus =>
  (STATUSES as readonly string[]).includes(value);

/** One order in full, with every transition: who moved it, when, and why. */
export function OrderDetailDrawer({ orderId, onClose }: { orderId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const locale = currentLocale();
  const order = useQuery({
    queryKey: [MERCHANT_KEY, 'order', orderId],
    queryFn: () => getShopOrder(orderId),
  });
  const statusText = (status: string) =>
    isKnownStatus(status) ? t(`merchant.orderStatus.${status}`) : status;
  const data = order.data;

  return (
    <Drawer
      open
      onClose={onClose}
      title={t('merchant.orders.detailTitle')}
      size={screens.md ? 560 : '100%'}
      data-testid="order-detail"
    >
      {order.isPending && <Spin />}
      {order.isError && <ProblemAlert error={order.error} onRetry={() => void order.refetch()} />}
      {data && (
        <>
          <Descriptions column={1} size="small" bordered className="merchant-kv">
            <Descriptions.Item label={t('merchant.orders.orderId')}>
              <Typography.Text copyable className="break-anywhere">
                {data.id}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('merchant.orders.order')}>
              {data.title} <Tag color={orderStatusColor(data.status)}>{statusText(data.status)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('merchant.orders.unitPrice')}>
              {formatMoney(data.unitPrice, 'CNY')}
            </Descriptions.Item>
            <Descriptions.Item label={t('merchant.orders.quantity')}>{data.quantity}</Descriptions.Item>
            <Descriptions.Item label={t('merchant.orders.amount')}>
              {formatMoney(data.amount, 'CNY')}
            </Descriptions.Item>
            <Descriptions.Item label={t('merchant.orders.fee')}>
              {formatMoney(data.fee, 'CNY')}
            </Descriptions.Item>
            <Descriptions.Item label={t('merchant.orders.payout')}>
              {formatMoney(data.payout, 'CNY')}
            </Descriptions.Item>
            <Descriptions.Item label={t('merchant.orders.buyer')}>{data.buyerLabel}</Descriptions.Item>
            {Object.keys(data.buyerInput).length > 0 && (
              <Descriptions.Item label={t('merchant.orders.buyerInput')}>
                <BuyerInput order={data} />
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('merchant.orders.createdAt')}>
              {formatDateTime(data.createdAt, locale)}
            </Descriptions.Item>
            {data.paidAt && (
              <Descriptions.Item label={t('merchant.orders.paidAt')}>
                {formatDateTime(data.paidAt, locale)}
              </Descriptions.Item>
            )}
            {data.deliveryDeadline && (
              <Descriptions.Item label={t('merchant.orders.deadline')}>
                {formatDateTime(data.deliveryDeadline, locale)}
              </Descriptions.Item>
            )}
            {data.deliveredAt && (
              <Descriptions.Item label={t('merchant.orders.deliveredAt')}>
                {formatDateTime(data.deliveredAt, locale)}
              </Descriptions.Item>
            )}
            {data.deliveryNote && (
              <Descriptions.Item label={t('merchant.orders.deliveryNote')}>
                <span data-testid="order-detail-note">{data.deliveryNote}</span>
              </Descriptions.Item>
            )}
            {data.confirmDeadline && (
              <Descriptions.Item label={t('merchant.orders.confirmDeadline')}>
                {formatDateTime(data.confirmDeadline, locale)}
              </Descriptions.Item>
            )}
          </Descriptions>
          {data.disputeId && <OrderDisputeLink disputeId={data.disputeId} />}
          <Typography.Title level={5}>{t('merchant.orders.timeline')}</Typography.Title>
          <Timeline
            data-testid="order-timeline"
            items={data.timeline.map((step) => ({
              key: `${step.at}-${step.to}`,
              color: step.to === 'refunded' || step.to === 'refunding' ? 'red' : 'blue',
              content: (
                <>
                  <Typography.Text strong>
                    {step.machine === 'dispute'
                      ? stepTitle(step, statusText, t)
                      : `${step.from ? `${statusText(step.from)} → ` : ''}${statusText(step.to)}`}
                  </Typography.Text>
                  <br />
                  <Typography.Text type="secondary">
                    {formatDateTime(step.at, locale)} ·{' '}
                    {isKnownActor(step.actorType)
                      ? t(`merchant.orders.actors.${step.actorType}`)
                      : step.actorType}{' '}
                    · {stepReasonText(step.reasonCode, t) ?? step.reasonCode}
                  </Typography.Text>
                  {step.note && <div className="break-anywhere">{noteText(step.note, t)}</div>}
                </>
              ),
            }))}
          />
          <OrderChat side="merchant" orderId={data.id} className="chat-in-drawer" />
        </>
      )}
    </Drawer>
  );
}
