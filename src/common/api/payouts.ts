import { z } from 'zod';
import { pageSchema } from '../pagination.js';
import { timestampSchema } from './accounts.js';

/** Payouts (提现): a shop asks for its matured earnings, an admin pays them and records the reference. */
export const payoutStatusSchema = z.enum(['requested', 'paid', 'rejected', 'cancelled']);

export const payoutView = z.object({
  id: z.string(),
  merchantId: z.string(),
  shopName: z.string(),
  amount: z.number().int(),
  currency: z.literal('CNY'),
  status: payoutStatusSchema,
  requestedAt: timestampSchema,
  decidedAt: timestampSchema.nullable(),
  externalReference: z.string().nullable(),
  note: z.string().nullable(),
});
export type PayoutView = z.infer<typeof payoutView>;
export const payoutPage = pageSchema(payoutView);

/** What a shop can take out now, and why not more. */
export const payoutSummary = z.object({
  /** Settled earnings not held by a pending payout. */
  available: z.number().int(),
  /** Of those, what is older than the reserve period: the most a payout can take now. */
  withdrawable: z.number().int(),
  /** Settled within the reserve period: withdrawable once it matures. */
  maturing: z.number().int(),
  tier: z.enum(['new', 'trusted']),
  reserveDays: z.number().int(),
  deposit: z.number().int(),
  /** Money asked back in open disputes; payouts stop while it exceeds the deposit. */
  openDisputeAmount: z.number().int(),
  blocked: z.enum(['open_disputes', 'shop_state']).nullable(),
});
export type PayoutSummary = z.infer<typeof payoutSummary>;

export const requestPayoutBody = z.strictObject({ amount: z.number().int().positive().max(100_000_000_00) });
export const approvePayoutBody = z.strictObject({
  /** The reference of the bank or provider transfer, so the payout can be traced outside. */
  externalReference: z.string().trim().min(3).max(120),
});
export const rejectPayoutBody = z.strictObject({ reason: z.string().trim().min(2).max(500) });
export const payoutListQuery = z.strictObject({
  status: payoutStatusSchema.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
