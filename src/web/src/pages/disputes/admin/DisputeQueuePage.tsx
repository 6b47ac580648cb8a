import { Button, Card, Flex, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DISPUTES_KEY, listDisputeQueue, type DisputeView, type StaffQueue } from '../../../api/disputes.js';
import { PagedTable } from '../../../components/PagedTable.js';
import { useNow } from '../../../components/countdown.js';
import { usePagedList } from '../../../components/usePagedList.js';
import { formatDateTime } from '../../../format.js';
import { currentLocale } from '../../../i18n/i18n.js';
import { DisputeDeadline } from '../DisputeDeadline.js';
import { useDisputeColumns } from '../disputeColumns.js';
import { currentDeadline } from '../labels.js';
import '../disputes.css';

const QUEUES: readonly StaffQueue[] = [
  'escalated',
  'appealed',
  'awaiting_merchant',
  'awaiting_buyer',
  'closed',
];
const queueFrom = (value: string | null): StaffQueue =>
  QUEUES.find((queue) => queue === value) ?? 'escalated';

/** `/admin/disputes`: support's queue, soonest deadline first (the server's order); overdue rows in red. */
export function DisputeQueuePage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const now = useNow(30_000);
  const [params, setParams] = useSearchParams();
  const queue = queueFrom(params.get('queue'));
  // One page: the queue is the next 100 by deadline, which is the work to do now.
  const { query, items } = usePagedList([DISPUTES_KEY, 'queue', queue], () => listDisputeQueue(queue), {
    refetchInterval: 60_000,
  });
  const isOverdue = (dispute: DisputeView) => {
    const deadline = currentDeadline(dispute);
    return deadline !== null && new Date(deadline.at).getTime() < now;
  };
  const deadlineCell = (dispute: DisputeView) =>
    currentDeadline(dispute) ? (
      <DisputeDeadline dispute={dispute} />
    ) : (
      <Typography.Text type="secondary">{formatDateTime(dispute.decidedAt, locale)}</Typography.Text>
    );

  const { columns, isPhone } = useDisputeColumns({
    title: (dispute) => (
      <Link to={`/admin/disputes/${dispute.id}`} data-testid="queue-open">
        <Typography.Text strong className="dispute-text">
          {dispute.orderTitle}
        </Typography.Text>
      </Link>
    ),
    deadline: deadlineCell,
    testId: 'queue-row',
  });
  if (!isPhone)
    columns.push({
      key: 'actions',
      title: t('disputes.list.actions'),
      render: (_value, dispute) => (
        <Link to={`/admin/disputes/${dispute.id}`}>
          <Button size="small" type={queue === 'closed' ? 'default' : 'primary'}>
            {queue === 'escalated' || queue === 'appealed'
              ? t('disputes.admin.decide')
              : t('disputes.list.view')}
          </Button>
        </Link>
      ),
    });

  return (
    <Flex vertical gap="large">
      <Typography.Title level={2} className="page-title">
        {t('disputes.admin.queueTitle')}
      </Typography.Title>
      <Card>
        <Select<StaffQueue>
          value={queue}
          onChange={(value) => setParams(value === 'escalated' ? {} : { queue: value }, { replace: true })}
          options={QUEUES.map((value) => ({ value, label: t(`disputes.admin.queues.${value}`) }))}
          aria-label={t('disputes.admin.queueFilter')}
          className="dispute-queue-filter"
          data-testid="dispute-queue-filter"
        />
        <PagedTable<DisputeView>
          columns={columns}
          query={query}
          items={items}
          moreTestId="dispute-queue-more"
          data-testid="dispute-queue"
          rowClassName={(dispute) => (isOverdue(dispute) ? 'dispute-row-overdue' : '')}
          locale={{ emptyText: t('disputes.list.empty') }}
        />
      </Card>
    </Flex>
  );
}
