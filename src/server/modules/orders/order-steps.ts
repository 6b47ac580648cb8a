import type { BuyerField, UsageRule } from '../../../common/api/catalog.js';
import type { Actor } from '../../platform/actor.js';
import { addMs, HOUR_MS, toStoredTime } from '../../platform/clock.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import { applyTransition, type TransitionReason } from '../../platform/state-machine.js';
import { releaseKeysOfOrder, reserveKeysForOrder, sellKeysOfOrder } from '../catalog/index.js';
import { paymentById, requestRefund } from '../payments/index.js';
import { holdEscrow, returnFromEscrow, settleEscrow, voidEscrowHold } from './escrow.js';
import { orderLifecycle } from './order-lifecycle.js';
import { insertOrderKeys, updateOrderIfStill, type OrderRow } from './orders.repository.js';
import type { OrdersTable, OrderStatus } from './orders.tables.js';
import type { Updateable } from 'kysely';
import { queueOrderEmail } from './order-emails.js';

/**
 * The steps of an order's life, each one transition plus what must happen with it in the same
 * transaction (money in the ledger, keys in the inventory, a line on the timeline). Use cases compose
 * them; nothing here opens a transaction.
 */
export interface OrderSnapshot {
  title: string;
  kind: 'card_key' | 'topup' | 'manual';
  unitPrice: number;
  usageRules: UsageRule[];
  rulesVersion: string;
  noReasonReturnExcluded: boolean;
  buyerFields: BuyerField[];
  deliveryHours: number | null;
  confirmHours: number;
  shopName: string;
}

export function snapshotOf(order: Pick<OrderRow, 'snapshot'>): OrderSnapshot {
  return JSON.parse(order.snapshot) as OrderSnapshot;
}

export async function moveOrder(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  to: OrderStatus,
  actor: Actor,
  reason: TransitionReason,
  changes: Updateable<OrdersTable> = {},
): Promise<OrderRow> {
  const now = ctx.clock.now();
  let updated: OrderRow | undefined;
  await applyTransition(
    trx,
    now,
    orderLifecycle,
    { entityId: order.id, from: order.status, to, actor, reason },
    async () => {
      updated = await updateOrderIfStill(trx, order.id, order.status, { ...changes, status: to }, now);
      return updated ? 1 : 0;
    },
  );
  // applyTransition throws unless exactly one row changed, so the order is here.
  return updated!;
}

/**
 * created (or expired) → paid: the escrow hold names where the money goes; card keys are delivered at
 * once; top-up and manual goods get their delivery deadline. The money is already in escrow.
 */
export async function markPaid(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  payment: { id: string; provider: string },
  actor: Actor,
): Promise<OrderRow> {
  const now = ctx.clock.now();
  const paid = await moveOrder(
    trx,
    ctx,
    order,
    'paid',
    actor,
    { code: order.status === 'expired' ? 'paid_late' : 'paid', note: payment.provider },
    paidChanges(order, payment.id, now),
  );
  await holdEscrow(trx, ctx, paid, actor);
  if (paid.product_kind === 'card_key') return deliverCardKeys(trx, ctx, paid);
  await queueOrderEmail(trx, ctx, paid, 'to_fulfil');
  return paid;
}

/** paid → delivered for card keys: the reserved keys are sold to this order, exactly `quantity` of them. */
async function deliverCardKeys(trx: Trx, ctx: ServiceContext, order: OrderRow): Promise<OrderRow> {
  const now = ctx.clock.now();
  const keyIds = await sellKeysOfOrder(trx, order.id, now);
  if (keyIds.length !== order.quantity)
    throw new Error(`order ${order.id}: ${keyIds.length} reserved keys for ${order.quantity} units`);
  // order_keys.card_key_id is unique: a key delivered to another order fails here, whatever happened before.
  await insertOrderKeys(trx, order.id, keyIds, now);
  const delivered = await moveOrder(
    trx,
    ctx,
    order,
    'delivered',
    { type: 'system', id: 'delivery' },
    { code: 'keys_delivered' },
    deliveredChanges(order, now),
  );
  await queueOrderEmail(trx, ctx, delivered, 'delivered');
  return delivered;
}

