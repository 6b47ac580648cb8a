import { Flex, Grid, Tag, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../../common/money.js';
import type { PayoutView } from '../../api/trust.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { payoutStatusColor } from './labels.js';

export function PayoutStatusTag({ payout }: { payout: PayoutView }) {
  const { t } = useTranslation();
  return (
    <Tag color={payoutStatusColor(payout.status)} data-testid="payout-status" data-status={payout.status}>
      {t(`trust.payouts.status.${payout.status}`)}
    </Tag>
  );
}

/** The reference of a paid payout, or the reason of a rejected one. */
function Outcome({ payout }: { payout: PayoutView }) {
  const { t } = useTranslation();
  if (payout.externalReference)
    return (
      <Typography.Text className="trust-text">
        <Typography.Text type="secondary">{t('trust.payouts.list.reference')}</Typography.Text>{' '}
        <code data-testid="payout-reference">{payout.externalReference}</code>
      </Typography.Text>
    );
  if (payout.note)
    return (
      <Typography.Text type="secondary" className="trust-text" data-testid="payout-note">
        {payout.note}
      </Typography.Text>
    );
  return null;
}

/**
 * The columns the shop's payout history and the admins' queue share: the amount (after `lead`, the shop
 * for admins), the status, the times, the reference or reason, and `actions`. On a phone everything
 * stacks in one column, the actions last, so nothing scrolls sideways.
 */
export function usePayoutColumns({
  lead,
  actions,
}: {
  lead?: (payout: PayoutView) => ReactNode;
  actions: (payout: PayoutView) => ReactNode;
}): TableColumnsType<PayoutView> {
  const { t } = useTranslation();
  const locale = currentLocale();
  const isPhone = Grid.useBreakpoint().md !== true;
  const amount = (payout: PayoutView) => (
    <Typography.Text strong className="amount" data-testid="payout-amount">
      {formatMoney(payout.amount, payout.currency)}
    </Typography.Text>
  );
  const row = (payout: PayoutView, children: ReactNode) => (
    <Flex vertical gap={4} data-testid="payout-row" data-payout-id={payout.id} data-status={payout.status}>
      {children}
    </Flex>
  );
  if (isPhone)
    return [
      {
        key: 'payout',
        title: t('trust.payouts.list.amount'),
        render: (_value, payout) =>
          row(
            payout,
            <>
              {lead?.(payout)}
              <Flex gap={8} align="center" wrap>
                {amount(payout)}
                <PayoutStatusTag payout={payout} />
              </Flex>
              <Typography.Text type="secondary">{formatDateTime(payout.requestedAt, locale)}</Typography.Text>
              <Outcome payout={payout} />
              {actions(payout)}
            </>,
          ),
      },
    ];
  return [
    ...(lead
      ? [
          {
            key: 'lead',
            title: t('trust.adminPayouts.shop'),
            render: (_v: unknown, p: PayoutView) => lead(p),
          },
        ]
      : []),
    {
      key: 'amount',
      title: t('trust.payouts.list.amount'),
      render: (_value, payout) => row(payout, amount(payout)),
    },
    {
      key: 'status',
      title: t('trust.payouts.list.status'),
      render: (_value, payout) => <PayoutStatusTag payout={payout} />,
    },
    {
      key: 'requestedAt',
      title: t('trust.payouts.list.requestedAt'),
      render: (_value, payout) => formatDateTime(payout.requestedAt, locale),
    },
    {
      key: 'decidedAt',
      title: t('trust.payouts.list.decidedAt'),
      render: (_value, payout) => formatDateTime(payout.decidedAt, locale),
    },
    {
      key: 'outcome',
      title: t('trust.payouts.list.note'),
      render: (_value, payout) => <Outcome payout={payout} />,
    },
    { key: 'actions', title: t('trust.payouts.list.actions'), render: (_value, payout) => actions(payout) },
  ];
}
