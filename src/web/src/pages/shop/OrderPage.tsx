import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { BALANCES_QUERY_KEY } from '../../api/endpoints.js';
import { Button, Card, Flex, Modal, Popconfirm, Skeleton, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { OrderView } from '../../../../common/api/orders.js';
import { formatMoney } from '../../../../common/money.js';
import { cancelOrder, confirmOrder, getOrder, payOrder, revealOrderKeys } from '../../api/shop.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { OrderDetails, OrderStatusTag } from './OrderDetails.js';
import { OrderKeys } from './OrderKeys.js';
import { goToPayment, PaymentMethods, WALLET } from './PaymentMethods.js';
import { hasKeysToReveal } from './shopHelpers.js';
import { DisputePanel } from '../disputes/buyer/DisputePanel.js';
import { DeliveryDue } from './DeliveryDue.js';
import { RefundDestination } from './RefundDestination.js';
import { OrderChat } from '../chat/OrderChat.js';
import { formatSpan, useNow } from '../../components/countdown.js';
import { newIdempotencyKey } from '../../api/client.js';

export const orderQueryKey = (orderId: string) => ['orders', orderId] as const;

/** An unpaid order: the time left to pay, and the ways to pay or to cancel. */
function PaymentDue({ order }: { order: OrderView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const now = useNow();
  const payKey = useRef(newIdempotencyKey());
  const [method, setMethod] = useState<string>(WALLET);
  const left = new Date(order.paymentDeadline).getTime() - now;
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['orders'] }),
      queryClient.invalidateQueries({ queryKey: BALANCES_QUERY_KEY }),
    ]);
  const pay = useMutation({
    mutationFn: (chosen: string) => payOrder(order.id, chosen, payKey.current),
    onSuccess: async (answer) => {
      payKey.current = newIdempotencyKey();
      if (answer.redirectUrl) goToPayment(answer.redirectUrl, navigate);
      else await refresh();
    },
  });
  const cancel = useMutation({ mutationFn: () => cancelOrder(order.id), onSuccess: refresh });

  return (
    <Card size="small" data-testid="order-payment-due">
      <Flex vertical gap={8}>
        <Typography.Text>
          {left > 0 ? t('shop.order.payWithin', { time: formatSpan(left) }) : t('shop.order.payWindowOver')}
        </Typography.Text>
        <PaymentMethods
          amount={order.amount}
          wallet={null}
          value={method}
          onChange={(chosen) => {
            // Another method is another payment request.
            payKey.current = newIdempotencyKey();
            setMethod(chosen);
          }}
          testIdPrefix="order-pay"
        />
        <Flex gap={8} wrap>
          <Button
            type="primary"
            loading={pay.isPending}
            disabled={left === 0}
            onClick={() => pay.mutate(method)}
            data-testid="order-pay"
          >
            {method === WALLET
              ? t('shop.order.payWallet', { amount: formatMoney(order.amount, order.currency) })
              : t('shop.order.payProvider', { amount: formatMoney(order.amount, order.currency) })}
          </Button>
          <Popconfirm
            title={t('shop.order.cancelConfirm')}
            okText={t('shop.order.cancel')}
            cancelText={t('common.cancel')}
            onConfirm={() => cancel.mutate()}
          >
            <Button danger loading={cancel.isPending} data-testid="order-cancel">
              {t('shop.order.cancel')}
            </Button>
          </Popconfirm>
        </Flex>
        {pay.isError && <ProblemAlert error={pay.error} testId="order-pay-problem" />}
        {cancel.isError && <ProblemAlert error={cancel.error} testId="order-cancel-problem" />}
      </Flex>
    </Card>
  );
}

/** 确认收货: settles the order now, so the dialog says plainly that the shop gets paid. */
function ConfirmReceipt({ order }: { order: OrderView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const confirm = useMutation({
    mutationFn: () => confirmOrder(order.id),
    onSuccess: (updated) => {
      queryClient.setQueryData(orderQueryKey(order.id), updated);
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
    },
  });
  return (
    <Card size="small" data-testid="order-confirm-card">
      <Flex vertical gap={8} align="start">
        {order.confirmDeadline && (
          <Typography.Text>
            {t('shop.order.autoConfirm', { time: formatDateTime(order.confirmDeadline, currentLocale()) })}
          </Typography.Text>
        )}
        <Button type="primary" onClick={() => setOpen(true)} data-testid="order-confirm">
          {t('shop.order.confirm')}
        </Button>
      </Flex>
      <Modal
        open={open}
        title={t('shop.order.confirmTitle')}
        okText={t('shop.order.confirmOk')}
        cancelText={t('common.cancel')}
        confirmLoading={confirm.isPending}
        onOk={() => confirm.mutate()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ 'data-testid': 'order-confirm-ok' }}
      >
        <Typography.Paragraph data-testid="order-confirm-text">
          {t('shop.order.confirmBody', {
            shop: order.shopName,
            amount: formatMoney(order.amount, order.currency),
          })}
        </Typography.Paragraph>
        {confirm.isError && <ProblemAlert error={confirm.error} testId="order-confirm-problem" />}
      </Modal>
    </Card>
  );
}

/** One of my orders: where it stands, what to do next, the keys once delivered, and its history. */
export function OrderPage() {
  const { orderId = '' } = useParams();
  const order = useQuery({
    queryKey: orderQueryKey(orderId),
    queryFn: () => getOrder(orderId),
    // Right after a provider payment the callback may still be on its way: look again shortly.
    refetchInterval: (query) => (query.state.data?.status === 'created' ? 5000 : false),
  });

  if (order.isError) return <ProblemAlert error={order.error} onRetry={() => void order.refetch()} />;
  if (order.isPending) return <Skeleton active />;
  const item = order.data;

  return (
    <Flex vertical gap="middle" data-testid="order-page">
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Title level={2} className="page-title shop-break">
          {item.title}
        </Typography.Title>
        <OrderStatusTag status={item.status} />
      </Flex>
      {item.status === 'created' && <PaymentDue order={item} />}
      {item.status === 'paid' && item.kind !== 'card_key' && <DeliveryDue order={item} />}
      {hasKeysToReveal(item) && (
        // Keyed by the history too: keys the shop replaced in a dispute are revealed afresh.
        <OrderKeys key={`${item.id}:${item.timeline.length}`} reveal={() => revealOrderKeys(item.id)} />
      )}
      {item.status === 'delivered' && !item.disputeOpen && <ConfirmReceipt order={item} />}
      <DisputePanel order={item} />
      <RefundDestination order={item} />
      <OrderDetails order={item} />
      <OrderChat side="buyer" orderId={item.id} shopName={item.shopName} />
    </Flex>
  );
}
