import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { Alert, Flex, Radio, Skeleton, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicChannelView } from '../../../../common/api/payments.js';
import { formatMoney } from '../../../../common/money.js';
import { listPublicChannels, PUBLIC_CHANNELS_KEY } from '../../api/payments.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { bpsToPercent } from '../admin/commerce/units.js';

export const WALLET = 'wallet';

/**
 * Sends the payer to the provider's checkout: the sandbox's is a page of this app, a real provider's
 * (epay, Alipay, Stripe) is another site, which the router cannot open.
 */
export function goToPayment(redirectUrl: string, navigate: (path: string) => unknown): void {
  if (redirectUrl.startsWith('/') && !redirectUrl.startsWith('//')) void navigate(redirectUrl);
  else window.location.assign(redirectUrl);
}

/** The channels checkout offers besides the wallet (the demo sandbox and the enabled channels). */
export function usePaymentChannels() {
  return useQuery({ queryKey: PUBLIC_CHANNELS_KEY, queryFn: listPublicChannels, staleTime: 60_000 });
}

/**
 * A payment's channel as the buyer knows it: the wallet and the sandbox in words, a configured channel by
 * its display name (its id while the list loads, or when the channel is no longer offered).
 */
export function useChannelName(): (provider: string) => string {
  const { t } = useTranslation();
  const channels = usePaymentChannels();
  return (provider) =>
    t(`shop.provider.${provider}`, { defaultValue: '' }) ||
    (channels.data?.items.find((channel) => channel.id === provider)?.name ?? provider);
}

/** Why a channel cannot take `amount` (its per-payment limits), or null when it can. */
function limitReason(channel: PublicChannelView, amount: number, t: TFunction): string | null {
  if (amount < channel.minAmount) {
    return t('payments.method.belowMin', { amount: formatMoney(channel.minAmount, 'CNY') });
  }
  if (amount > channel.maxAmount) {
    return t('payments.method.aboveMax', { amount: formatMoney(channel.maxAmount, 'CNY') });
  }
  return null;
}

const fits = (channel: PublicChannelView, amount: number) =>
  amount >= channel.minAmount && amount <= channel.maxAmount;

/**
 * How to pay `amount`: the wallet (when `wallet` is given: signed-in buyers only) and every channel with
 * its name and fee; a channel whose limits exclude the amount is disabled with the reason. Used as a form
 * control (`value`/`onChange`); with no usable choice selected it selects the first usable one.
 */
export function PaymentMethods({
  amount,
  wallet,
  value,
  onChange,
  testIdPrefix,
}: {
  amount: number;
  /** The wallet line's extra text (the balance); absent for guests and top-ups. */
  wallet?: ReactNode;
  value?: string;
  onChange?: (method: string) => void;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  const channels = usePaymentChannels();
  const usable = [
    ...(wallet !== undefined ? [WALLET] : []),
    ...(channels.data?.items ?? []).filter((channel) => fits(channel, amount)).map((channel) => channel.id),
  ];
  const firstUsable = usable[0];
  const isUsable = value !== undefined && usable.includes(value);
  useEffect(() => {
    if (!isUsable && firstUsable !== undefined && channels.data) onChange?.(firstUsable);
  }, [isUsable, firstUsable, channels.data, onChange]);

  if (channels.isPending) return <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  return (
    <Flex vertical gap={8}>
      {channels.isError && (
        <ProblemAlert
          error={channels.error}
          onRetry={() => void channels.refetch()}
          testId={`${testIdPrefix}-channels-problem`}
        />
      )}
      {usable.length === 0 && channels.data && (
        <Alert
          type="warning"
          showIcon
          title={t('payments.method.none')}
          data-testid={`${testIdPrefix}-no-method`}
        />
      )}
      <Radio.Group
        className="shop-pay-methods"
        value={isUsable ? value : undefined}
        onChange={(event) => onChange?.(event.target.value as string)}
        aria-label={t('payments.method.label')}
      >
        {wallet !== undefined && (
          <Radio value={WALLET} data-testid={`${testIdPrefix}-method-wallet`}>
            {t('payments.method.wallet')} {wallet}
          </Radio>
        )}
        {channels.data?.items.map((channel) => {
          const reason = limitReason(channel, amount, t);
          return (
            // The data attributes are on the label's content: antd puts a Radio's own on its hidden input.
            <Radio key={channel.id} value={channel.id} disabled={reason !== null}>
              <span
                data-testid={`${testIdPrefix}-method`}
                data-channel-id={channel.id}
                data-disabled={reason !== null}
              >
                <span className="shop-break">
                  {channel.id === 'sandbox' ? t('payments.method.sandbox') : channel.name}
                </span>{' '}
                <Typography.Text type="secondary">
                  {channel.feeBps === 0
                    ? t('payments.method.noFee')
                    : t('payments.method.fee', { percent: bpsToPercent(channel.feeBps) })}
                </Typography.Text>
                {reason && (
                  <Typography.Text
                    type="warning"
                    className="shop-pay-reason"
                    data-testid={`${testIdPrefix}-method-reason`}
                  >
                    {reason}
                  </Typography.Text>
                )}
              </span>
            </Radio>
          );
        })}
      </Radio.Group>
    </Flex>
  );
}
