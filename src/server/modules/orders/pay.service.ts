import { formatMoney } from '../../../common/money.js';
import { SYSTEM_ACTOR, userActor, type Actor } from '../../platform/actor.js';
import { addMs, MINUTE_MS, toStoredTime } from '../../platform/clock.js';
import { recordAudit } from '../../platform/audit.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { balancesOf } from '../ledger/index.js';
import {
  createPendingPayment,
  paymentsOfPurposes,
  recordWalletPayment,
  redirectFailedRefund,
  refundsOfPayments,
  requestRefund,
  type PaymentPurposeHandler,
  type PaymentRecord,
} from '../payments/index.js';
import { fundEscrow, returnFromEscrow } from './escrow.js';
import { queueOrderEmail } from './order-emails.js';
import { markPaid, moveOrder, refundDestinationOf, reserveAgain } from './order-steps.js';
import { ordersErrors } from './orders.errors.js';
import { findOrder, lockOrder, type OrderRow } from './orders.repository.js';

/**
 * Paying an order. From the wallet the order is paid (and card keys delivered) in the request's own
 * transaction. Through a provider, a pending payment is created; the order is paid when the provider
 * confirms it, in the payment pipeline's transaction (`orderPaymentHandler`).
 */
export async function payFromWallet(
  ctx: ServiceContext,
  trx: Trx,
  userId: string,
  orderId: string,
): Promise<{ paymentId: string; redirectUrl: null; order: OrderRow }> {
  const now = ctx.clock.now();
  const order = await lockOrder(trx, ctx.dialect, orderId);
  if (!order || order.buyer_id !== userId) throw new AppError(ordersErrors.ORDER_NOT_FOUND);
  assertPayable(order, now);
  const payment = await recordWalletPayment(trx, now, {
    purpose: 'order',
    purposeId: order.id,
    payerUserId: userId,
    amount: order.amount,
    currency: order.currency,
    subject: order.title,
    expiresAt: now,
  });
  const actor = userActor(userId);
  const funded = await fundEscrow(trx, ctx, order, {
    paymentId: payment.id,
    amount: order.amount,
    source: 'wallet',
    actor,
  });
  if (funded.ledger.outcome === 'rejected') {
    const wallet = (await balancesOf(trx, 'user', userId)).find((b) => b.kind === 'user_wallet');
    throw new AppError(ordersErrors.ORDER_INSUFFICIENT_BALANCE, {
      amount: formatMoney(order.amount, order.currency),
      available: formatMoney(wallet?.available ?? 0, order.currency),
    });
  }
  const paid = await markPaid(trx, ctx, funded.order, payment, actor);
  return { paymentId: payment.id, redirectUrl: null, order: paid };
}

/** The order as it is now in this transaction (funding the escrow recorded its account). */
async function reread(trx: Trx, orderId: string): Promise<OrderRow> {
  const order = await findOrder(trx, orderId);
  if (!order) throw new Error(`order ${orderId} vanished`);
  return order;
}

function assertPayable(order: OrderRow, now: Date): void {
  if (order.status !== 'created')
    throw new AppError(ordersErrors.ORDER_NOT_PAYABLE, { status: order.status });
  // The window is checked here, not only by the expiry job: a wallet payment one second late is refused
  // rather than racing the job that releases the keys.
  if (now.getTime() >= new Date(order.payment_deadline).getTime())
    throw new AppError(ordersErrors.ORDER_NOT_PAYABLE, { status: 'expired' });
}

/** A provider payment for an unpaid order; the caller sends the buyer to the provider after commit. */
export async function startProviderPayment(
  ctx: ServiceContext,
  trx: Trx,
  order: OrderRow,
  provider: string,
): Promise<PaymentRecord> {
  const now = ctx.clock.now();
  assertPayable(order, now);
  return createPendingPayment(trx, ctx, {
    purpose: 'order',
    purposeId: order.id,
    payerUserId: order.buyer_id,
    provider,
    amount: order.amount,
    currency: order.currency,
    subject: order.title,
    // A little past the order's window: a buyer who started paying in time may finish a bit late, and
    // a late payment is handled (delivered if stock allows, refunded if not) rather than lost.
    expiresAt: addMs(new Date(order.payment_deadline), 5 * MINUTE_MS),
  });
}

/**
 * What an order does with money a provider confirmed. The money always lands in the order's escrow
 * first; then: an unpaid order is paid; an expired one is paid if its stock can be reserved again;
 * anything else (already paid by another payment, cancelled, no stock left) is refunded to the payer.
 */
