import { useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Descriptions, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listChannels, listPaymentAlerts, type PaymentAlert } from '../../../api/payments.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { formatDateTime } from '../../../format.js';
import { currentLocale } from '../../../i18n/i18n.js';
import { hasAnyRole, useMe } from '../../../session/session.js';
import { ADMIN_COMMERCE_KEY } from '../commerce/shared.js';
import { ConfirmPaymentCard } from './ConfirmPaymentCard.js';
import { CHANNELS_KEY } from './PaymentChannelsPage.js';
import { ResolveAlertModal } from './ResolveAlertModal.js';

const KNOWN_KINDS = [
  'callback_denied_by_query',
  'paid_at_provider_only',
  'succeeded_here_only',
  'refund_failed',
] as const;
type KnownKind = (typeof KNOWN_KINDS)[number];
const isKnownKind = (kind: string): kind is KnownKind => (KNOWN_KINDS as readonly string[]).includes(kind);

function AlertCard({
  alert,
  channelName,
  canChange,
  onResolve,
  onConfirm,
}: {
  alert: PaymentAlert;
  /** The channel's display name, when it is a configured channel. */
  channelName: string | undefined;
  canChange: boolean;
  onResolve: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const isOpen = alert.resolvedAt === null;
  const kind = isKnownKind(alert.kind) ? alert.kind : null;
  return (
    <Card
      size="small"
      data-testid="alert-card"
      data-alert-id={alert.id}
      data-kind={alert.kind}
      data-open={isOpen}
      title={
        <Flex gap={8} wrap align="center" className="payment-card-title">
          <Tag color={isOpen ? 'red' : 'default'}>
            {t(isOpen ? 'payments.alerts.open' : 'payments.alerts.resolved')}
          </Tag>
          <span data-testid="alert-kind">{kind ? t(`payments.alerts.kinds.${kind}`) : alert.kind}</span>
        </Flex>
      }
    >
      {kind && (
        <Typography.Paragraph type="secondary">{t(`payments.alerts.hints.${kind}`)}</Typography.Paragraph>
      )}
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('payments.alerts.raisedAt')}>
          {formatDateTime(alert.raisedAt, locale)}
        </Descriptions.Item>
        <Descriptions.Item label={t('payments.alerts.channel')}>
          <span className="break-anywhere" data-testid="alert-channel">
            {channelName ? `${channelName} (${alert.provider})` : alert.provider}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('payments.alerts.payment')}>
          {alert.paymentId ? (
            <Typography.Text copyable className="break-anywhere" data-testid="alert-payment-id">
              {alert.paymentId}
            </Typography.Text>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        {!isOpen && (
          <Descriptions.Item label={t('payments.alerts.resolvedAt')}>
            {formatDateTime(alert.resolvedAt, locale)}
          </Descriptions.Item>
        )}
        {!isOpen && (
          <Descriptions.Item label={t('payments.alerts.resolution')} span={{ xs: 1, sm: 2 }}>
            <span className="admin-commerce-prewrap">{alert.resolution}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
      <details className="payment-alert-details">
        <summary>{t('payments.alerts.details')}</summary>
        <pre data-testid="alert-detail">{JSON.stringify(alert.detail, null, 2)}</pre>
      </details>
      {canChange && isOpen && (
        <Flex gap={8} wrap className="payment-card-action">
          <Button size="small" type="primary" onClick={onResolve} data-testid="alert-resolve">
            {t('payments.alerts.resolve')}
          </Button>
          {alert.paymentId && alert.kind === 'paid_at_provider_only' && (
            <Button size="small" href="#confirm-payment" onClick={onConfirm} data-testid="alert-confirm">
              {t('payments.alerts.confirmThis')}
            </Button>
          )}
        </Flex>
      )}
    </Card>
  );
}

/**
 * `/admin/payment-alerts` (支付告警): open alerts first, each in words with its details, closed with a
 * note; and 手动确认收款 below, for a payment checked by hand at the provider. Auditors only read.
 */
export function PaymentAlertsPage() {
  const { t } = useTranslation();
  const canChange = hasAnyRole(useMe().data, ['admin']);
  const [showResolved, setShowResolved] = useState(false);
  const [resolving, setResolving] = useState<PaymentAlert | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const alerts = useQuery({
    queryKey: [ADMIN_COMMERCE_KEY, 'paymentAlerts', showResolved],
    queryFn: () => listPaymentAlerts(!showResolved),
  });
  const channels = useQuery({ queryKey: CHANNELS_KEY, queryFn: listChannels });
  const nameOf = (provider: string) => channels.data?.items.find((channel) => channel.id === provider)?.name;
  // Open first, each group newest first (the server's order).
  const items = [...(alerts.data?.items ?? [])].sort(
    (a, b) => Number(a.resolvedAt !== null) - Number(b.resolvedAt !== null),
  );

  return (
    <Flex vertical gap="large">
      <Typography.Title level={2} className="page-title">
        {t('payments.alerts.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('payments.alerts.intro')}</Typography.Paragraph>
      <Checkbox
        checked={showResolved}
        onChange={(event) => setShowResolved(event.target.checked)}
        data-testid="alerts-show-resolved"
      >
        {t('payments.alerts.showResolved')}
      </Checkbox>
      {alerts.isError && <ProblemAlert error={alerts.error} onRetry={() => void alerts.refetch()} />}
      {alerts.isPending && <Skeleton active />}
      {alerts.data && items.length === 0 && (
        <Empty
          description={t(showResolved ? 'payments.alerts.emptyAll' : 'payments.alerts.empty')}
          data-testid="alerts-empty"
        />
      )}
      <Flex vertical gap="middle" data-testid="alerts">
        {items.map((alert) => (
          <AlertCard
            key={alert.id}
            alert={alert}
            channelName={nameOf(alert.provider)}
            canChange={canChange}
            onResolve={() => setResolving(alert)}
            onConfirm={() => setConfirming(alert.paymentId)}
          />
        ))}
      </Flex>
      {canChange && <ConfirmPaymentCard paymentId={confirming} />}
      {resolving && <ResolveAlertModal alert={resolving} onClose={() => setResolving(null)} />}
    </Flex>
  );
}
