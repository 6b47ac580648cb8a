import { Card, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { listAuditLog, type AuditRecord } from '../../api/endpoints.js';
import { LoadMore } from '../../components/LoadMore.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { usePagedList } from '../../components/usePagedList.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';

export function AuditLogPage() {
  const { t } = useTranslation();
  const { query, items } = usePagedList(['admin', 'audit-log'], listAuditLog);
  const locale = currentLocale();

  const columns: TableColumnsType<AuditRecord> = [
    { key: 'at', title: t('auditLog.time'), render: (_value, record) => formatDateTime(record.at, locale) },
    {
      key: 'actor',
      title: t('auditLog.actor'),
      render: (_value, record) =>
        record.actor.type === 'system' ? <Tag>{t('auditLog.system')}</Tag> : <code>{record.actor.id}</code>,
    },
    {
      key: 'action',
      title: t('auditLog.action'),
      // Actions are stable codes; known ones read in the UI language, new ones show as their code.
      render: (_value, record) => (
        <Tag color="blue" title={record.action}>
          {t(`auditLog.actions.${record.action.replaceAll('.', '_')}`, { defaultValue: record.action })}
        </Tag>
      ),
    },
    {
      key: 'target',
      title: t('auditLog.target'),
      render: (_value, record) => (
        <code>{record.target.id ? `${record.target.type}:${record.target.id}` : record.target.type}</code>
      ),
    },
    { key: 'ip', title: t('auditLog.ip'), render: (_value, record) => record.ip ?? t('common.none') },
    { key: 'summary', title: t('auditLog.summary'), dataIndex: 'summary' },
  ];

  return (
    <Flex vertical gap="large">
      <Typography.Title level={2} className="page-title">
        {t('auditLog.title')}
      </Typography.Title>
      <Card data-testid="audit-log">
        {query.isError && <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />}
        <Table<AuditRecord>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={query.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          expandable={{
            rowExpandable: (record) => Object.keys(record.details).length > 0,
            expandedRowRender: (record) => (
              <pre className="audit-details" aria-label={t('auditLog.details')}>
                {JSON.stringify(record.details, null, 2)}
              </pre>
            ),
          }}
        />
        <LoadMore
          hasMore={query.hasNextPage}
          loading={query.isFetchingNextPage}
          onLoad={() => void query.fetchNextPage()}
          testId="audit-log-more"
        />
      </Card>
    </Flex>
  );
}
