import { z } from 'zod';
import { timestampSchema } from './accounts.js';

/** Request and response shapes of payments: top-ups, payment status, the sandbox checkout page. */
/** A provider channel: the built-in `sandbox`, or a configured channel's id (ADR 0009). */
export const paymentProviderSchema = z.string().regex(/^(sandbox|pch_[0-9A-Z]{26})$/, 'a payment channel');
export const paymentStatusSchema = z.enum(['pending', 'succeeded', 'failed', 'expired']);

export const topupBody = z.strictObject({
  amount: z.number().int().min(1).max(100_000_000),
  provider: paymentProviderSchema.default('sandbox'),
});

export const checkoutStarted = z.object({
  paymentId: z.string(),
  /** Where to send the payer: the provider's checkout page. */
  redirectUrl: z.string(),
});

export const paymentView = z.object({
  id: z.string(),
  purpose: z.enum(['order', 'topup', 'deposit']),
  purposeId: z.string(),
  provider: z.string(),
  amount: z.number().int(),
  currency: z.enum(['CNY', 'ZUAN']),
  status: paymentStatusSchema,
  createdAt: timestampSchema,
  succeededAt: timestampSchema.nullable(),
});
export type PaymentView = z.infer<typeof paymentView>;

export const sandboxTradeView = z.object({
  tradeNo: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  subject: z.string(),
  status: z.enum(['waiting', 'paid', 'failed']),
  returnPath: z.string(),
});

export const sandboxCompleteBody = z.strictObject({ outcome: z.enum(['paid', 'failed']) });

export const channelKindSchema = z.enum(['sandbox', 'epay', 'alipay', 'wechatpay', 'stripe']);

/** What a buyer sees of a channel at checkout. */
export const publicChannelView = z.object({
  id: z.string(),
  kind: channelKindSchema,
  name: z.string(),
  feeBps: z.number().int(),
  minAmount: z.number().int(),
  maxAmount: z.number().int(),
});
export type PublicChannelView = z.infer<typeof publicChannelView>;

/** What an admin sees: everything but the credentials, which are never shown again once saved. */
export const channelView = publicChannelView.extend({
  enabled: z.boolean(),
  settings: z.record(z.string(), z.unknown()),
  credentialsSet: z.boolean(),
  callbackSources: z.array(z.string()),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type ChannelView = z.infer<typeof channelView>;

const channelFields = {
  name: z.string().trim().min(1).max(40),
  enabled: z.boolean(),
  feeBps: z.number().int().min(0).max(10_000),
  minAmount: z.number().int().min(1).max(100_000_000_00),
  maxAmount: z.number().int().min(1).max(100_000_000_00),
  /** The kind's non-secret settings (gateway URL, merchant or app id, public keys). */
  settings: z.record(z.string(), z.unknown()),
  /** The kind's secrets; written once, sealed at rest, never returned. */
  credentials: z.record(z.string(), z.unknown()),
  /** IPs and CIDR blocks the channel's callbacks may come from; empty: any (the signature decides). */
  callbackSources: z.array(z.string().trim().min(1).max(64)).max(64).default([]),
};

export const createChannelBody = z.strictObject({ kind: channelKindSchema, ...channelFields });
/** Leave `credentials` out to keep the stored ones. */
export const updateChannelBody = z.strictObject({
  ...channelFields,
  credentials: channelFields.credentials.optional(),
});

/** The mismatches callbacks and reconciliation raise, and refunds a provider gave up on. */
export const alertKindSchema = z.enum([
  'callback_denied_by_query',
  'paid_at_provider_only',
  'succeeded_here_only',
  'refund_failed',
]);

/** A payment alert as an admin sees it (`GET /api/v1/admin/payment-alerts`). */
export const paymentAlertView = z.object({
  id: z.string(),
  kind: alertKindSchema,
  paymentId: z.string().nullable(),
  /** The channel: `sandbox` or a `pch_…` id. */
  provider: z.string(),
  detail: z.unknown(),
  raisedAt: timestampSchema,
  resolvedAt: timestampSchema.nullable(),
  resolution: z.string().nullable(),
});
export type PaymentAlertView = z.infer<typeof paymentAlertView>;
