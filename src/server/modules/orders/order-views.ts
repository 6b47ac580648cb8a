import type { OrderView } from '../../../common/api/orders.js';
import type { Db } from '../../platform/context.js';
import { listTransitions } from '../../platform/state-machine.js';
import { paymentsOfPurpose, refundsOfPayments } from '../payments/index.js';
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

async function timelineOf(db: Db, orderId: string) {
  return (await listTransitions(db, orderLifecycle.name, orderId)).map((t) => ({
    from: t.from,
    to: t.to,
    reasonCode: t.reasonCode,
    note: t.reasonNote,
    actorType: t.actor.type,
    at: t.at,
  }));
}

export async function presentOrder(db: Db, order: OrderRow): Promise<OrderView> {
  const payments = await paymentsOfPurpose(db, 'order', order.id);
  const refunds = await refundsOfPayments(
    db,
    payments.map((p) => p.id),
  );
  return {
    ...baseView(order),
    payments: payments.map((p) => {
      const refund = refunds.find((r) => r.paymentId === p.id);
      return {
        id: p.id,
        provider: p.provider,
        amount: p.amount,
        status: p.status,
        refund: refund ? { status: refund.status, reason: refund.reason } : null,
      };
    }),
    timeline: await timelineOf(db, order.id),
  };
}

/** a***@example.com: enough for a shop to recognise a returning guest, not to write to them. */
function maskEmail(email: string): string {
  const [name, domain] = email.split('@');
  return `${(name ?? '').slice(0, 1)}***@${domain ?? ''}`;
}

export async function presentMerchantOrder(db: Db, order: OrderRow) {
  return {
    ...baseView(order),
    timeline: await timelineOf(db, order.id),
    buyerLabel: order.guest_email ? maskEmail(order.guest_email) : `买家 ${order.buyer_id?.slice(-6) ?? ''}`,
    fee: order.fee,
    payout: order.amount - order.fee,
  };
}
