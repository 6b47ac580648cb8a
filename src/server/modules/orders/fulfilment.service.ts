import { SYSTEM_ACTOR, userActor, type Actor } from '../../platform/actor.js';
import { HOUR_MS, toStoredTime } from '../../platform/clock.js';
import { forEachItem, type ServiceContext, type Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { assertMayFulfil, recordCreditEvent, type MerchantCaller } from '../merchants/index.js';
import { queueOrderEmail } from './order-emails.js';
import {
  confirmAndSettle,
  deliveredChanges,
  moveOrder,
  refundPaidOrder,
  releaseStock,
} from './order-steps.js';
import { ordersErrors } from './orders.errors.js';
import {
  lockOrder,
  markDeliveryReminded,
  ordersDue,
  ordersPastDelivery,
  ordersToRemind,
  type OrderRow,
} from './orders.repository.js';

/**
 * After payment: the merchant delivers top-up and manual goods (card keys deliver themselves), the buyer
 * confirms receipt or the disclosed window confirms it, and confirmation settles the escrow. Unpaid
 * orders are cancelled by the buyer or expire, and their stock returns to sale.
 */
function notAllowed(order: OrderRow, action: string): AppError {
  return new AppError(ordersErrors.ORDER_ACTION_NOT_ALLOWED, { status: order.status, action });
}

async function merchantOrder(ctx: ServiceContext, trx: Trx, caller: MerchantCaller, orderId: string) {
  const order = await lockOrder(trx, ctx.dialect, orderId);
  if (!order || order.merchant_id !== caller.merchantId) throw new AppError(ordersErrors.ORDER_NOT_FOUND);
  return order;
}

/** The merchant marks a top-up or manual order delivered, with proof the buyer can check. */
export async function deliverOrder(
  ctx: ServiceContext,
  caller: MerchantCaller,
  orderId: string,
  note: string,
): Promise<OrderRow> {
  assertMayFulfil(caller);
  return ctx.transact(async (trx) => {
    const order = await merchantOrder(ctx, trx, caller, orderId);
    if (order.status !== 'paid' || order.product_kind === 'card_key') throw notAllowed(order, 'deliver');
    const now = ctx.clock.now();
    const delivered = await moveOrder(
      trx,
      ctx,
      order,
      'delivered',
      caller.actor,
      { code: 'delivered_by_merchant' },
      {
        ...deliveredChanges(order, now),
        delivery_note: note,
      },
    );
    await queueOrderEmail(trx, ctx, delivered, 'delivered');
    return delivered;
  });
}

/** The merchant cannot fulfil a paid order: the buyer gets the whole payment back. */
export async function refundByMerchant(
  ctx: ServiceContext,
  caller: MerchantCaller,
  orderId: string,
  reason: string,
): Promise<OrderRow> {
  return ctx.transact(async (trx) => {
    const order = await merchantOrder(ctx, trx, caller, orderId);
    if (order.status !== 'paid') throw notAllowed(order, 'refund');
    const refunded = await refundPaidOrder(trx, ctx, order, caller.actor, `merchant: ${reason}`);
    if (refunded.status === 'refunded') await queueOrderEmail(trx, ctx, refunded, 'refunded');
    return refunded;
  });
}

/** The buyer confirms receipt: the order settles now instead of when the window passes. */
export async function confirmReceipt(
  ctx: ServiceContext,
  buyerId: string,
  orderId: string,
): Promise<OrderRow> {
  return ctx.transact(async (trx) => {
    const order = await lockOrder(trx, ctx.dialect, orderId);
    if (!order || order.buyer_id !== buyerId) throw new AppError(ordersErrors.ORDER_NOT_FOUND);
    if (order.status !== 'delivered') throw notAllowed(order, 'confirm');
    // With a dispute open the buyer settles it (accept or withdraw) rather than around it.
    if (order.dispute_id !== null) throw new AppError(ordersErrors.ORDER_DISPUTE_OPEN);
    return confirmAndSettle(trx, ctx, order, userActor(buyerId), { code: 'confirmed_by_buyer' });
  });
}

/** The buyer cancels an unpaid order; its keys go back on sale at once. */
export async function cancelOrder(ctx: ServiceContext, buyer: Actor, orderId: string): Promise<OrderRow> {
  return ctx.transact(async (trx) => {
    const order = await lockOrder(trx, ctx.dialect, orderId);
    const owns = order && (buyer.type === 'guest' ? buyer.id === order.id : order.buyer_id === buyer.id);
    if (!order || !owns) throw new AppError(ordersErrors.ORDER_NOT_FOUND);
    if (order.status !== 'created') throw notAllowed(order, 'cancel');
    await releaseStock(trx, order);
    return moveOrder(trx, ctx, order, 'cancelled', buyer, { code: 'cancelled_by_buyer' });
  });
}

/**
 * The expiry job: unpaid orders past their window expire and their keys return to stock. Each order is
 * its own transaction and re-checked under its lock, so a payment that wins the race is never undone.
 */
export async function expireDueOrders(ctx: ServiceContext, limit = 200): Promise<number> {
  let expired = 0;
  for (const id of await ordersDue(ctx.db, 'payment', ctx.clock.now(), limit)) {
    await ctx.transact(async (trx) => {
      const order = await lockOrder(trx, ctx.dialect, id);
      const now = ctx.clock.now();
      if (order?.status !== 'created' || new Date(order.payment_deadline) > now) return;
      await releaseStock(trx, order);
      await moveOrder(
        trx,
        ctx,
        order,
        'expired',
        SYSTEM_ACTOR,
        { code: 'payment_window_passed' },
        {
          updated_at: toStoredTime(now),
        },
      );
      expired++;
    });
  }
  return expired;
}

/** The auto-confirm job: delivered orders whose disclosed window has passed confirm and settle. */
export async function confirmDueOrders(ctx: ServiceContext, limit = 200): Promise<number> {
  let confirmed = 0;
  for (const id of await ordersDue(ctx.db, 'confirm', ctx.clock.now(), limit)) {
    await ctx.transact(async (trx) => {
      const order = await lockOrder(trx, ctx.dialect, id);
      if (order?.status !== 'delivered' || !order.confirm_deadline || order.dispute_id !== null) return;
      if (new Date(order.confirm_deadline) > ctx.clock.now()) return;
      await confirmAndSettle(trx, ctx, order, SYSTEM_ACTOR, { code: 'confirmed_automatically' });
      confirmed++;
    });
  }
  return confirmed;
}

/**
 * The delivery-deadline job (Taobao's 卖家超时未发货, Z2U's 24 h rule): a paid top-up or manual order
 * the merchant has not delivered by the promised time is refunded in full, automatically, and the shop
 * loses credit. The buyer never has to ask.
 */
export async function refundOverdueOrders(ctx: ServiceContext, limit = 200): Promise<number> {
  let refunded = 0;
  const due = await ordersPastDelivery(ctx.db, ctx.clock.now(), limit);
  await forEachItem(ctx, 'orders.delivery_deadline', due, (id) =>
    ctx.transact(async (trx) => {
      const order = await lockOrder(trx, ctx.dialect, id);
      const now = ctx.clock.now();
      if (order?.status !== 'paid' || !order.delivery_deadline || new Date(order.delivery_deadline) > now)
        return;
      const done = await refundPaidOrder(trx, ctx, order, SYSTEM_ACTOR, 'delivery_deadline_passed');
      await recordCreditEvent(trx, now, {
        merchantId: order.merchant_id,
        kind: 'deadline_missed',
        orderId: order.id,
      });
      if (done.status === 'refunded') await queueOrderEmail(trx, ctx, done, 'refunded');
      refunded++;
    }),
  );
  return refunded;
}

/** Merchants are reminded once when an order's delivery deadline is this close. */
export const DELIVERY_REMINDER_MS = 2 * HOUR_MS;

export async function remindDeliveriesDue(ctx: ServiceContext, limit = 200): Promise<number> {
  let reminded = 0;
  for (const order of await ordersToRemind(ctx.db, ctx.clock.now(), DELIVERY_REMINDER_MS, limit)) {
    await ctx.transact(async (trx) => {
      if ((await markDeliveryReminded(trx, order.id, ctx.clock.now())) !== 1) return;
      await queueOrderEmail(trx, ctx, order, 'delivery_reminder');
      reminded++;
    });
  }
  return reminded;
}
