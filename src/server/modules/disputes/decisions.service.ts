import type { AppealDecision, Decision } from '../../../common/api/disputes.js';
import { userActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { toStoredTime } from '../../platform/clock.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordCreditEvent } from '../merchants/index.js';
import { refundableLeft } from '../orders/index.js';
import { moveDispute, orderOf, refundFor, resolveDispute, stepNotAllowed } from './dispute-steps.js';
import { queueDisputeEmail } from './dispute-emails.js';
import { disputesErrors } from './disputes.errors.js';
import { lockDispute, type DisputeRow } from './disputes.repository.js';

/**
 * Staff decisions: an agent decides an escalated dispute with a written reason; an admin decides an
 * appeal. Both are audited; the money moves with the decision.
 */
export interface StaffRequest {
  userId: string;
  role: 'agent' | 'admin';
  ip: string | null;
}

export async function decideDispute(
  ctx: ServiceContext,
  staff: StaffRequest,
  disputeId: string,
  decision: Decision,
): Promise<DisputeRow> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const dispute = await lockDispute(trx, ctx.dialect, disputeId);
    if (!dispute) throw new AppError(disputesErrors.DISPUTE_NOT_FOUND);
    if (dispute.status !== 'escalated') throw stepNotAllowed(dispute);
    const order = await orderOf(trx, ctx, dispute);
    const left = refundableLeft(order);
    if (decision.outcome === 'refund_partial' && (decision.amount ?? 0) >= left)
      throw new AppError(disputesErrors.DISPUTE_AMOUNT_INVALID, { max: left - 1, more: '' });
    const refund =
      decision.outcome === 'refund_full'
        ? left
        : decision.outcome === 'refund_partial'
          ? decision.amount!
          : 0;
    const actor = userActor(staff.userId);
    const resolved = await resolveDispute(
      trx,
      ctx,
      dispute,
      { kind: staff.role, actor },
      {
        outcome: decision.outcome,
        refund,
        note: decision.note,
        appealable: true,
        merchantLost: refund > 0,
      },
    );
    await recordAudit(trx, now, {
      actor,
      action: 'dispute.decide',
      target: { type: 'dispute', id: dispute.id },
      ip: staff.ip,
      summary: `${dispute.order_id}: ${decision.outcome}${refund > 0 ? ` ${refund}` : ''}`,
      details: { note: decision.note },
    });
    await queueDisputeEmail(trx, ctx, resolved, 'resolved');
    return resolved;
  });
}

/**
 * An admin decides an appeal. Upheld: nothing changes. Overturned on the buyer's appeal: the buyer gets
 * the larger refund now — recovered from the merchant if the order has settled. Overturned on the
 * merchant's appeal: the lost dispute no longer counts against its credit; money already returned to a
 * buyer is not taken back from them (the platform never claws back from buyers).
 */
export async function decideAppeal(
  ctx: ServiceContext,
  staff: StaffRequest,
  disputeId: string,
  decision: AppealDecision,
): Promise<DisputeRow> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const dispute = await lockDispute(trx, ctx.dialect, disputeId);
    if (!dispute) throw new AppError(disputesErrors.DISPUTE_NOT_FOUND);
    if (dispute.status !== 'appealed') throw stepNotAllowed(dispute);
    const actor = userActor(staff.userId);
    let refund = 0;
    let outcome = dispute.outcome;
    if (decision.result === 'overturned' && dispute.appealed_by === 'buyer') {
      const order = await orderOf(trx, ctx, dispute);
      const left = refundableLeft(order);
      const target = decision.outcome === 'refund_partial' ? decision.amount! : dispute.refund_amount + left;
      refund = target - dispute.refund_amount;
      if (!decision.outcome || refund <= 0 || refund > left)
        throw new AppError(disputesErrors.DISPUTE_AMOUNT_INVALID, {
          max: dispute.refund_amount + left,
          more: `，且须多于已退的 ${dispute.refund_amount} 分 / and above the ${dispute.refund_amount} already refunded`,
        });
      await refundFor(trx, ctx, order, dispute, { amount: refund, purpose: `appeal:${dispute.id}`, actor });
      outcome = decision.outcome;
      await recordCreditEvent(trx, now, {
        merchantId: dispute.merchant_id,
        kind: 'dispute_lost',
        orderId: dispute.order_id,
        disputeId: dispute.id,
      });
    }
    if (decision.result === 'overturned' && dispute.appealed_by === 'merchant' && dispute.refund_amount > 0)
      await recordCreditEvent(trx, now, {
        merchantId: dispute.merchant_id,
        kind: 'dispute_lost_reversed',
        orderId: dispute.order_id,
        disputeId: dispute.id,
      });
    // The other side may still appeal once, while the window lasts; otherwise the dispute is final.
    const otherAppealedAt =
      dispute.appealed_by === 'buyer' ? dispute.merchant_appealed_at : dispute.buyer_appealed_at;
    const otherMayAppeal =
      otherAppealedAt === null && dispute.appeal_until !== null && new Date(dispute.appeal_until) > now;
    const final = await moveDispute(
      trx,
      ctx,
      dispute,
      otherMayAppeal ? 'resolved' : 'final',
      actor,
      { code: `appeal_${decision.result}`, note: decision.note },
      {
        appeal_result: decision.result,
        outcome,
        refund_amount: dispute.refund_amount + refund,
        decision_note: decision.note,
        decided_by_type: 'admin',
        decided_by_id: staff.userId,
        decided_at: toStoredTime(now),
      },
    );
    await recordAudit(trx, now, {
      actor,
      action: 'dispute.appeal_decide',
      target: { type: 'dispute', id: dispute.id },
      ip: staff.ip,
      summary: `${dispute.order_id}: appeal by ${dispute.appealed_by ?? '?'} ${decision.result}${refund > 0 ? `, refund ${refund}` : ''}`,
      details: { note: decision.note },
    });
    await queueDisputeEmail(trx, ctx, final, 'resolved');
    return final;
  });
}
