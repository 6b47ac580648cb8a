import { Card, Col, Row, Statistic, Table, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { KeyRejectReason, KeyUploadReport } from '../../../../common/api/catalog.js';

interface ReportRow {
  key: string;
  line: number;
  kind: 'duplicate' | 'rejected';
  problem: string;
}

/** The server gives a stable code for each rejected line; people read it in their own language. */
const REJECT_REASON_KEYS = {
  empty: 'merchant.keys.rejectReasons.empty',
  too_long: 'merchant.keys.rejectReasons.tooLong',
  control_characters: 'merchant.keys.rejectReasons.control',
} as const satisfies Record<KeyRejectReason, string>;

function rejectReasonText(reason: KeyRejectReason, t: TFunction): string {
  return t(REJECT_REASON_KEYS[reason]);
}

/** What an upload did: how many lines came, how many went into stock, and which lines did not and why. */
export function KeyUploadReportView({ report }: { report: KeyUploadReport }) {
  const { t } = useTranslation();
  const rows: ReportRow[] = [
    ...report.duplicates.map((duplicate) => ({
      key: `d${duplicate.line}`,
      line: duplicate.line,
      kind: 'duplicate' as const,
      problem: duplicate.reason === 'in_batch' ? t('merchant.keys.inBatch') : t('merchant.keys.inStock'),
    })),
    ...report.rejected.map((rejected) => ({
      key: `r${rejected.line}`,
      line: rejected.line,
      kind: 'rejected' as const,
      problem: rejectReasonText(rejected.reason, t),
    })),
  ].sort((a, b) => a.line - b.line);

  const columns: TableColumnsType<ReportRow> = [
    { key: 'line', title: t('merchant.keys.line'), dataIndex: 'line', width: 80 },
    {
      key: 'kind',
      title: t('merchant.keys.report'),
      render: (_value, row) =>
        row.kind === 'duplicate' ? t('merchant.keys.duplicates') : t('merchant.keys.rejected'),
    },
    {
      key: 'problem',
      title: t('merchant.keys.problem'),
      render: (_value, row) => <span data-testid={`report-problem-${row.kind}`}>{row.problem}</span>,
    },
  ];

  return (
    <Card size="small" title={t('merchant.keys.report')} data-testid="key-report">
      <Row gutter={[16, 16]}>
        {(
          [
            ['submitted', report.submitted],
            ['accepted', report.accepted],
            ['duplicates', report.duplicates.length],
            ['rejected', report.rejected.length],
          ] as const
        ).map(([name, value]) => (
          <Col key={name} xs={12} sm={6}>
            <Statistic
              title={t(`merchant.keys.${name}`)}
              formatter={() => <span data-testid={`report-${name}`}>{value}</span>}
            />
          </Col>
        ))}
      </Row>
      {rows.length > 0 && (
        <Table<ReportRow>
          size="small"
          rowKey="key"
          columns={columns}
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 'max-content' }}
          data-testid="key-report-lines"
        />
      )}
    </Card>
  );
}