export const orderPaymentHandler: PaymentPurposeHandler = {
  async onSucceeded(trx, ctx, payment) {
    const order = await lockOrder(trx, ctx.dialect, payment.purposeId);
    if (!order) throw new Error(`payment ${payment.id} is for a missing order ${payment.purposeId}`);
    const actor: Actor = SYSTEM_ACTOR;
    const funded = await fundEscrow(trx, ctx, order, {
      paymentId: payment.id,
      amount: payment.amount,
      source: payment.provider,
      actor,
    });
    if (funded.ledger.outcome === 'rejected') throw new Error(`escrow refused payment ${payment.id}`);
    const current = funded.order;
    if (current.status === 'created') {
      await markPaid(trx, ctx, current, payment, actor);
      return;
    }
    if (current.status === 'expired' && (await reserveAgain(trx, ctx, current))) {
      await markPaid(trx, ctx, current, payment, actor);
      return;
    }
    const why =
      current.status === 'expired'
        ? 'late_payment_no_stock'
        : current.status === 'cancelled'
          ? 'order_cancelled'
          : 'duplicate_payment';
    const refund = await requestRefund(
      trx,
      ctx.clock.now(),
      payment,
      why,
      undefined,
      payment.payerUserId ? refundDestinationOf(current) : 'original',
    );
    if (refund.destination === 'wallet')
      await returnFromEscrow(trx, ctx, current, {
        refundId: refund.id,
        amount: refund.amount,
        destination: 'wallet',
        why,
        actor,
      });
  },

  async onRefunded(trx, ctx, payment, refund) {
    const order = await lockOrder(trx, ctx.dialect, payment.purposeId);
    if (!order) throw new Error(`refund ${refund.id} is for a missing order ${payment.purposeId}`);
    await returnFromEscrow(trx, ctx, order, {
      refundId: refund.id,
      amount: refund.amount,
      // Back out through the provider, or into the wallet when a refund the provider gave up on went there.
      destination: refund.destination === 'wallet' ? 'wallet' : 'clearing',
      why: refund.reason,
      actor: SYSTEM_ACTOR,
    });
    // A dispute may have refunded in parts (a decision, then an appeal): the order is refunded when the
    // last of its payment's refunds has gone through, not the first (a failed one still owes the buyer).
    const stillOpen = (await refundsOfPayments(trx, [payment.id])).some((r) => r.status !== 'succeeded');
    if (order.status === 'refunding' && order.payment_id === payment.id && !stillOpen) {
      const refunded = await moveOrder(trx, ctx, order, 'refunded', SYSTEM_ACTOR, {
        code: 'refunded',
        note: refund.reason,
      });
      await queueOrderEmail(trx, ctx, refunded, 'refunded');
    }
  },
};

/**
 * The buyer chooses where the order's refunds go (issue 6): back through the provider that took the money,
 * or the wallet — at once, with no provider in between. Choosing the wallet also takes any refund the
 * provider gave up on into the wallet now; refunds still at the provider are left to finish there (one
 * might yet go through, and a refund must never be paid twice). Guests have no wallet. Audited.
 */
export async function chooseRefundDestination(
  ctx: ServiceContext,
  buyer: { userId: string; ip: string | null },
  orderId: string,
  to: 'original' | 'wallet',
): Promise<OrderRow> {
  return ctx.transact(async (trx) => {
    const order = await lockOrder(trx, ctx.dialect, orderId);
    if (!order || order.buyer_id === null || order.buyer_id !== buyer.userId)
      throw new AppError(ordersErrors.ORDER_NOT_FOUND);
    const now = ctx.clock.now();
    await trx
      .updateTable('orders')
      .set({ refund_to: to, updated_at: toStoredTime(now) })
      .where('id', '=', order.id)
      .execute();
    const redirected: string[] = [];
    if (to === 'wallet') {
      const payments = await paymentsOfPurposes(trx, 'order', [order.id]);
      const failed = (
        await refundsOfPayments(
          trx,
          payments.map((p) => p.id),
        )
      ).filter((refund) => refund.status === 'failed');
      for (const refund of failed)
        if (await redirectFailedRefund(trx, ctx, orderPaymentHandler, refund.id, buyer))
          redirected.push(refund.id);
    }
    await recordAudit(trx, now, {
      actor: userActor(buyer.userId),
      action: 'order.refund_destination',
      target: { type: 'order', id: order.id },
      ip: buyer.ip,
      summary: `refunds to ${to}${redirected.length > 0 ? `; ${redirected.length} failed refund(s) taken to the wallet` : ''}`,
      details: { to, redirectedRefunds: redirected },
    });
    return reread(trx, order.id);
  });
}
