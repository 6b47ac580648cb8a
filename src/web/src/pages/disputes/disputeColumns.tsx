import { Flex, Grid, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../../common/money.js';
import type { DisputeView } from '../../api/disputes.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { DisputeStatusTag } from './DisputeFacts.js';

/**
 * The columns the shop's 售后 list and support's queue share: the order (its title as `title` renders
 * it, the reason and the amount), the status, the deadline as `deadline` renders it, the opening time.
 * On a phone only the order column is kept, with the status and the deadline under it.
 */
export function useDisputeColumns({
  title,
  deadline,
  testId,
}: {
  title: (dispute: DisputeView) => ReactNode;
  deadline: (dispute: DisputeView) => ReactNode;
  testId: string;
}): { columns: TableColumnsType<DisputeView>; isPhone: boolean } {
  const { t } = useTranslation();
  const locale = currentLocale();
  const isPhone = Grid.useBreakpoint().md !== true;
  const order: TableColumnsType<DisputeView>[number] = {
    key: 'order',
    title: t('disputes.list.order'),
    render: (_value, dispute) => (
      <Flex vertical gap={2} data-testid={testId} data-dispute-id={dispute.id} data-status={dispute.status}>
        {title(dispute)}
        <Typography.Text type="secondary">
          {t(`disputes.reason.${dispute.reason}`)} · {formatMoney(dispute.requestedAmount, 'CNY')}
        </Typography.Text>
        {isPhone && (
          <Flex gap={8} wrap align="center">
            <DisputeStatusTag dispute={dispute} />
            {deadline(dispute)}
          </Flex>
        )}
      </Flex>
    ),
  };
  if (isPhone) return { columns: [order], isPhone };
  return {
    isPhone,
    columns: [
      order,
      {
        key: 'status',
        title: t('disputes.list.status'),
        render: (_value, dispute) => <DisputeStatusTag dispute={dispute} />,
      },
      { key: 'deadline', title: t('disputes.list.deadline'), render: (_value, dispute) => deadline(dispute) },
      {
        key: 'openedAt',
        title: t('disputes.list.openedAt'),
        render: (_value, dispute) => formatDateTime(dispute.openedAt, locale),
      },
    ],
  };
}
