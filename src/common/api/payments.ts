import { z } from 'zod';
import { timestampSchema } from './accounts.js';

/** Request and response shapes of payments: top-ups, payment status, the sandbox checkout page. */
export const paymentProviderSchema = z.enum(['sandbox']);
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
