import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Empty, Flex, Skeleton, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelView } from '../../../../../common/api/payments.js';
import { formatMoney } from '../../../../../common/money.js';
import { callbackUrlOf, listChannels, updateChannel } from '../../../api/payments.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { hasAnyRole, useMe } from '../../../session/session.js';
import { ADMIN_COMMERCE_KEY, useConsoleChange } from '../commerce/shared.js';
import { bpsToPercent } from '../commerce/units.js';
import { ChannelModal } from './ChannelModal.js';

export const CHANNELS_KEY = [ADMIN_COMMERCE_KEY, 'paymentChannels'] as const;

/** Enables or disables a channel: the same full update as the form, keeping the stored keys. */
function EnabledSwitch({ channel, canChange }: { channel: ChannelView; canChange: boolean }) {
  const { t } = useTranslation();
  const { mutation, problem } = useConsoleChange(
    (enabled: boolean) =>
      updateChannel(channel.id, {
        name: channel.name,
        enabled,
        feeBps: channel.feeBps,
        minAmount: channel.minAmount,
        maxAmount: channel.maxAmount,
        settings: channel.settings,
      }),
    () => undefined,
    t('payments.channels.toggled'),
  );
  return (
    <Flex vertical align="end" gap={4}>
      <Switch
        checked={channel.enabled}
        disabled={!canChange}
        loading={mutation.isPending}
        onChange={(enabled) => mutation.mutate(enabled)}
        aria-label={t('payments.channels.enable')}
        data-testid="channel-toggle"
      />
      {problem && <ProblemAlert error={problem} testId="channel-toggle-error" />}
    </Flex>
  );
}

/** A setting as one short line: public keys are long, and their start is enough to recognise them. */
function settingText(value: unknown): string {
  const text = Array.isArray(value)
    ? value.join(', ')
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);
  const line = text.replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 40)}…` : line;
}

function ChannelCard({
  channel,
  canChange,
  onEdit,
}: {
  channel: ChannelView;
  canChange: boolean;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const settings = Object.entries(channel.settings);
  return (
    <Card
      size="small"
      data-testid="channel-card"
      data-channel-id={channel.id}
      title={
        <Flex gap={8} wrap align="center" className="payment-card-title">
          <span data-testid="channel-name-text">{channel.name}</span>
          <Tag color={channel.enabled ? 'green' : 'default'} data-testid="channel-status">
            {t(channel.enabled ? 'payments.channels.enabled' : 'payments.channels.disabled')}
          </Tag>
        </Flex>
      }
      extra={<EnabledSwitch channel={channel} canChange={canChange} />}
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
        <Descriptions.Item label={t('payments.channels.kind')}>
          {t(`payments.kinds.${channel.kind}.name`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('payments.channels.fee')}>
          <span data-testid="channel-fee-text">{bpsToPercent(channel.feeBps)}%</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('payments.channels.limits')}>
          <span data-testid="channel-limits">
            {t('payments.channels.limitsValue', {
              min: formatMoney(channel.minAmount, 'CNY'),
              max: formatMoney(channel.maxAmount, 'CNY'),
            })}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('payments.channels.credentials')}>
          <span data-testid="channel-credentials" data-set={channel.credentialsSet}>
            {t(
              channel.credentialsSet
                ? 'payments.channels.credentialsSet'
                : 'payments.channels.credentialsMissing',
            )}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('payments.channels.settings')} span={{ xs: 1, sm: 2, lg: 2 }}>
          <span className="admin-commerce-wrap">
            {settings.length === 0
              ? t('payments.channels.noSettings')
              : settings.map(([key, value]) => `${key}: ${settingText(value)}`).join(' · ')}
          </span>
        </Descriptions.Item>
      </Descriptions>
      <Flex vertical gap={4} className="payment-callback">
        <Typography.Text strong>{t('payments.channels.callbackUrl')}</Typography.Text>
        <Typography.Text code copyable className="break-anywhere" data-testid="channel-callback-url">
          {callbackUrlOf(channel.id)}
        </Typography.Text>
        <Typography.Text type="secondary">{t('payments.channels.callbackHint')}</Typography.Text>
      </Flex>
      {canChange && (
        <Button size="small" onClick={onEdit} data-testid="channel-edit" className="payment-card-action">
          {t('payments.channels.edit')}
        </Button>
      )}
    </Card>
  );
}

/**
 * `/admin/payment-channels` (支付通道): every configured channel with its fee, limits, whether its keys
 * are set, and the callback URL to register at the provider. Admins add, edit, enable and disable;
 * auditors only read.
 */
export function PaymentChannelsPage() {
  const { t } = useTranslation();
  const canChange = hasAnyRole(useMe().data, ['admin']);
  const channels = useQuery({ queryKey: CHANNELS_KEY, queryFn: listChannels });
  const [editing, setEditing] = useState<{ channel: ChannelView | null } | null>(null);

  return (
    <Flex vertical gap="large">
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Title level={2} className="page-title">
          {t('payments.channels.title')}
        </Typography.Title>
        {canChange && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ channel: null })}
            data-testid="channel-add"
          >
            {t('payments.channels.add')}
          </Button>
        )}
      </Flex>
      <Typography.Paragraph type="secondary">{t('payments.channels.intro')}</Typography.Paragraph>
      {!canChange && <Typography.Text type="secondary">{t('adminCommerce.readOnly')}</Typography.Text>}
      {channels.isError && <ProblemAlert error={channels.error} onRetry={() => void channels.refetch()} />}
      {channels.isPending && <Skeleton active />}
      {channels.data?.items.length === 0 && (
        <Empty description={t('payments.channels.empty')} data-testid="channels-empty" />
      )}
      <Flex vertical gap="middle" data-testid="channels">
        {channels.data?.items.map((channel) => (
          <ChannelCard
            key={channel.id}
            channel={channel}
            canChange={canChange}
            onEdit={() => setEditing({ channel })}
          />
        ))}
      </Flex>
      {editing && <ChannelModal channel={editing.channel} onClose={() => setEditing(null)} />}
    </Flex>
  );
}
