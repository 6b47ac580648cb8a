import { z } from 'zod';

/** A shop's credit (信用分): the score, the parts it is made of, and what it costs the shop. */
export const sanctionSchema = z.enum(['none', 'warning', 'listings_hidden', 'suspended']);
export type SanctionLevel = z.infer<typeof sanctionSchema>;

export const creditView = z.object({
  merchantId: z.string(),
  /** 0–100, computed by the published formula (docs/BUYER-PROTECTION.md "Credit"). */
  score: z.number().int(),
  /** Each part of the score with its points, so a shop sees why. */
  parts: z.array(z.object({ code: z.string(), points: z.number().int() })),
  facts: z.object({
    completedOrders: z.number().int(),
    disputes: z.number().int(),
    disputesLost: z.number().int(),
    deadlinesMissed: z.number().int(),
    medianFirstResponseMs: z.number().int().nullable(),
  }),
  /** Disputes ÷ (completed orders + disputes), in basis points, over the window. */
  disputeRateBps: z.number().int(),
  /** What the formula says the shop's sanction is; `current` is what applies now (an admin may differ). */
  level: sanctionSchema,
  current: sanctionSchema,
  windowDays: z.number().int(),
});
export type CreditView = z.infer<typeof creditView>;

export const sanctionBody = z.strictObject({
  sanction: z.enum(['none', 'warning', 'listings_hidden']),
  reason: z.string().trim().min(2).max(500),
});
