import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../../../common/api/orders.js';
import { formatSpan, useNow } from '../../components/countdown.js';

/**
 * A paid top-up or manual order waiting for the shop: the time it has left to deliver, counting down,
 * and what happens if it does not — the order is refunded in full by itself.
 */
export function DeliveryDue({ order }: { order: OrderView }) {
  const { t } = useTranslation();
  const now = useNow();
  if (!order.deliveryDeadline) return <Alert type="info" showIcon title={t('shop.order.waitingDelivery')} />;
  const left = new Date(order.deliveryDeadline).getTime() - now;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="order-delivery-due"
      title={t('shop.order.waitingDelivery')}
      description={
        left > 0 ? t('shop.order.deliverWithin', { time: formatSpan(left) }) : t('shop.order.deliveryOverdue')
      }
    />
  );
}
