import { SYSTEM_ACTOR } from '../../platform/actor.js';
import { forEachItem, type ServiceContext } from '../../platform/context.js';
import type { JobDefinition, RecurringJob } from '../../platform/jobs.js';
import { MINUTE_MS } from '../../platform/clock.js';
import { refundableLeft } from '../orders/index.js';
import { DISPUTE_TIMES } from './dispute-lifecycle.js';
import { orderOf, resolveDispute } from './dispute-steps.js';
import { acceptAnswer } from './disputes.service.js';
import { queueDisputeEmail } from './dispute-emails.js';
import { disputesDue, disputesToRemind, lockDispute, markMerchantReminded } from './disputes.repository.js';

/**
 * The dispute clock, run by jobs (tests move the injectable clock, never sleep). Each dispute is its own
 * transaction, re-checked under its lock, so an answer that arrives first always wins.
 */

/** A merchant silent past 24 h loses: the buyer gets back everything left, at once (seed 003). */
export async function refundSilentMerchants(ctx: ServiceContext, limit = 100): Promise<number> {
  let done = 0;
  const due = await disputesDue(ctx.db, 'awaiting_merchant', 'merchant_due_at', ctx.clock.now(), limit);
  await forEachItem(ctx, 'disputes.merchant_silent', due, (id) =>
    ctx.transact(async (trx) => {
      const dispute = await lockDispute(trx, ctx.dialect, id);
      if (dispute?.status !== 'awaiting_merchant' || new Date(dispute.merchant_due_at) > ctx.clock.now())
        return;
      // What the buyer asked for (everything left, unless they asked for less).
      const left = refundableLeft(await orderOf(trx, ctx, dispute));
      const refund = Math.min(left, dispute.requested_amount);
      const resolved = await resolveDispute(
        trx,
        ctx,
        dispute,
        { kind: 'system', actor: SYSTEM_ACTOR },
        {
          outcome: refund === left ? 'refund_full' : 'refund_partial',
          refund,
          note: 'merchant_silent_24h',
          appealable: true,
          merchantLost: true,
        },
      );
      await queueDisputeEmail(trx, ctx, resolved, 'resolved');
      done++;
    }),
  );
  return done;
}

/** A buyer silent past the review window accepts the merchant's answer. */
export async function acceptForSilentBuyers(ctx: ServiceContext, limit = 100): Promise<number> {
  let done = 0;
  const due = await disputesDue(ctx.db, 'awaiting_buyer', 'buyer_due_at', ctx.clock.now(), limit);
  await forEachItem(ctx, 'disputes.buyer_silent', due, (id) =>
    ctx.transact(async (trx) => {
      const dispute = await lockDispute(trx, ctx.dialect, id);
      if (dispute?.status !== 'awaiting_buyer' || !dispute.buyer_due_at) return;
      if (new Date(dispute.buyer_due_at) > ctx.clock.now()) return;
      const resolved = await acceptAnswer(trx, ctx, dispute, { kind: 'system', actor: SYSTEM_ACTOR });
      await queueDisputeEmail(trx, ctx, resolved, 'resolved');
      done++;
    }),
  );
  return done;
}

export async function remindMerchants(ctx: ServiceContext, limit = 100): Promise<number> {
  let done = 0;
  for (const dispute of await disputesToRemind(
    ctx.db,
    ctx.clock.now(),
    DISPUTE_TIMES.merchantReminderMs,
    limit,
  )) {
    await ctx.transact(async (trx) => {
      if ((await markMerchantReminded(trx, dispute.id, ctx.clock.now())) !== 1) return;
      await queueDisputeEmail(trx, ctx, dispute, 'reminder');
      done++;
    });
  }
  return done;
}

export const disputeJobs: JobDefinition[] = [
  { name: 'disputes.merchant_silent', handler: async (ctx) => void (await refundSilentMerchants(ctx)) },
  { name: 'disputes.buyer_silent', handler: async (ctx) => void (await acceptForSilentBuyers(ctx)) },
  { name: 'disputes.reminders', handler: async (ctx) => void (await remindMerchants(ctx)) },
];

export const disputeRecurringJobs: RecurringJob[] = [
  { name: 'disputes.merchant_silent', everyMs: MINUTE_MS },
  { name: 'disputes.buyer_silent', everyMs: 5 * MINUTE_MS },
  { name: 'disputes.reminders', everyMs: 5 * MINUTE_MS },
];
