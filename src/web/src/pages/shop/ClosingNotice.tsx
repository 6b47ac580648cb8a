import { Alert, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ClosingNotice as Notice } from '../../api/trust.js';
import { useNow } from '../../components/countdown.js';
import { formatDate } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { hasStoppedSelling } from '../trust/labels.js';
import '../trust/trust.css';

/**
 * 停业公告 (电子商务法 Art 16) on the shop page: the day the shop stops selling, why, and what still
 * protects a buyer who paid. Above everything else, so nobody buys without seeing it.
 */
export function ClosingNotice({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const now = useNow(60_000);
  const date = formatDate(notice.closesAt, locale);
  const stopped = hasStoppedSelling(notice.closesAt, now);
  return (
    <Alert
      type={stopped ? 'error' : 'warning'}
      showIcon
      data-testid="shop-closing"
      data-stopped={stopped}
      title={
        <Typography.Text strong data-testid="shop-closing-date">
          {stopped ? t('trust.shopClosing.stopped', { date }) : t('trust.shopClosing.selling', { date })}
        </Typography.Text>
      }
      description={
        <Flex vertical gap={4}>
          {notice.reason && (
            <Typography.Text className="trust-text" data-testid="shop-closing-reason">
              {t('trust.shopClosing.reason', { reason: notice.reason })}
            </Typography.Text>
          )}
          <Typography.Text>{t('trust.shopClosing.protection')}</Typography.Text>
          <Typography.Text type="secondary">
            {t('trust.shopClosing.announcedAt', { date: formatDate(notice.announcedAt, locale) })}
          </Typography.Text>
        </Flex>
      }
    />
  );
}
