import { DownloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, DatePicker, Flex, Select, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiDownload } from '../../api/client.js';
import { statementExportPath, type StatementFilters } from '../../api/endpoints.js';
import { toProblem } from '../../api/problem.js';
import { saveBlob } from '../../download.js';

/** The cause types the ledger uses now and the ones planned; a type not listed shows as its code. */
export const CAUSE_TYPES = [
  'topup',
  'order',
  'refund',
  'membership',
  'adjustment',
  'payment',
  'ticket',
  'promotion',
  'expiry',
] as const;

type RangeChange = NonNullable<Parameters<typeof DatePicker.RangePicker>[0]['onChange']>;

/**
 * Date range and cause type, and the export of everything they select. Dates are whole days in the
 * reader's time zone: from the start of the first to the start of the day after the last (the API's
 * `to` is exclusive).
 */
export function StatementFilterBar({
  filters,
  onChange,
}: {
  filters: StatementFilters;
  onChange: (change: Partial<StatementFilters>) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const exportStatement = useMutation({
    mutationFn: async (format: 'csv' | 'json') => {
      const { blob, filename } = await apiDownload(statementExportPath(filters, format));
      saveBlob(blob, filename ?? `kameng-statement-${filters.currency}.${format}`);
    },
    onError: (error) => void message.error(toProblem(error, t('errors.loadFailed')).detail),
  });

  const changeRange: RangeChange = (dates) => {
    const [start, end] = dates ?? [null, null];
    onChange({
      from: start ? start.startOf('day').toISOString() : null,
      to: end ? end.add(1, 'day').startOf('day').toISOString() : null,
    });
  };

  return (
    <Flex wrap gap="small" justify="space-between" className="statement-filters">
      <Flex wrap gap="small">
        <DatePicker.RangePicker
          placeholder={[t('statement.rangeStart'), t('statement.rangeEnd')]}
          onChange={changeRange}
          allowEmpty={[true, true]}
          className="statement-range"
          classNames={{ popup: { root: 'statement-range-popup' } }}
        />
        <Select
          aria-label={t('statement.cause')}
          allowClear
          placeholder={t('statement.allCauses')}
          value={filters.cause}
          onChange={(cause?: string) => onChange({ cause: cause ?? null })}
          options={CAUSE_TYPES.map((type) => ({ value: type, label: t(`causes.${type}`) }))}
          className="statement-cause"
          data-testid="statement-cause"
        />
      </Flex>
      <Tooltip title={t('statement.exportHint')}>
        <Flex gap="small">
          {(['csv', 'json'] as const).map((format) => (
            <Button
              key={format}
              icon={<DownloadOutlined />}
              loading={exportStatement.isPending && exportStatement.variables === format}
              onClick={() => exportStatement.mutate(format)}
              data-testid={`statement-export-${format}`}
            >
              {format === 'csv' ? t('statement.exportCsv') : t('statement.exportJson')}
            </Button>
          ))}
        </Flex>
      </Tooltip>
    </Flex>
  );
}
