import { Button, Card, Flex, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { listPayouts, type PayoutStatus, type PayoutView } from '../../../api/trust.js';
import { PagedTable } from '../../../components/PagedTable.js';
import { usePagedList } from '../../../components/usePagedList.js';
import { hasAnyRole, useMe } from '../../../session/session.js';
import { usePayoutColumns } from '../../trust/payoutColumns.js';
import { PayoutDecisionModal, type PayoutDecision } from './PayoutDecisionModal.js';
import { ADMIN_COMMERCE_KEY } from './shared.js';
import '../../trust/trust.css';

const STATUSES: readonly PayoutStatus[] = ['requested', 'paid', 'rejected', 'cancelled'];
const ALL = 'all';

function statusFrom(value: string | null): PayoutStatus | null {
  if (value === ALL) return null;
  return STATUSES.find((status) => status === value) ?? 'requested';
}

/**
 * `/admin/payouts` (提现审核): the requests waiting for payment first; the filter lives in the URL
 * (`?status=`). Admins record the transfer reference or reject with a reason; auditors only read.
 */
export function PayoutQueuePage() {
  const { t } = useTranslation();
  const canDecide = hasAnyRole(useMe().data, ['admin']);
  const [params, setParams] = useSearchParams();
  const status = statusFrom(params.get('status'));
  const [open, setOpen] = useState<{ payout: PayoutView; decision: PayoutDecision } | null>(null);
  const { query, items } = usePagedList([ADMIN_COMMERCE_KEY, 'payouts', status ?? ALL], (cursor) =>
    listPayouts(status, cursor),
  );
  const columns = usePayoutColumns({
    lead: (payout) => (
      <Link to={`/admin/merchants/${payout.merchantId}`} data-testid="payout-shop">
        <Typography.Text strong className="trust-text">
          {payout.shopName}
        </Typography.Text>
      </Link>
    ),
    actions: (payout) =>
      canDecide &&
      payout.status === 'requested' && (
        <Flex gap="small" wrap>
          <Button
            size="small"
            type="primary"
            onClick={() => setOpen({ payout, decision: 'approve' })}
            data-testid="payout-approve"
          >
            {t('trust.adminPayouts.approve')}
          </Button>
          <Button
            size="small"
            danger
            onClick={() => setOpen({ payout, decision: 'reject' })}
            data-testid="payout-reject"
          >
            {t('trust.adminPayouts.reject')}
          </Button>
        </Flex>
      ),
  });

  return (
    <Flex vertical gap="large">
      <Typography.Title level={2} className="page-title">
        {t('trust.adminPayouts.title')}
      </Typography.Title>
      {!canDecide && (
        <Typography.Text type="secondary" data-testid="payouts-read-only">
          {t('adminCommerce.readOnly')}
        </Typography.Text>
      )}
      <Card>
        <Select<string>
          value={status ?? ALL}
          onChange={(value) => setParams(value === 'requested' ? {} : { status: value }, { replace: true })}
          options={[
            ...STATUSES.map((value) => ({ value, label: t(`trust.payouts.status.${value}`) })),
            { value: ALL, label: t('trust.adminPayouts.all') },
          ]}
          aria-label={t('trust.adminPayouts.filter')}
          className="trust-filter"
          data-testid="payouts-status-filter"
        />
        <PagedTable<PayoutView>
          columns={columns}
          query={query}
          items={items}
          moreTestId="admin-payouts-more"
          data-testid="admin-payouts"
          locale={{ emptyText: t('trust.payouts.list.empty') }}
        />
      </Card>
      {open && (
        <PayoutDecisionModal payout={open.payout} decision={open.decision} onClose={() => setOpen(null)} />
      )}
    </Flex>
  );
}
