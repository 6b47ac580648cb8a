import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Flex, Spin, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { listMerchantHistory } from '../../../api/adminCommerce.js';
import type { AuditRecord } from '../../../api/endpoints.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { formatDateTime } from '../../../format.js';
import { currentLocale } from '../../../i18n/i18n.js';
import { ADMIN_COMMERCE_KEY } from './shared.js';

const HISTORY_ACTIONS = ['approve', 'reject', 'suspend', 'reinstate', 'sanction'] as const;

function historyAction(record: AuditRecord): (typeof HISTORY_ACTIONS)[number] | 'other' {
  return HISTORY_ACTIONS.find((action) => record.action === `merchant.${action}`) ?? 'other';
}

/** The words that came with a decision: an admin's reason or note, or why a sanction changed. */
function historyText(record: AuditRecord): string {
  const { note, reason, why } = record.details;
  for (const text of [reason, note, why]) if (typeof text === 'string' && text) return text;
  return '';
}

/** Audited decisions about one shop (review, suspension, sanctions), newest first. */
export function MerchantHistoryCard({ merchantId }: { merchantId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const history = useQuery({
    queryKey: [ADMIN_COMMERCE_KEY, 'merchant-history', merchantId],
    queryFn: () => listMerchantHistory(merchantId),
  });
  return (
    <Card title={t('adminCommerce.merchant.history')} data-testid="merchant-history">
      {history.isError && <ProblemAlert error={history.error} onRetry={() => void history.refetch()} />}
      {history.isPending && <Spin />}
      {history.data?.items.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('adminCommerce.merchant.noHistory')} />
      )}
      {history.data && history.data.items.length > 0 && (
        <Timeline
          items={history.data.items.map((record) => ({
            key: record.id,
            content: (
              <Flex vertical data-testid="merchant-history-entry">
                <Typography.Text strong>
                  {t(`adminCommerce.merchant.historyActions.${historyAction(record)}`)}
                </Typography.Text>
                {historyText(record) && (
                  <Typography.Text className="admin-commerce-prewrap">{historyText(record)}</Typography.Text>
                )}
                <Typography.Text type="secondary">
                  {t('adminCommerce.merchant.historyBy', {
                    by: record.actor.id,
                    at: formatDateTime(record.at, locale),
                  })}
                </Typography.Text>
              </Flex>
            ),
          }))}
        />
      )}
    </Card>
  );
}
