import { userActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { addMs, toStoredTime } from '../../platform/clock.js';
import type { Db, ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { enqueueJob, retryDelayMs } from '../../platform/jobs.js';
import { providerFor } from './channels.service.js';
import { paymentsErrors } from './payments.errors.js';
import {
  completeRefund,
  findPayment,
  findRefund,
  insertRefund,
  noteRefundError,
  noteRefundPending,
  redirectFailedRefundToWallet,
  refundOfPayment,
  refundsOf,
  resolveRefundAlert,
  rowToPayment,
  rowToRefund,
  startRefundAttempt,
  type PaymentRecord,
  type RefundRecord,
} from './payments.repository.js';
import {
  raiseAlert,
  WALLET,
  type PaymentPurposeHandler,
  type PaymentPurposeHandlers,
} from './payments.service.js';
import type { RefundDestination } from './payments.tables.js';

/**
 * Refunds (issue 6): money sent back to where it came from — or to the buyer's wallet by their choice —
 * as their own state machine, requested → processing → succeeded | failed, moved in the ledger only when
 * the provider says the refund is done.
 */

export async function refundsOfPayments(db: Db, paymentIds: readonly string[]): Promise<RefundRecord[]> {
  return (await refundsOf(db, paymentIds)).map(rowToRefund);
}

/**
 * Sends a succeeded payment's money back. Wallet payments, and provider payments whose buyer chose the
 * wallet (`to: 'wallet'`), are refunded at once: the refund is recorded as done and the caller moves the
 * money to the wallet in `trx`. Otherwise the refund goes back through the provider that took the money:
 * a refund record and a job that asks the provider, retried with backoff, and `onRefunded` runs when the
 * provider confirms. Each purpose refunds a payment once (`order`: all of it, by default); a dispute's
 * partial refund names its own purpose and amount.
 */
export async function requestRefund(
  trx: Trx,
  now: Date,
  payment: PaymentRecord,
  reason: string,
  part: { amount: number; purpose: string } = { amount: payment.amount, purpose: 'order' },
  to: RefundDestination = 'original',
): Promise<RefundRecord> {
  const existing = await refundOfPayment(trx, payment.id, part.purpose);
  if (existing) return rowToRefund(existing);
  if (!Number.isSafeInteger(part.amount) || part.amount <= 0 || part.amount > payment.amount)
    throw new Error(`refund of ${part.amount} for payment ${payment.id} of ${payment.amount}`);
  if (to === 'wallet' && !payment.payerUserId)
    throw new Error(`payment ${payment.id} has no registered payer whose wallet could take a refund`);
  const id = newId('refund', now);
  const immediate = payment.provider === WALLET || to === 'wallet';
  const row = {
    id,
    payment_id: payment.id,
    purpose: part.purpose,
    amount: part.amount,
    currency: payment.currency,
    status: immediate ? ('succeeded' as const) : ('requested' as const),
    destination: immediate ? ('wallet' as const) : ('original' as const),
    reason,
    provider_refund_no: immediate ? id : null,
    last_error: null,
    attempts: 0,
    created_at: toStoredTime(now),
    completed_at: immediate ? toStoredTime(now) : null,
  };
  await insertRefund(trx, row);
  if (!immediate)
    await enqueueJob(trx, now, {
      name: REFUND_JOB,
      payload: { refundId: id },
      dedupeKey: `refund:${id}`,
      // One more than the refund's own limit: the last provider call marks it failed and alerts.
      maxAttempts: MAX_REFUND_ATTEMPTS + 1,
    });
  return rowToRefund(row);
}

export const REFUND_JOB = 'payments.refund';

/** A refund the provider keeps refusing is given up after this many calls (about a day of backoff). */
export const MAX_REFUND_ATTEMPTS = 15;

/**
 * The refund job: requested → processing (one more call to the provider) → succeeded, which moves the
 * money in the ledger only now. Anything else leaves it processing and the provider is asked again with
 * backoff (5 s doubling to hourly). Only the provider's authentic refusal (`refused`) can end it: after
 * the last attempt it is failed, an admin is alerted, and the money stays where it is (never lost, never
 * half-moved) until an admin retries it or the buyer takes it to the wallet. An unknown outcome (timeouts,
 * unreadable answers) never fails a refund — the provider may have paid it — it is alerted once and asked
 * about hourly; nor does a refund the provider took on but has not finished (`pending`).
 */
export async function processRefund(
  ctx: ServiceContext,
  handlers: PaymentPurposeHandlers,
  refundId: string,
): Promise<void> {
  const refund = await findRefund(ctx.db, refundId);
  if (refund?.status !== 'requested' && refund?.status !== 'processing') return;
  const payment = await findPayment(ctx.db, refund.payment_id);
  if (!payment) throw new Error(`refund ${refundId} names a missing payment`);
  const attempt = await startRefundAttempt(ctx.db, refundId);
  const outcome = await (
    await providerFor(ctx, payment.provider)
  ).refund({
    paymentId: payment.id,
    refundId,
    amount: refund.amount,
    providerTradeNo: payment.provider_trade_no,
    providerRefundNo: refund.provider_refund_no,
  });
  if (outcome.ok && outcome.pending !== undefined) {
    // Taken on, not finished: nothing moves yet; the provider is asked again until it says done or refused.
    await noteRefundPending(ctx.db, refundId, outcome.providerRefundNo, outcome.pending);
    await askAgainLater(ctx, refundId, attempt);
    return;
  }
  if (!outcome.ok) {
    await noteRefundError(ctx.db, refundId, outcome.error);
    if (attempt < MAX_REFUND_ATTEMPTS)
      throw new Error(`provider refused refund ${refundId} (attempt ${attempt}): ${outcome.error}`);
    if (outcome.refused)
      await completeRefund(ctx.db, refundId, { status: 'failed', error: outcome.error }, ctx.clock.now());
    else await askAgainLater(ctx, refundId, attempt);
    if (outcome.refused || attempt === MAX_REFUND_ATTEMPTS)
      await raiseAlert(ctx, {
        kind: 'refund_failed',
        paymentId: payment.id,
        provider: payment.provider,
        detail: {
          refundId,
          amount: refund.amount,
          attempts: attempt,
          error: outcome.error,
          ...(outcome.refused ? {} : { outcomeUnknown: true }),
        },
      });
    return;
  }
  await ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    if (
      (await completeRefund(
        trx,
        refundId,
        { status: 'succeeded', providerRefundNo: outcome.providerRefundNo },
        now,
      )) !== 1
    )
      return;
    const handler = handlers[payment.purpose];
    if (!handler) throw new Error(`no handler for ${payment.purpose} payments`);
    await handler.onRefunded(
      trx,
      ctx,
      rowToPayment(payment),
      rowToRefund((await findRefund(trx, refundId))!),
    );
  });
}

