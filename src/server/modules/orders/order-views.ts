import type { OrderView } from '../../../common/api/orders.js';
import type { Db } from '../../platform/context.js';
import { listTransitionsOf, type TransitionRecord } from '../../platform/state-machine.js';
import { paymentsOfPurposes, refundsOfPayments } from '../payments/index.js';
import { orderLifecycle } from './order-lifecycle.js';
import { disputeIdsOf } from './orders.repository.js';
import { snapshotOf } from './order-steps.js';
import type { OrderRow } from './orders.repository.js';

/** An order's timeline: its own steps and its dispute's (recorded under the order's id), in time order. */
const ORDER_TIMELINE = [orderLifecycle.name, 'dispute'];

/**
 * Only an order that was delivered can have a dispute: unpaid and just-paid orders (the checkout's hot
 * path) skip that query.
 */
function mayHaveDispute(orders: readonly OrderRow[]): string[] {
  return orders.filter((order) => order.delivered_at !== null).map((order) => order.id);
}

/** Orders as their buyer sees them (with payments and the timeline) and as their shop sees them. */
function baseView(order: OrderRow) {
  const snapshot = snapshotOf(order);
  return {
    id: order.id,
    status: order.status,
    productId: order.product_id,
    kind: snapshot.kind,
    title: order.title,
    merchantId: order.merchant_id,
    shopName: snapshot.shopName,
    quantity: order.quantity,
    unitPrice: order.unit_price,
    amount: order.amount,
    currency: order.currency,
    buyerInput: JSON.parse(order.buyer_input) as Record<string, string>,
    usageRules: snapshot.usageRules,
    buyerFields: snapshot.buyerFields,
    paymentDeadline: order.payment_deadline,
    paidAt: order.paid_at,
    deliveryDeadline: order.delivery_deadline,
    deliveredAt: order.delivered_at,
    deliveryNote: order.delivery_note,
    confirmDeadline: order.confirm_deadline,
    confirmedAt: order.confirmed_at,
    settledAt: order.settled_at,
    createdAt: order.created_at,
    guest: order.buyer_id === null,
    disputeOpen: order.dispute_id !== null,
    refundedAmount: order.refunded_amount,
    refundTo: order.refund_to,
  };
}

function timelineEntry(t: TransitionRecord) {
  return {
    machine: t.machine === 'dispute' ? ('dispute' as const) : ('order' as const),
    from: t.from,
    to: t.to,
    reasonCode: t.reasonCode,
    note: t.reasonNote,
    actorType: t.actor.type,
    at: t.at,
  };
}

/** What the order views add to the order rows, for a whole page at once: three queries, not three per order. */
async function extrasOf(db: Db, orders: readonly OrderRow[]) {
  const ids = orders.map((order) => order.id);
  const [timelines, payments, disputes] = await Promise.all([
    listTransitionsOf(db, ORDER_TIMELINE, ids),
    paymentsOfPurposes(db, 'order', ids),
    disputeIdsOf(db, mayHaveDispute(orders)),
  ]);
  const refunds = await refundsOfPayments(
    db,
    payments.map((p) => p.id),
  );
  const timelineOf = (orderId: string) => (timelines.get(orderId) ?? []).map(timelineEntry);
  const paymentsOf = (orderId: string) =>
    payments
      .filter((p) => p.purposeId === orderId)
      .map((p) => {
        return {
          id: p.id,
          provider: p.provider,
          amount: p.amount,
          status: p.status,
          refunds: refunds
            .filter((r) => r.paymentId === p.id)
            .map((r) => ({
              id: r.id,
              amount: r.amount,
              status: r.status,
              destination: r.destination,
              reason: r.reason,
            })),
        };
      });
  return { timelineOf, paymentsOf, disputeOf: (orderId: string) => disputes.get(orderId) ?? null };
}

export async function presentOrders(db: Db, orders: readonly OrderRow[]): Promise<OrderView[]> {
  const { timelineOf, paymentsOf, disputeOf } = await extrasOf(db, orders);
  return orders.map((order) => ({
    ...baseView(order),
    disputeId: disputeOf(order.id),
    payments: paymentsOf(order.id),
    timeline: timelineOf(order.id),
  }));
}

export async function presentOrder(db: Db, order: OrderRow): Promise<OrderView> {
  return (await presentOrders(db, [order]))[0]!;
}

/** a***@example.com: enough for a shop to recognise a returning guest, not to write to them. */
function maskEmail(email: string): string {
  const [name, domain] = email.split('@');
  return `${(name ?? '').slice(0, 1)}***@${domain ?? ''}`;
}

/** What a shop sees: no payments, no buyer identity beyond a masked label, never the keys. */
export async function presentMerchantOrders(db: Db, orders: readonly OrderRow[]) {
  const ids = orders.map((order) => order.id);
  const [timelines, disputes] = await Promise.all([
    listTransitionsOf(db, ORDER_TIMELINE, ids),
    disputeIdsOf(db, mayHaveDispute(orders)),
  ]);
  return orders.map((order) => ({
    ...baseView(order),
    disputeId: disputes.get(order.id) ?? null,
    timeline: (timelines.get(order.id) ?? []).map(timelineEntry),
    buyerLabel: order.guest_email ? maskEmail(order.guest_email) : `买家 ${order.buyer_id?.slice(-6) ?? ''}`,
    fee: order.fee,
    payout: order.amount - order.fee,
    deliveredKeys: null,
  }));
}

export async function presentMerchantOrder(db: Db, order: OrderRow) {
  return (await presentMerchantOrders(db, [order]))[0]!;
}