/** What payment writes on an order: the payment, when, and the delivery deadline of goods fulfilled by hand. */
export function paidChanges(
  order: Pick<OrderRow, 'snapshot'>,
  paymentId: string,
  now: Date,
): Updateable<OrdersTable> {
  const { deliveryHours } = snapshotOf(order);
  return {
    payment_id: paymentId,
    paid_at: toStoredTime(now),
    delivery_deadline: deliveryHours === null ? null : toStoredTime(addMs(now, deliveryHours * HOUR_MS)),
  };
}

export function deliveredChanges(order: Pick<OrderRow, 'snapshot'>, now: Date): Updateable<OrdersTable> {
  return {
    delivered_at: toStoredTime(now),
    confirm_deadline: toStoredTime(addMs(now, snapshotOf(order).confirmHours * HOUR_MS)),
  };
}

/** Re-reserves stock for a payment that arrived after the order expired; false when it is gone. */
export async function reserveAgain(trx: Trx, ctx: ServiceContext, order: OrderRow): Promise<boolean> {
  if (order.product_kind !== 'card_key') return true;
  return reserveKeysForOrder(trx, ctx.dialect, {
    productId: order.product_id,
    orderId: order.id,
    quantity: order.quantity,
    until: ctx.clock.now(),
  });
}

export async function releaseStock(trx: Trx, order: OrderRow): Promise<void> {
  if (order.product_kind === 'card_key') await releaseKeysOfOrder(trx, order.id);
}

/** delivered → confirmed → settled: the escrow hold is posted, so the merchant is paid minus the fee. */
export async function confirmAndSettle(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  actor: Actor,
  reason: TransitionReason,
): Promise<OrderRow> {
  const now = ctx.clock.now();
  const confirmed = await moveOrder(trx, ctx, order, 'confirmed', actor, reason, {
    confirmed_at: toStoredTime(now),
  });
  await settleEscrow(trx, ctx, confirmed, actor);
  return moveOrder(
    trx,
    ctx,
    confirmed,
    'settled',
    { type: 'system', id: 'settlement' },
    { code: 'settled' },
    {
      settled_at: toStoredTime(now),
    },
  );
}

/** Where the order's refunds go: the wallet when a registered buyer chose it, else back the way it came. */
export function refundDestinationOf(order: OrderRow): 'original' | 'wallet' {
  return order.buyer_id !== null && order.refund_to === 'wallet' ? 'wallet' : 'original';
}

/**
 * Refunds a paid order in full, before settlement: the escrow hold is voided and the payment goes back
 * where it came from, or to the buyer's wallet by their choice — at once for the wallet, through the
 * provider (then `refunding`) otherwise.
 */
export async function refundPaidOrder(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  actor: Actor,
  why: string,
): Promise<OrderRow> {
  const now = ctx.clock.now();
  const payment = order.payment_id ? await paymentById(trx, order.payment_id) : null;
  if (!payment) throw new Error(`order ${order.id} is ${order.status} without a payment`);
  await voidEscrowHold(trx, ctx, order, actor);
  const refund = await requestRefund(trx, now, payment, why, undefined, refundDestinationOf(order));
  const changes = { refunded_amount: order.amount };
  if (refund.destination !== 'wallet')
    return moveOrder(trx, ctx, order, 'refunding', actor, { code: 'refund_requested', note: why }, changes);
  await returnFromEscrow(trx, ctx, order, {
    refundId: refund.id,
    amount: refund.amount,
    destination: 'wallet',
    why,
    actor,
  });
  return moveOrder(trx, ctx, order, 'refunded', actor, { code: 'refunded', note: why }, changes);
}
