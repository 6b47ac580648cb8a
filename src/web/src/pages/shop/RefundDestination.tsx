import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../../../common/api/orders.js';
import { formatMoney } from '../../../../common/money.js';
import { BALANCES_QUERY_KEY } from '../../api/endpoints.js';
import { setRefundDestination } from '../../api/shop.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { useChannelName, WALLET } from './PaymentMethods.js';

/** The order was paid through a provider (a wallet payment is always refunded to the wallet). */
function paidThroughProvider(order: OrderView): boolean {
  return order.payments.some((p) => p.provider !== WALLET && p.status === 'succeeded');
}

/** Refunds the provider gave up on: the buyer can take them into the wallet at once. */
function failedRefunds(order: OrderView) {
  return order.payments.flatMap((p) => p.refunds.filter((r) => r.status === 'failed'));
}

/**
 * Where a signed-in buyer's refunds go (issue 6): back the way the money came (原路退回, the default) or
 * to the wallet at once. Shown while a refund can still happen; a refund the provider gave up on is
 * offered to the wallet with one click.
 */
export function RefundDestination({ order }: { order: OrderView }) {
  const { t } = useTranslation();
  const channelName = useChannelName();
  const queryClient = useQueryClient();
  const choose = useMutation({
    mutationFn: (to: OrderView['refundTo']) => setRefundDestination(order.id, to),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['orders'] }),
        queryClient.invalidateQueries({ queryKey: BALANCES_QUERY_KEY }),
      ]),
  });
  if (order.guest || !paidThroughProvider(order) || order.status === 'refunded') return null;
  const failed = failedRefunds(order);
  const provider = order.payments.find((p) => p.provider !== WALLET && p.status === 'succeeded')!.provider;

  return (
    <Card size="small" title={t('shop.refundTo.title')} data-testid="refund-destination">
      <Flex vertical gap={8}>
        {failed.length > 0 && (
          <Alert
            type="error"
            showIcon
            data-testid="refund-failed-offer"
            message={t('shop.refundTo.failed', {
              amount: formatMoney(
                failed.reduce((sum, r) => sum + r.amount, 0),
                order.currency,
              ),
            })}
            action={
              <Button
                danger
                loading={choose.isPending}
                onClick={() => choose.mutate(WALLET)}
                data-testid="refund-failed-to-wallet"
              >
                {t('shop.refundTo.takeToWallet')}
              </Button>
            }
          />
        )}
        <Radio.Group
          value={order.refundTo}
          disabled={choose.isPending}
          onChange={(event) => choose.mutate(event.target.value as OrderView['refundTo'])}
          data-testid="refund-destination-choice"
        >
          <Flex vertical gap={4}>
            <Radio value="original">{t('shop.refundTo.original', { channel: channelName(provider) })}</Radio>
            <Radio value="wallet">{t('shop.refundTo.wallet')}</Radio>
          </Flex>
        </Radio.Group>
        <Typography.Text type="secondary">{t('shop.refundTo.help')}</Typography.Text>
        {choose.error && <ProblemAlert error={choose.error} />}
      </Flex>
    </Card>
  );
}
