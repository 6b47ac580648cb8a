import { Card, Flex, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { listAuditLog, type AuditRecord } from '../../api/endpoints.js';
import { PagedTable } from '../../components/PagedTable.js';
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
        <PagedTable<AuditRecord>
          columns={columns}
          expandable={{
            rowExpandable: (record) => Object.keys(record.details).length > 0,
            expandedRowRender: (record) => (
              <pre className="audit-details" aria-label={t('auditLog.details')}>
                {JSON.stringify(record.details, null, 2)}
              </pre>
            ),
          }}
          query={query}
          items={items}
          moreTestId="audit-log-more"
        />
      </Card>
    </Flex>
  );
}
