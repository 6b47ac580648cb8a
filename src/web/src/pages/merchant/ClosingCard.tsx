import { Alert, Button, Card, Descriptions, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyShopView } from '../../../../common/api/merchants.js';
import { useNow } from '../../components/countdown.js';
import { formatDate, formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { hasStoppedSelling } from '../trust/labels.js';
import { ClosingModal } from './ClosingModal.js';
import '../trust/trust.css';

/**
 * 停业 on the dashboard: before a notice, what closing means and the button to announce it; after, the
 * notice as the shop page shows it, the date selling stops, and what is left to do.
 */
export function ClosingCard({ shop }: { shop: MyShopView }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const now = useNow(60_000);
  const [isAnnouncing, setAnnouncing] = useState(false);
  const notice = shop.closing;

  if (!notice)
    return (
      <Card title={t('trust.closing.title')} size="small" data-testid="merchant-closing">
        <Typography.Paragraph type="secondary" className="page-intro">
          {t('trust.closing.intro')}
        </Typography.Paragraph>
        <Button danger onClick={() => setAnnouncing(true)} data-testid="closing-open">
          {t('trust.closing.announce')}
        </Button>
        {isAnnouncing && <ClosingModal onClose={() => setAnnouncing(false)} />}
      </Card>
    );

  const date = formatDate(notice.closesAt, locale);
  const state =
    shop.status === 'closed' ? 'closed' : hasStoppedSelling(notice.closesAt, now) ? 'stopped' : 'selling';
  return (
    <Card
      title={t('trust.closing.noticeTitle')}
      size="small"
      data-testid="merchant-closing"
      data-state={state}
    >
      <Alert
        type={state === 'selling' ? 'warning' : 'info'}
        showIcon
        className="form-alert"
        data-testid="merchant-closing-state"
        title={t(`trust.closing.${state}`, { date })}
      />
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: 'announcedAt',
            label: t('trust.closing.announcedAt'),
            children: formatDateTime(notice.announcedAt, locale),
          },
          {
            key: 'closesAt',
            label: t('trust.closing.closesAt'),
            children: (
              <span data-testid="merchant-closing-date">{formatDateTime(notice.closesAt, locale)}</span>
            ),
          },
          {
            key: 'reason',
            label: t('trust.closing.reasonLabel'),
            children: <span className="trust-text">{notice.reason ?? t('common.none')}</span>,
          },
        ]}
      />
    </Card>
  );
}
