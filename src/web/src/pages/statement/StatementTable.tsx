import { Grid, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StatementLine, StatementPage } from '../../../../common/api/ledger.js';
import { formatMoney, type Currency } from '../../../../common/money.js';
import { PagedTable } from '../../components/PagedTable.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import type { usePagedList } from '../../components/usePagedList.js';
import { AmountText, KindTag } from './lineParts.js';

/** Newest first, as the API sends them; a row (or Enter on it) opens the line. */
export function StatementTable({
  query,
  lines,
  currency,
  onOpen,
}: {
  query: ReturnType<typeof usePagedList<StatementPage>>['query'];
  lines: readonly StatementLine[];
  currency: Currency;
  onOpen: (line: StatementLine) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();

  const isPhone = Grid.useBreakpoint().sm !== true;

  const time = (line: StatementLine) => <span className="nowrap">{formatDateTime(line.at, locale)}</span>;
  const reason = (line: StatementLine) => (
    <span className="statement-reason">
      <KindTag kind={line.kind} />
      <span data-testid="statement-reason">{line.reason.text}</span>
    </span>
  );
  const balanceAfter = (line: StatementLine) => (
    <span className="amount">{formatMoney(line.balanceAfter, currency)}</span>
  );

  // On a phone four columns would push the amounts out of sight: two, each with its detail below.
  const columns: TableColumnsType<StatementLine> = isPhone
    ? [
        {
          key: 'reason',
          title: t('statement.reason'),
          render: (_value, line) => (
            <>
              {reason(line)}
              <div className="line-sub">{time(line)}</div>
            </>
          ),
        },
        {
          key: 'amount',
          title: t('statement.amount'),
          align: 'right',
          render: (_value, line) => (
            <>
              <AmountText line={line} currency={currency} />
              <div className="line-sub nowrap">
                {t('statement.balanceAfter')} {balanceAfter(line)}
              </div>
            </>
          ),
        },
      ]
    : [
        { key: 'time', title: t('statement.time'), render: (_value, line) => time(line) },
        { key: 'reason', title: t('statement.reason'), render: (_value, line) => reason(line) },
        {
          key: 'amount',
          title: t('statement.amount'),
          align: 'right',
          render: (_value, line) => <AmountText line={line} currency={currency} />,
        },
        {
          key: 'balanceAfter',
          title: t('statement.balanceAfter'),
          align: 'right',
          render: (_value, line) => balanceAfter(line),
        },
      ];

  return (
    <PagedTable<StatementLine>
      // One table shows one account, in which an entry's sequence number is unique.
      rowKey={(line) => String(line.seq)}
      columns={columns}
      locale={{ emptyText: t('statement.empty') }}
      // The phone layout wraps its text to the screen instead of scrolling sideways.
      scroll={isPhone ? {} : { x: 'max-content' }}
      rowClassName="clickable-row"
      onRow={(line) => ({
        onClick: () => onOpen(line),
        onKeyDown: (event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            onOpen(line);
          }
        },
        tabIndex: 0,
      })}
      query={query}
      items={lines}
      moreTestId="statement-more"
      data-testid="statement-table"
    />
  );
}
