import { z } from 'zod';
import { pageSchema } from '../pagination.js';
import { timestampSchema } from './accounts.js';

/** Request and response shapes of disputes (售后): open, respond, accept, escalate, decide, appeal. */
export const disputeStatusSchema = z.enum([
  'awaiting_merchant',
  'awaiting_buyer',
  'escalated',
  'resolved',
  'withdrawn',
  'appealed',
  'final',
]);
export type DisputeStatusName = z.infer<typeof disputeStatusSchema>;

export const disputeReasonSchema = z.enum(['key_invalid', 'not_received', 'wrong_item', 'other']);
export const disputeOutcomeSchema = z.enum([
  'refund_full',
  'refund_partial',
  'release',
  'replaced',
  'withdrawn',
]);

const note = z.string().trim().min(2).max(2_000);
const amount = z.number().int().positive().max(100_000_000_00);

export const openDisputeBody = z.strictObject({
  reason: disputeReasonSchema,
  /** What went wrong, in the buyer's words; screenshots go into the order chat. */
  description: z.string().trim().min(5).max(2_000),
  /** What the buyer asks back in 分; the whole rest of the order when left out. */
  requestedAmount: amount.optional(),
});

/** The merchant's answer within 24 h. */
export const merchantResponseBody = z.discriminatedUnion('action', [
  /** Give the buyer everything back: the dispute ends at once. */
  z.strictObject({ action: z.literal('refund'), note: note.optional() }),
  /** Offer part of the money back; the buyer accepts or escalates. */
  z.strictObject({ action: z.literal('partial_refund'), amount, note: note.optional() }),
  /** Card keys: deliver fresh keys from stock in place of the named ones (all, when none are named). */
  z.strictObject({
    action: z.literal('replace'),
    keyIds: z.array(z.string().max(40)).min(1).max(100).optional(),
    note: note.optional(),
  }),
  /** Disagree, with the reason (and evidence in the order chat). */
  z.strictObject({ action: z.literal('contest'), note }),
]);
export type MerchantResponse = z.infer<typeof merchantResponseBody>;

export const escalateBody = z.strictObject({ note });
export const appealBody = z.strictObject({ note });

export const decisionBody = z
  .strictObject({
    outcome: z.enum(['refund_full', 'refund_partial', 'release']),
    /** For a partial refund: what goes back to the buyer, in 分. */
    amount: amount.optional(),
    /** The written reason both sides read. */
    note,
  })
  .refine((d) => (d.outcome === 'refund_partial') === (d.amount !== undefined), {
    message: 'a partial refund names its amount; other outcomes do not',
    path: ['amount'],
  });
export type Decision = z.infer<typeof decisionBody>;

export const appealDecisionBody = z
  .strictObject({
    result: z.enum(['upheld', 'overturned']),
    /** When overturning a buyer's appeal: the refund the buyer gets in total. */
    outcome: z.enum(['refund_full', 'refund_partial']).optional(),
    amount: amount.optional(),
    note,
  })
  .refine((d) => d.outcome !== 'refund_partial' || d.amount !== undefined, {
    message: 'a partial refund names its amount',
    path: ['amount'],
  });
export type AppealDecision = z.infer<typeof appealDecisionBody>;

const disputeStep = z.object({
  from: z.string().nullable(),
  to: z.string(),
  reasonCode: z.string(),
  note: z.string().nullable(),
  actorType: z.string(),
  at: timestampSchema,
});

export const disputeView = z.object({
  id: z.string(),
  orderId: z.string(),
  orderTitle: z.string(),
  productKind: z.string(),
  orderAmount: z.number().int(),
  /** What could still go back to the buyer. */
  refundableLeft: z.number().int(),
  status: disputeStatusSchema,
  reason: disputeReasonSchema,
  description: z.string(),
  requestedAmount: z.number().int(),
  /** The order had settled before the dispute opened (a refund is recovered from the merchant). */
  settledBefore: z.boolean(),
  merchantDueAt: timestampSchema,
  buyerDueAt: timestampSchema.nullable(),
  decisionDueAt: timestampSchema.nullable(),
  appealUntil: timestampSchema.nullable(),
  response: z
    .object({
      action: z.enum(['refund', 'partial_refund', 'replace', 'contest']),
      amount: z.number().int().nullable(),
      note: z.string().nullable(),
      replacedKeys: z.number().int(),
    })
    .nullable(),
  respondedAt: timestampSchema.nullable(),
  outcome: disputeOutcomeSchema.nullable(),
  refundAmount: z.number().int(),
  /** Who decided: `merchant` (refunded), `buyer` (accepted), `agent`, `admin`, or `system` (a deadline). */
  decidedBy: z.string().nullable(),
  decisionNote: z.string().nullable(),
  decidedAt: timestampSchema.nullable(),
  /** The side of the latest (or pending) appeal. Each side may appeal once: */
  appealedBy: z.enum(['buyer', 'merchant']).nullable(),
  buyerAppealed: z.boolean(),
  merchantAppealed: z.boolean(),
  appealNote: z.string().nullable(),
  appealResult: z.enum(['upheld', 'overturned']).nullable(),
  openedAt: timestampSchema,
  timeline: z.array(disputeStep),
});
export type DisputeView = z.infer<typeof disputeView>;
export const disputePage = pageSchema(disputeView);

export const disputeListQuery = z.strictObject({
  status: disputeStatusSchema.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** The agents' queue: open work sorted by its deadline, soonest first. */
export const staffQueueQuery = z.strictObject({
  queue: z
    .enum(['escalated', 'appealed', 'awaiting_merchant', 'awaiting_buyer', 'closed'])
    .default('escalated'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
