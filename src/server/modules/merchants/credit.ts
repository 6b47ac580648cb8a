import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { enqueueJob } from '../../platform/jobs.js';
import type { CreditEventKind } from './merchants.tables.js';

/**
 * The facts a shop's credit score is computed from (ADR 0008): a missed delivery deadline, a dispute
 * lost (and an appeal that reversed one). Append-only; the score is derived from them, never stored as
 * the only truth. One event per kind and order: a retried job records nothing twice.
 */
export async function recordCreditEvent(
  db: Db,
  now: Date,
  event: { merchantId: string; kind: CreditEventKind; orderId: string; disputeId?: string | null },
): Promise<void> {
  const existing = await db
    .selectFrom('merchant_credit_events')
    .select('id')
    .where('order_id', '=', event.orderId)
    .where('kind', '=', event.kind)
    .executeTakeFirst();
  if (existing) return;
  const id = newId('creditEvent', now);
  await db
    .insertInto('merchant_credit_events')
    .values({
      id,
      merchant_id: event.merchantId,
      kind: event.kind,
      order_id: event.orderId,
      dispute_id: event.disputeId ?? null,
      at: toStoredTime(now),
    })
    .execute();
  // The credit module reviews the shop's sanction after the change commits.
  await enqueueJob(db, now, {
    name: CREDIT_REVIEW_JOB,
    payload: { merchantId: event.merchantId },
    dedupeKey: `credit:${id}`,
  });
}

export const CREDIT_REVIEW_JOB = 'credit.review';
