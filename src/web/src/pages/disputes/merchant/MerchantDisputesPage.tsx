import { Button, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  DISPUTES_KEY,
  listShopDisputes,
  type DisputeStatusName,
  type DisputeView,
} from '../../../api/disputes.js';
import { PagedTable } from '../../../components/PagedTable.js';
import { usePagedList } from '../../../components/usePagedList.js';
import { MerchantConsole } from '../../merchant/MerchantConsole.js';
import { MERCHANT_KEY } from '../../merchant/shopQuery.js';
import { DisputeDeadline } from '../DisputeDeadline.js';
import { useDisputeColumns } from '../disputeColumns.js';
import { MERCHANT_URGENT_MS } from '../labels.js';
import { MerchantDisputeDrawer } from './MerchantDisputeDrawer.js';
import '../disputes.css';

// 待处理 first: the shop's 24 h run there; then the states a dispute passes through, then every one.
const TABS = [
  'awaiting_merchant',
  'awaiting_buyer',
  'escalated',
  'resolved',
  'appealed',
  'final',
  'withdrawn',
  'all',
] as const;
type Tab = (typeof TABS)[number];
const isTab = (value: string | null): value is Tab => (TABS as readonly (string | null)[]).includes(value);

/** `/merchant/disputes` (售后): the shop's disputes by status; `?dispute=` opens one. */
export function MerchantDisputesPage() {
  const { t } = useTranslation();
  return (
    <MerchantConsole section="disputes" title={t('disputes.merchant.title')}>
      {() => <DisputesByStatus />}
    </MerchantConsole>
  );
}

function DisputesByStatus() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('status');
  const tab: Tab = isTab(requested) ? requested : 'awaiting_merchant';
  const status: DisputeStatusName | null = tab === 'all' ? null : tab;
  const open = params.get('dispute');
  const { query, items } = usePagedList([MERCHANT_KEY, DISPUTES_KEY, 'list', tab], (cursor) =>
    listShopDisputes(status, cursor),
  );
  const show = (next: { status?: string; dispute?: string | null }) => {
    const values: Record<string, string> = { status: next.status ?? tab };
    if (next.dispute) values.dispute = next.dispute;
    setParams(values, { replace: true });
  };

  const { columns } = useDisputeColumns({
    title: (dispute) => (
      <Typography.Text strong className="dispute-text">
        {dispute.orderTitle}
      </Typography.Text>
    ),
    deadline: (dispute) => <DisputeDeadline dispute={dispute} urgentMs={MERCHANT_URGENT_MS} />,
    testId: 'dispute-row',
  });
  // The button stays on a phone too: it is how the row opens.
  columns.push({
    key: 'actions',
    title: t('disputes.list.actions'),
    render: (_value, dispute) => (
      <Button
        size="small"
        type={dispute.status === 'awaiting_merchant' ? 'primary' : 'default'}
        onClick={() => show({ dispute: dispute.id })}
        data-testid="dispute-row-open"
      >
        {dispute.status === 'awaiting_merchant' ? t('disputes.list.handle') : t('disputes.list.view')}
      </Button>
    ),
  });

  return (
    <>
      <Tabs
        activeKey={tab}
        onChange={(key) => show({ status: key })}
        items={TABS.map((key) => ({
          key,
          label: (
            <span data-testid={`disputes-tab-${key}`}>
              {key === 'all' ? t('disputes.list.all') : t(`disputes.status.${key}`)}
            </span>
          ),
        }))}
      />
      <PagedTable<DisputeView>
        columns={columns}
        query={query}
        items={items}
        moreTestId="disputes-more"
        data-testid="merchant-disputes"
        locale={{ emptyText: t('disputes.list.empty') }}
      />
      {open && <MerchantDisputeDrawer disputeId={open} onClose={() => show({ dispute: null })} />}
    </>
  );
}
