import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Popconfirm, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { cancelPayout, getPayoutSummary, listMyPayouts, type PayoutView } from '../../api/trust.js';
import { PagedTable } from '../../components/PagedTable.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { usePagedList } from '../../components/usePagedList.js';
import { usePayoutColumns } from '../trust/payoutColumns.js';
import { MerchantConsole } from './MerchantConsole.js';
import { PayoutRequestForm } from './PayoutRequestForm.js';
import { PayoutSummaryCard } from './PayoutSummaryCard.js';
import { MERCHANT_KEY } from './shopQuery.js';
import '../trust/trust.css';

const PAYOUTS_KEY = [MERCHANT_KEY, 'payouts'] as const;

/** `/merchant/payouts` (提现): what can be withdrawn and why not more, the request, the history. */
export function PayoutsPage() {
  const { t } = useTranslation();
  return (
    <MerchantConsole section="payouts" title={t('trust.payouts.title')}>
      {() => <Payouts />}
    </MerchantConsole>
  );
}

function Payouts() {
  const summary = useQuery({ queryKey: [...PAYOUTS_KEY, 'summary'], queryFn: getPayoutSummary });
  return (
    <Flex vertical gap="middle" data-testid="merchant-payouts">
      {summary.isError && <ProblemAlert error={summary.error} onRetry={() => void summary.refetch()} />}
      {summary.isPending && <Skeleton active />}
      {summary.data && (
        <>
          <PayoutSummaryCard summary={summary.data} />
          <PayoutRequestForm summary={summary.data} />
        </>
      )}
      <PayoutHistory />
    </Flex>
  );
}

function PayoutHistory() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { query, items } = usePagedList([...PAYOUTS_KEY, 'list'], listMyPayouts);
  const cancel = useMutation({
    mutationFn: cancelPayout,
    onSuccess: async () => {
      void message.success(t('trust.payouts.list.cancelled'));
      await queryClient.invalidateQueries({ queryKey: [MERCHANT_KEY] });
    },
  });
  const columns = usePayoutColumns({
    actions: (payout: PayoutView) =>
      payout.status === 'requested' && (
        <Popconfirm
          title={t('trust.payouts.list.cancelConfirm')}
          okText={t('trust.payouts.list.cancel')}
          cancelText={t('common.cancel')}
          onConfirm={() => cancel.mutate(payout.id)}
          okButtonProps={{ 'data-testid': 'payout-cancel-ok' }}
        >
          <Button
            size="small"
            loading={cancel.isPending && cancel.variables === payout.id}
            data-testid="payout-cancel"
          >
            {t('trust.payouts.list.cancel')}
          </Button>
        </Popconfirm>
      ),
  });
  return (
    <Card title={t('trust.payouts.list.title')}>
      {cancel.isError && <ProblemAlert error={cancel.error} testId="payout-cancel-error" />}
      <PagedTable<PayoutView>
        columns={columns}
        query={query}
        items={items}
        moreTestId="payouts-more"
        data-testid="payout-list"
        locale={{ emptyText: t('trust.payouts.list.empty') }}
      />
    </Card>
  );
}
