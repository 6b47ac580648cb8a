import type { MerchantResponse } from '../../../common/api/disputes.js';
import { userActor, type Actor } from '../../platform/actor.js';
import { addMs, toStoredTime } from '../../platform/clock.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { recordInitialState } from '../../platform/state-machine.js';
import type { MerchantCaller } from '../merchants/index.js';
import {
  lockOrder,
  refundableLeft,
  replaceDeliveredKeys,
  setOrderDispute,
  type OrderRow,
} from '../orders/index.js';
import { DISPUTE_TIMES, disputeLifecycle, OPEN_DISPUTE_STATUSES } from './dispute-lifecycle.js';
import { moveDispute, orderOf, resolveDispute, stepNotAllowed, type Decider } from './dispute-steps.js';
import { queueDisputeEmail } from './dispute-emails.js';
import { disputesErrors } from './disputes.errors.js';
import { disputeOfOrder, insertDispute, lockDispute, type DisputeRow } from './disputes.repository.js';
import type { DisputeReason } from './disputes.tables.js';

/**
 * The buyer's and the merchant's side of a dispute. Opening one pauses the order's confirmation at once;
 * the merchant answers; the buyer accepts, escalates or withdraws. Deadlines are in dispute-deadlines.ts,
 * staff decisions in decisions.service.ts.
 */
export interface StoredResponse {
  action: MerchantResponse['action'];
  amount: number | null;
  note: string | null;
  replacedKeys: number;
}

/** The buyer acting: a signed-in user, or the guest holding the order's pass (checked by the route). */
export type BuyerRef = { kind: 'user'; userId: string } | { kind: 'guest'; orderId: string };

function buyerActor(buyer: BuyerRef): Actor {
  return buyer.kind === 'user' ? userActor(buyer.userId) : { type: 'guest', id: buyer.orderId };
}

function ownsOrder(buyer: BuyerRef, order: { id: string; buyer_id: string | null }): boolean {
  return buyer.kind === 'user'
    ? order.buyer_id === buyer.userId
    : order.buyer_id === null && order.id === buyer.orderId;
}

export function storedResponse(dispute: DisputeRow): StoredResponse | null {
  return dispute.response === null ? null : (JSON.parse(dispute.response) as StoredResponse);
}

/** Why an order cannot be disputed now, or null when it can. */
function whyNotDisputable(order: OrderRow, now: Date): AppError | null {
  if (order.dispute_id !== null) return new AppError(disputesErrors.DISPUTE_ALREADY_EXISTS);
  if (order.status === 'delivered') return null;
  if (order.status === 'paid') return new AppError(disputesErrors.DISPUTE_NOT_DELIVERED);
  if (order.status !== 'settled' || refundableLeft(order) <= 0)
    return new AppError(disputesErrors.DISPUTE_NOT_OPENABLE);
  const settledAt = order.settled_at ? new Date(order.settled_at) : now;
  if (addMs(settledAt, DISPUTE_TIMES.afterSettlementMs) <= now)
    return new AppError(disputesErrors.DISPUTE_WINDOW_PASSED);
  return null;
}

export async function openDispute(
  ctx: ServiceContext,
  buyer: BuyerRef,
  orderId: string,
  input: { reason: DisputeReason; description: string; requestedAmount?: number | undefined },
): Promise<DisputeRow> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const order = await lockOrder(trx, ctx.dialect, orderId);
    if (!order || !ownsOrder(buyer, order)) throw new AppError(disputesErrors.DISPUTE_NOT_FOUND);
    const refusal = whyNotDisputable(order, now);
    if (refusal) throw refusal;
    const left = refundableLeft(order);
    const requested = input.requestedAmount ?? left;
    if (requested > left) throw new AppError(disputesErrors.DISPUTE_AMOUNT_INVALID, { max: left, more: '' });
    const earlier = await disputeOfOrder(trx, order.id);
    // A withdrawn dispute can be opened again (the merchant's promise to fix it was not kept); any other
    // earlier dispute is the order's one, and its appeal is the way to a second look.
    if (earlier && earlier.status !== 'withdrawn') throw new AppError(disputesErrors.DISPUTE_ALREADY_EXISTS);
    const fresh = {
      reason: input.reason,
      description: input.description,
      requested_amount: requested,
      settled_before: order.status === 'settled' ? 1 : 0,
      merchant_due_at: toStoredTime(addMs(now, DISPUTE_TIMES.merchantResponseMs)),
      buyer_due_at: null,
      decision_due_at: null,
      appeal_until: null,
      response: null,
      responded_at: null,
      merchant_reminded_at: null,
      outcome: null,
      decided_by_type: null,
      decided_by_id: null,
      decision_note: null,
      decided_at: null,
    };
    if (earlier) {
      if ((await setOrderDispute(trx, order.id, earlier.id)) !== 1)
        throw new AppError(disputesErrors.DISPUTE_ALREADY_EXISTS);
      const reopened = await moveDispute(
        trx,
        ctx,
        earlier,
        'awaiting_merchant',
        buyerActor(buyer),
        { code: `reopened_${input.reason}`, note: input.description },
        fresh,
      );
      await queueDisputeEmail(trx, ctx, reopened, 'opened');
      return reopened;
    }
    const id = newId('dispute', now);
    await insertDispute(trx, {
      id,
      order_id: order.id,
      buyer_id: buyer.kind === 'user' ? buyer.userId : null,
      merchant_id: order.merchant_id,
      status: 'awaiting_merchant',
      ...fresh,
      appealed_by: null,
      buyer_appealed_at: null,
      merchant_appealed_at: null,
      appeal_note: null,
      appeal_result: null,
      opened_at: toStoredTime(now),
      updated_at: toStoredTime(now),
    });
    // The order's confirmation stops here: auto-confirm and settlement skip an order with a dispute.
    if ((await setOrderDispute(trx, order.id, id)) !== 1)
      throw new AppError(disputesErrors.DISPUTE_ALREADY_EXISTS);
    await recordInitialState(trx, now, disputeLifecycle, order.id, buyerActor(buyer), {
      code: `opened_${input.reason}`,
      note: input.description,
    });
    const dispute = (await disputeOfOrder(trx, order.id))!;
    await queueDisputeEmail(trx, ctx, dispute, 'opened');
    return dispute;
  });
}

