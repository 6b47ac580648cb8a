import type { Actor } from '../../platform/actor.js';
import { addMs, HOUR_MS, toStoredTime } from '../../platform/clock.js';
import type { Db, ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { reserveKeysForOrder, sellKeysOfOrder } from '../catalog/index.js';
import { paymentById, refundsOfPayments, requestRefund, type RefundRecord } from '../payments/index.js';
import { clawBackIntoEscrow, returnFromEscrow, settleEscrowReduced, type ClawbackSources } from './escrow.js';
import { platformFee, refundSplit } from './money-math.js';
import { moveOrder, refundDestinationOf, refundPaidOrder, snapshotOf } from './order-steps.js';
import { ordersErrors } from './orders.errors.js';
import { insertOrderKeys, setRefundedAmount, type OrderRow } from './orders.repository.js';

/**
 * What a dispute can do to an order (ADR 0008): give money back — all or part, before or after
 * settlement — or replace delivered card keys. Each runs inside the caller's transaction, so the
 * dispute's decision and the money move together or not at all.
 */
export interface OrderRefund {
  /** Unique per order and step (`dispute:<id>`, `appeal:<id>`): a retried step never pays twice. */
  purpose: string;
  amount: number;
  why: string;
  actor: Actor;
}

export interface RefundDone {
  order: OrderRow;
  /** Where settled money was recovered from; null when it was still in escrow. */
  recovered: ClawbackSources | null;
}

export function refundableLeft(order: OrderRow): number {
  return order.amount - order.refunded_amount;
}

export async function refundOrder(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  refund: OrderRefund,
): Promise<RefundDone> {
  if (!Number.isSafeInteger(refund.amount) || refund.amount <= 0 || refund.amount > refundableLeft(order))
    throw new AppError(ordersErrors.ORDER_REFUND_AMOUNT_INVALID, { max: refundableLeft(order) });
  if (order.status === 'paid' || order.status === 'delivered')
    return { order: await refundBeforeSettlement(trx, ctx, order, refund), recovered: null };
  if (order.status === 'settled') return refundAfterSettlement(trx, ctx, order, refund);
  throw new AppError(ordersErrors.ORDER_ACTION_NOT_ALLOWED, { status: order.status, action: 'refund' });
}

/**
 * The money is still in escrow. All of it: the hold is voided and the payment goes back. Part of it:
 * the hold is posted for what the buyer keeps paying for, and the rest goes back — the order settles.
 */
async function refundBeforeSettlement(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  refund: OrderRefund,
): Promise<OrderRow> {
  if (refund.amount === order.amount) return refundPaidOrder(trx, ctx, order, refund.actor, refund.why);
  if (order.status !== 'delivered')
    throw new AppError(ordersErrors.ORDER_ACTION_NOT_ALLOWED, { status: order.status, action: 'refund' });
  const now = ctx.clock.now();
  const kept = order.amount - refund.amount;
  const confirmed = await moveOrder(
    trx,
    ctx,
    order,
    'confirmed',
    refund.actor,
    { code: 'confirmed_with_partial_refund', note: refund.why },
    { confirmed_at: toStoredTime(now), refunded_amount: refund.amount },
  );
  await settleEscrowReduced(
    trx,
    ctx,
    confirmed,
    { total: kept, fee: platformFee(kept, order.fee_bps) },
    refund.actor,
  );
  await sendBack(trx, ctx, confirmed, refund);
  return moveOrder(
    trx,
    ctx,
    confirmed,
    'settled',
    { type: 'system', id: 'settlement' },
    { code: 'settled' },
    { settled_at: toStoredTime(now) },
  );
}

/**
 * The merchant was already paid: the refund is recovered into the order's escrow (payable → deposit →
 * reserve → platform loss) and sent back from there, so the buyer never waits for the merchant.
 */
async function refundAfterSettlement(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  refund: OrderRefund,
): Promise<RefundDone> {
  const now = ctx.clock.now();
  const split = refundSplit(
    { amount: order.amount, feeBps: order.fee_bps },
    order.refunded_amount,
    refund.amount,
  );
  const recovered = await clawBackIntoEscrow(trx, ctx, order, {
    id: refund.purpose,
    ...split,
    actor: refund.actor,
  });
  const record = await sendBack(trx, ctx, order, refund);
  const total = order.refunded_amount + refund.amount;
  if (total < order.amount) {
    await setRefundedAmount(trx, order.id, total, now);
    return { order: { ...order, refunded_amount: total }, recovered };
  }
  // Refunded only when every refund of the payment has gone through: an earlier part may still be at the
  // provider (or have failed there) while this one went to the wallet at once.
  const others = await refundsOfPayments(trx, [record.paymentId]);
  const to = others.every((r) => r.status === 'succeeded') ? 'refunded' : 'refunding';
  const refunded = await moveOrder(
    trx,
    ctx,
    order,
    to,
    refund.actor,
    { code: to === 'refunded' ? 'refunded' : 'refund_requested', note: refund.why },
    { refunded_amount: total },
  );
  return { order: refunded, recovered };
}

/**
 * From escrow back where the payment came from (or the wallet, by the buyer's choice): the wallet at once,
 * a provider through its refund job.
 */
async function sendBack(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  refund: OrderRefund,
): Promise<RefundRecord> {
  const payment = order.payment_id ? await paymentById(trx, order.payment_id) : null;
  if (!payment) throw new Error(`order ${order.id} is ${order.status} without a payment`);
  const record = await requestRefund(
    trx,
    ctx.clock.now(),
    payment,
    refund.why,
    { amount: refund.amount, purpose: refund.purpose },
    refundDestinationOf(order),
  );
  if (record.destination === 'wallet')
    await returnFromEscrow(trx, ctx, order, {
      refundId: record.id,
      amount: record.amount,
      destination: 'wallet',
      why: refund.why,
      actor: refund.actor,
    });
  return record;
}

/**
 * Replaces delivered card keys with fresh ones from the product's stock: the new keys are sold to the
 * order at once and the old ones are marked replaced (they stay delivered — the buyer saw them). Fewer
 * keys in stock than asked: nothing happens and the merchant is told to upload keys first.
 */
export async function replaceDeliveredKeys(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  input: { keyIds: readonly string[] | null; disputeId: string },
): Promise<string[]> {
  // Delivered, or settled (a key that stopped working after confirmation, disputed within 7 days).
  if (order.product_kind !== 'card_key' || !['delivered', 'settled'].includes(order.status))
    throw new AppError(ordersErrors.ORDER_ACTION_NOT_ALLOWED, {
      status: order.status,
      action: 'replace_keys',
    });
  const now = ctx.clock.now();
  const current = await currentKeysOf(trx, order.id);
  const chosen = input.keyIds ?? current;
  if (
    chosen.length === 0 ||
    new Set(chosen).size !== chosen.length ||
    chosen.some((id) => !current.includes(id))
  )
    throw new AppError(ordersErrors.ORDER_KEYS_NOT_REPLACEABLE);
  const reserved = await reserveKeysForOrder(trx, ctx.dialect, {
    productId: order.product_id,
    orderId: order.id,
    quantity: chosen.length,
    until: now,
  });
  if (!reserved) throw new AppError(ordersErrors.ORDER_REPLACEMENT_OUT_OF_STOCK, { count: chosen.length });
  const fresh = await sellKeysOfOrder(trx, order.id, now);
  await insertOrderKeys(trx, order.id, fresh, now);
  await trx
    .insertInto('key_replacements')
    .values(
      chosen.map((oldId, i) => ({
        card_key_id: oldId,
        order_id: order.id,
        replacement_key_id: fresh[i]!,
        dispute_id: input.disputeId,
        at: toStoredTime(now),
      })),
    )
    .execute();
  // The buyer gets a fresh confirmation window for the new keys (a settled order stays settled).
  if (order.status === 'delivered')
    await trx
      .updateTable('orders')
      .set({ confirm_deadline: toStoredTime(addMs(now, snapshotOf(order).confirmHours * HOUR_MS)) })
      .where('id', '=', order.id)
      .execute();
  return fresh;
}

/** The order's delivered keys that have not been replaced. */
export async function currentKeysOf(trx: Db, orderId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('order_keys as ok')
    .leftJoin('key_replacements as kr', 'kr.card_key_id', 'ok.card_key_id')
    .select('ok.card_key_id')
    .where('ok.order_id', '=', orderId)
    .where('kr.card_key_id', 'is', null)
    .orderBy('ok.card_key_id')
    .execute();
  return rows.map((row) => row.card_key_id);
}
