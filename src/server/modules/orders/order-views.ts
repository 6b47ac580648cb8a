import type { OrderView } from '../../../common/api/orders.js';
import type { Db } from '../../platform/context.js';
import { listTransitionsOf, type TransitionRecord } from '../../platform/state-machine.js';
import { paymentsOfPurposes, refundsOfPayments } from '../payments/index.js';
import { orderLifecycle } from './order-lifecycle.js';
import { snapshotOf } from './order-steps.js';
import type { OrderRow } from './orders.repository.js';

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
  };
}

function timelineEntry(t: TransitionRecord) {
  return {
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
  const [timelines, payments] = await Promise.all([
    listTransitionsOf(db, orderLifecycle.name, ids),
    paymentsOfPurposes(db, 'order', ids),
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
        const refund = refunds.find((r) => r.paymentId === p.id);
        return {
          id: p.id,
          provider: p.provider,
          amount: p.amount,
          status: p.status,
          refund: refund ? { status: refund.status, reason: refund.reason } : null,
        };
      });
  return { timelineOf, paymentsOf };
}

export async function presentOrders(db: Db, orders: readonly OrderRow[]): Promise<OrderView[]> {
  const { timelineOf, paymentsOf } = await extrasOf(db, orders);
  return orders.map((order) => ({
    ...baseView(order),
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
  const timelines = await listTransitionsOf(db, orderLifecycle.name, ids);
  return orders.map((order) => ({
    ...baseView(order),
    timeline: (timelines.get(order.id) ?? []).map(timelineEntry),
    buyerLabel: order.guest_email ? maskEmail(order.guest_email) : `买家 ${order.buyer_id?.slice(-6) ?? ''}`,
    fee: order.fee,
    payout: order.amount - order.fee,
  }));
}

export async function presentMerchantOrder(db: Db, order: OrderRow) {
  return (await presentMerchantOrders(db, [order]))[0]!;
}