async function buyersDispute(trx: Trx, ctx: ServiceContext, buyer: BuyerRef, disputeId: string) {
  const dispute = await lockDispute(trx, ctx.dialect, disputeId);
  if (!dispute || !ownsOrder(buyer, { id: dispute.order_id, buyer_id: dispute.buyer_id }))
    throw new AppError(disputesErrors.DISPUTE_NOT_FOUND);
  return dispute;
}

async function merchantsDispute(trx: Trx, ctx: ServiceContext, caller: MerchantCaller, disputeId: string) {
  const dispute = await lockDispute(trx, ctx.dialect, disputeId);
  if (!dispute || dispute.merchant_id !== caller.merchantId)
    throw new AppError(disputesErrors.DISPUTE_NOT_FOUND);
  return dispute;
}

/**
 * The merchant's answer. Refunding everything ends the dispute at once (an agreement: no credit lost);
 * offering part, replacing keys or contesting waits for the buyer. A suspended shop can still answer:
 * suspension must never stop a buyer's refund.
 */
export async function respondToDispute(
  ctx: ServiceContext,
  caller: MerchantCaller,
  disputeId: string,
  response: MerchantResponse,
): Promise<DisputeRow> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const dispute = await merchantsDispute(trx, ctx, caller, disputeId);
    if (dispute.status !== 'awaiting_merchant') throw stepNotAllowed(dispute);
    const order = await orderOf(trx, ctx, dispute);
    const left = refundableLeft(order);
    if (response.action === 'refund')
      return resolveDispute(
        trx,
        ctx,
        dispute,
        { kind: 'merchant', actor: caller.actor },
        {
          outcome: 'refund_full',
          refund: left,
          note: response.note ?? null,
          appealable: false,
          merchantLost: false,
        },
      );
    let replacedKeys = 0;
    if (response.action === 'partial_refund' && response.amount >= left)
      throw new AppError(disputesErrors.DISPUTE_AMOUNT_INVALID, {
        max: left - 1,
        more: '；全额退款请选择“退款” / for everything, choose refund',
      });
    if (response.action === 'replace') {
      if (order.product_kind !== 'card_key') throw new AppError(disputesErrors.DISPUTE_REPLACE_NOT_CARD_KEY);
      replacedKeys = (
        await replaceDeliveredKeys(trx, ctx, order, {
          keyIds: response.keyIds ?? null,
          disputeId: dispute.id,
        })
      ).length;
    }
    const stored: StoredResponse = {
      action: response.action,
      amount: response.action === 'partial_refund' ? response.amount : null,
      note: response.note ?? null,
      replacedKeys,
    };
    const moved = await moveDispute(
      trx,
      ctx,
      dispute,
      'awaiting_buyer',
      caller.actor,
      { code: `merchant_${response.action}`, note: response.note ?? null },
      {
        response: JSON.stringify(stored),
        responded_at: toStoredTime(now),
        buyer_due_at: toStoredTime(addMs(now, DISPUTE_TIMES.buyerReviewMs)),
      },
    );
    await queueDisputeEmail(trx, ctx, moved, 'answered');
    return moved;
  });
}

