import { Descriptions, Drawer, Grid, Typography, type DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StatementLine } from '../../../../common/api/ledger.js';
import { formatMoney, type Currency } from '../../../../common/money.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { AmountText, CauseLabel, KindTag } from './lineParts.js';

/** Everything the statement knows about one line, opened from the chart or the table. */
export function LineDetailDrawer({
  line,
  currency,
  onClose,
}: {
  line: StatementLine | null;
  currency: Currency;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const locale = currentLocale();

  const items: DescriptionsProps['items'] = line
    ? [
        { key: 'time', label: t('lineDetail.time'), children: formatDateTime(line.at, locale) },
        { key: 'kind', label: t('lineDetail.kind'), children: <KindTag kind={line.kind} always /> },
        {
          key: 'amount',
          label: t('lineDetail.amount'),
          children: <AmountText line={line} currency={currency} />,
        },
        {
          key: 'balanceAfter',
          label: t('lineDetail.balanceAfter'),
          children: formatMoney(line.balanceAfter, currency),
        },
        {
          key: 'heldAfter',
          label: t('lineDetail.heldAfter'),
          children: formatMoney(line.heldAfter, currency),
        },
        {
          key: 'availableAfter',
          label: t('lineDetail.availableAfter'),
          children: formatMoney(line.availableAfter, currency),
        },
        {
          key: 'reason',
          label: t('lineDetail.reason'),
          children: <span data-testid="line-detail-reason">{line.reason.text}</span>,
        },
        {
          key: 'cause',
          label: t('lineDetail.cause'),
          children: (
            <span className="break-anywhere">
              <CauseLabel type={line.cause.type} /> <Typography.Text code>{line.cause.id}</Typography.Text>
            </span>
          ),
        },
        {
          key: 'transfer',
          label: t('lineDetail.transfer'),
          children: (
            <Typography.Text code copyable className="break-anywhere" data-testid="line-detail-transfer">
              {line.transferId}
            </Typography.Text>
          ),
        },
        { key: 'seq', label: t('lineDetail.seq'), children: line.seq },
      ]
    : [];

  return (
    <Drawer
      title={t('lineDetail.title')}
      open={line !== null}
      onClose={onClose}
      size={screens.sm ? 440 : '100%'}
      data-testid="line-detail"
    >
      <Descriptions column={1} size="small" bordered items={items} />
    </Drawer>
  );
}