/**
 * The buyer takes a refund the provider gave up on into their wallet instead (issue 6: "or to the wallet
 * when the buyer chooses it"): failed → succeeded with the wallet as destination, the purpose's
 * `onRefunded` moves the money in `trx`, and the refund's open alert is resolved with what happened.
 * False when the refund has not failed (one still at the provider might yet go through).
 */
export async function redirectFailedRefund(
  trx: Trx,
  ctx: ServiceContext,
  handler: PaymentPurposeHandler,
  refundId: string,
  buyer: { userId: string },
): Promise<boolean> {
  const now = ctx.clock.now();
  if ((await redirectFailedRefundToWallet(trx, refundId, now)) !== 1) return false;
  const refund = rowToRefund((await findRefund(trx, refundId))!);
  const payment = await findPayment(trx, refund.paymentId);
  if (!payment?.payer_user_id) throw new Error(`refund ${refundId} has no registered payer`);
  await handler.onRefunded(trx, ctx, rowToPayment(payment), refund);
  await resolveRefundAlert(trx, {
    paymentId: payment.id,
    refundId,
    by: buyer.userId,
    resolution: '买家选择退到钱包 / the buyer took the refund to the wallet',
    now,
  });
  return true;
}

/** The refund job again for this refund, later: each run is its own job (job dedupe keys are kept). */
async function askAgainLater(ctx: ServiceContext, refundId: string, attempt: number): Promise<void> {
  const now = ctx.clock.now();
  const queued = await enqueueJob(ctx.db, now, {
    name: REFUND_JOB,
    payload: { refundId },
    dedupeKey: `refund:${refundId}:check:${now.getTime()}:${attempt}`,
    runAt: addMs(now, retryDelayMs(attempt)),
    maxAttempts: MAX_REFUND_ATTEMPTS + 1,
  });
  if (!queued.created) throw new Error(`refund ${refundId}: the next check was not queued`);
}

/** An admin sends a failed refund to the provider again (after fixing what made it fail), audited. */
export async function retryRefund(
  ctx: ServiceContext,
  admin: { userId: string; ip: string | null },
  refundId: string,
  reason: string,
): Promise<void> {
  await ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const changed = await trx
      .updateTable('refunds')
      .set({ status: 'requested', attempts: 0, completed_at: null })
      .where('id', '=', refundId)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) throw new AppError(paymentsErrors.REFUND_NOT_FAILED);
    await enqueueJob(trx, now, {
      name: REFUND_JOB,
      payload: { refundId },
      dedupeKey: `refund:${refundId}:${now.getTime()}`,
      maxAttempts: MAX_REFUND_ATTEMPTS + 1,
    });
    await recordAudit(trx, now, {
      actor: userActor(admin.userId),
      action: 'refund.retry',
      target: { type: 'refund', id: refundId },
      ip: admin.ip,
      summary: reason,
    });
  });
}