/**
 * The buyer accepts the merchant's answer: the offered part is refunded and the order settles, the new
 * keys are taken as working (the order settles), or the contest is conceded (the order settles). Also
 * what the buyer's silence means when the review window passes.
 */
export async function acceptAnswer(trx: Trx, ctx: ServiceContext, dispute: DisputeRow, decider: Decider) {
  const response = storedResponse(dispute);
  if (dispute.status !== 'awaiting_buyer' || !response) throw stepNotAllowed(dispute);
  const outcome =
    response.action === 'partial_refund'
      ? 'refund_partial'
      : response.action === 'replace'
        ? 'replaced'
        : 'release';
  return resolveDispute(trx, ctx, dispute, decider, {
    outcome,
    ...(response.amount !== null ? { refund: response.amount } : {}),
    note: decider.kind === 'system' ? 'buyer_review_window_passed' : null,
    appealable: false,
    merchantLost: false,
  });
}

export async function acceptByBuyer(
  ctx: ServiceContext,
  buyer: BuyerRef,
  disputeId: string,
): Promise<DisputeRow> {
  return ctx.transact(async (trx) => {
    const dispute = await buyersDispute(trx, ctx, buyer, disputeId);
    return acceptAnswer(trx, ctx, dispute, { kind: 'buyer', actor: buyerActor(buyer) });
  });
}

/** The buyer does not accept the answer: an agent decides, with a 48 h target shown to both sides. */
export async function escalateByBuyer(
  ctx: ServiceContext,
  buyer: BuyerRef,
  disputeId: string,
  note: string,
): Promise<DisputeRow> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const dispute = await buyersDispute(trx, ctx, buyer, disputeId);
    if (dispute.status !== 'awaiting_buyer') throw stepNotAllowed(dispute);
    const moved = await moveDispute(
      trx,
      ctx,
      dispute,
      'escalated',
      buyerActor(buyer),
      { code: 'escalated_by_buyer', note },
      {
        decision_due_at: toStoredTime(addMs(now, DISPUTE_TIMES.decisionTargetMs)),
      },
    );
    await queueDisputeEmail(trx, ctx, moved, 'escalated');
    return moved;
  });
}

/** The buyer withdraws (the problem went away): the order's confirmation resumes where it was. */
export async function withdrawByBuyer(
  ctx: ServiceContext,
  buyer: BuyerRef,
  disputeId: string,
): Promise<DisputeRow> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const dispute = await buyersDispute(trx, ctx, buyer, disputeId);
    if (!OPEN_DISPUTE_STATUSES.includes(dispute.status)) throw stepNotAllowed(dispute);
    await setOrderDispute(trx, dispute.order_id, null);
    return moveDispute(
      trx,
      ctx,
      dispute,
      'withdrawn',
      buyerActor(buyer),
      { code: 'withdrawn_by_buyer' },
      {
        outcome: 'withdrawn',
        decided_by_type: 'buyer',
        decided_by_id: buyerActor(buyer).id,
        decided_at: toStoredTime(now),
      },
    );
  });
}

/** Either side may appeal a decision made by an agent or a deadline, once, within 7 days. */
export async function appealDecision(
  ctx: ServiceContext,
  party: { side: 'buyer'; buyer: BuyerRef } | { side: 'merchant'; caller: MerchantCaller },
  disputeId: string,
  note: string,
): Promise<DisputeRow> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const dispute =
      party.side === 'buyer'
        ? await buyersDispute(trx, ctx, party.buyer, disputeId)
        : await merchantsDispute(trx, ctx, party.caller, disputeId);
    const alreadyAppealed = party.side === 'buyer' ? dispute.buyer_appealed_at : dispute.merchant_appealed_at;
    if (
      dispute.status !== 'resolved' ||
      alreadyAppealed !== null ||
      !dispute.appeal_until ||
      new Date(dispute.appeal_until) <= now
    )
      throw stepNotAllowed(dispute);
    const actor: Actor = party.side === 'buyer' ? buyerActor(party.buyer) : party.caller.actor;
    const moved = await moveDispute(
      trx,
      ctx,
      dispute,
      'appealed',
      actor,
      { code: `appealed_by_${party.side}`, note },
      {
        appealed_by: party.side,
        appeal_note: note,
        // A second appeal (the other side's) starts without the first one's result.
        appeal_result: null,
        ...(party.side === 'buyer'
          ? { buyer_appealed_at: toStoredTime(now) }
          : { merchant_appealed_at: toStoredTime(now) }),
        decision_due_at: toStoredTime(addMs(now, DISPUTE_TIMES.decisionTargetMs)),
      },
    );
    await queueDisputeEmail(trx, ctx, moved, 'appealed');
    return moved;
  });
}
