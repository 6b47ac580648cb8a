import type { z } from 'zod';
import type {
  ChannelView,
  createChannelBody,
  PaymentAlertView,
  PaymentView,
  PublicChannelView,
  updateChannelBody,
} from '../../../common/api/payments.js';
import { api, withQuery } from './client.js';

/** Payment channels (ADR 0009): the buyer's list at checkout, and the admin's channels and alerts. */

export type ChannelInput = z.input<typeof createChannelBody>;
/** Leave `credentials` out to keep the stored ones. */
export type ChannelUpdate = z.input<typeof updateChannelBody>;

/** What callbacks and reconciliation raise (common/api/payments.ts). */
export type PaymentAlert = PaymentAlertView;
export type AlertKind = PaymentAlertView['kind'];

/** Under `shop`, so an admin's change to a channel refreshes what checkout offers. */
export const PUBLIC_CHANNELS_KEY = ['shop', 'paymentChannels'] as const;

export const listPublicChannels = () =>
  api<{ items: PublicChannelView[] }>('GET', '/api/v1/payment-channels');

export const listChannels = () => api<{ items: ChannelView[] }>('GET', '/api/v1/admin/payment-channels');

export const createChannel = (body: ChannelInput) =>
  api<ChannelView>('POST', '/api/v1/admin/payment-channels', body);

export const updateChannel = (channelId: string, body: ChannelUpdate) =>
  api<ChannelView>('PUT', `/api/v1/admin/payment-channels/${encodeURIComponent(channelId)}`, body);

/** Open alerts only, or every alert (the newest 200). */
export const listPaymentAlerts = (openOnly: boolean) =>
  api<{ items: PaymentAlert[] }>(
    'GET',
    withQuery('/api/v1/admin/payment-alerts', { open: openOnly ? 'true' : 'false' }),
  );

export const resolvePaymentAlert = (alertId: string, resolution: string) =>
  api<null>('POST', `/api/v1/admin/payment-alerts/${encodeURIComponent(alertId)}/resolve`, { resolution });

export const confirmPaymentByHand = (paymentId: string, body: { providerTradeNo: string; reason: string }) =>
  api<PaymentView>('POST', `/api/v1/admin/payments/${encodeURIComponent(paymentId)}/confirm`, body);

/** The address a provider calls back on for this channel: registered in the provider's console. */
export const callbackUrlOf = (channelId: string) =>
  `${window.location.origin}/api/v1/payments/callbacks/${encodeURIComponent(channelId)}`;
