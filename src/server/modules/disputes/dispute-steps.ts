import type { Updateable } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import { addMs, toStoredTime } from '../../platform/clock.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { applyTransition, type TransitionReason } from '../../platform/state-machine.js';
import { recordCreditEvent, suspendIfDepositShort } from '../merchants/index.js';
import {
  confirmAndSettle,
  lockOrder,
  refundableLeft,
  refundOrder,
  setOrderDispute,
  type OrderRow,
} from '../orders/index.js';
import { DISPUTE_TIMES, disputeLifecycle } from './dispute-lifecycle.js';
import { disputesErrors } from './disputes.errors.js';
import { findDispute, updateDisputeIfStill, type DisputeRow } from './disputes.repository.js';
import type { DisputeOutcome, DisputesTable, DisputeStatus } from './disputes.tables.js';

/**
 * The steps every dispute path shares: one transition (recorded under the order's id, so the order's
 * timeline shows it), and the resolution that moves the money in the same transaction.
 */
export async function moveDispute(
  trx: Trx,
  ctx: ServiceContext,
  dispute: DisputeRow,
  to: DisputeStatus,
  actor: Actor,
  reason: TransitionReason,
  changes: Updateable<DisputesTable> = {},
): Promise<DisputeRow> {
  const now = ctx.clock.now();
  await applyTransition(
    trx,
    now,
    disputeLifecycle,
    { entityId: dispute.order_id, from: dispute.status, to, actor, reason },
    () => updateDisputeIfStill(trx, dispute.id, dispute.status, { ...changes, status: to }, now),
  );
  const updated = await findDispute(trx, dispute.id);
  if (!updated) throw new Error(`dispute ${dispute.id} vanished`);
  return updated;
}

export function stepNotAllowed(dispute: DisputeRow): AppError {
  return new AppError(disputesErrors.DISPUTE_STEP_NOT_ALLOWED, { status: dispute.status });
}

export async function orderOf(trx: Trx, ctx: ServiceContext, dispute: DisputeRow): Promise<OrderRow> {
  const order = await lockOrder(trx, ctx.dialect, dispute.order_id);
  if (!order) throw new Error(`dispute ${dispute.id} names a missing order`);
  return order;
}

/** Who decided, as the dispute records it. */
export type Decider = { kind: 'merchant' | 'buyer' | 'agent' | 'admin' | 'system'; actor: Actor };

export interface Resolution {
  outcome: DisputeOutcome;
  /** For refunds: what goes back now. */
  refund?: number;
  note: string | null;
  /** Decisions by an agent or by a deadline can be appealed; agreements cannot. */
  appealable: boolean;
  /** The merchant lost: a credit event is recorded. */
  merchantLost: boolean;
}

/**
 * Ends a dispute: the money follows the outcome in this transaction — a refund from escrow or, after
 * settlement, recovered from the merchant (ADR 0008 invariant 3); a release or accepted replacement
 * settles the order — and the order's confirmation resumes.
 */
export async function resolveDispute(
  trx: Trx,
  ctx: ServiceContext,
  dispute: DisputeRow,
  decider: Decider,
  resolution: Resolution,
): Promise<DisputeRow> {
  const now = ctx.clock.now();
  const order = await orderOf(trx, ctx, dispute);
  await setOrderDispute(trx, order.id, null);
  const current = { ...order, dispute_id: null };
  const refund = resolution.refund ?? 0;
  if (refund > 0)
    await refundFor(trx, ctx, current, dispute, {
      amount: refund,
      purpose: `dispute:${dispute.id}`,
      actor: decider.actor,
    });
  else if (resolution.outcome === 'release' || resolution.outcome === 'replaced')
    await settleIfDelivered(trx, ctx, current, decider.actor, resolution.outcome);
  if (resolution.merchantLost)
    await recordCreditEvent(trx, now, {
      merchantId: dispute.merchant_id,
      kind: 'dispute_lost',
      orderId: dispute.order_id,
      disputeId: dispute.id,
    });
  return moveDispute(
    trx,
    ctx,
    dispute,
    'resolved',
    decider.actor,
    { code: `resolved_${resolution.outcome}`, note: resolution.note },
    {
      outcome: resolution.outcome,
      refund_amount: dispute.refund_amount + refund,
      decided_by_type: decider.kind,
      decided_by_id: decider.actor.id,
      decision_note: resolution.note,
      decided_at: toStoredTime(now),
      appeal_until: resolution.appealable ? toStoredTime(addMs(now, DISPUTE_TIMES.appealWindowMs)) : null,
    },
  );
}

/** A refund decided in a dispute or its appeal; a shop whose deposit paid for it may be suspended. */
export async function refundFor(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  dispute: DisputeRow,
  refund: { amount: number; purpose: string; actor: Actor },
): Promise<void> {
  if (refund.amount > refundableLeft(order))
    throw new AppError(disputesErrors.DISPUTE_AMOUNT_INVALID, { max: refundableLeft(order), more: '' });
  const done = await refundOrder(trx, ctx, order, {
    ...refund,
    why: `dispute ${dispute.reason}`,
  });
  if (done.recovered && done.recovered.deposit > 0)
    await suspendIfDepositShort(ctx, trx, dispute.merchant_id);
}

async function settleIfDelivered(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  actor: Actor,
  outcome: DisputeOutcome,
): Promise<void> {
  if (order.status !== 'delivered') return;
  await confirmAndSettle(trx, ctx, order, actor, { code: `dispute_${outcome}` });
}
