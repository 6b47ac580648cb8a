import type { FastifyRequest } from 'fastify';
import { addMs, HOUR_MS, toStoredTime } from '../../platform/clock.js';
import { guestPassOf, verifyGuestPass } from '../../platform/guest-pass.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { composeEmail, queueEmail } from '../../platform/mail.js';
import { burnPasswordCheck, verifyPassword } from '../accounts/index.js';
import { ordersErrors } from './orders.errors.js';
import { findOrder, guestOrdersOf, type OrderRow } from './orders.repository.js';

/**
 * Guest orders (游客下单) open only with their number and the query password the guest chose, hashed
 * with argon2id. Wrong passwords are counted per order and per IP; an unknown order and a wrong password
 * look the same from outside, and take the same time.
 */
const WINDOW_MS = HOUR_MS;
const MAX_FAILURES_PER_ORDER = 10;
const MAX_FAILURES_PER_IP = 30;

export async function openGuestOrder(
  ctx: ServiceContext,
  input: { orderId: string; password: string; ip: string },
): Promise<OrderRow> {
  const now = ctx.clock.now();
  const since = toStoredTime(addMs(now, -WINDOW_MS));
  const [byOrder, byIp] = await Promise.all([
    failuresSince(ctx, 'order_id', input.orderId, since),
    failuresSince(ctx, 'ip', input.ip, since),
  ]);
  if (byOrder >= MAX_FAILURES_PER_ORDER || byIp >= MAX_FAILURES_PER_IP)
    throw new AppError(
      ordersErrors.ORDER_GUEST_LOOKUP_THROTTLED,
      { minutes: 60 },
      { headers: { 'retry-after': '3600' } },
    );
  const order = await findOrder(ctx.db, input.orderId);
  const valid =
    order?.guest_password_hash != null
      ? await verifyPassword(order.guest_password_hash, input.password)
      : (await burnPasswordCheck(input.password), false);
  if (!order || !valid) {
    await ctx.transact((trx) =>
      trx
        .insertInto('guest_lookup_failures')
        .values({
          id: newId('guestLookup', now),
          order_id: input.orderId,
          ip: input.ip,
          at: toStoredTime(now),
        })
        .execute(),
    );
    throw new AppError(ordersErrors.ORDER_NOT_FOUND);
  }
  return order;
}

async function failuresSince(ctx: ServiceContext, column: 'order_id' | 'ip', value: string, since: string) {
  const row = await ctx.db
    .selectFrom('guest_lookup_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column, '=', value)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * "I lost my order number": the guest's recent orders are emailed to the address they were placed
 * with. The answer is the same whether or not the address has orders, so it reveals nothing.
 */
export async function emailGuestOrders(ctx: ServiceContext, email: string): Promise<void> {
  const orders = await guestOrdersOf(ctx.db, email.toLowerCase(), 20);
  if (orders.length === 0) return;
  await ctx.transact(async (trx: Trx) => {
    const shop = ctx.config.shopName;
    await queueEmail(
      trx,
      ctx.clock.now(),
      ctx.keys,
      composeEmail(email, {
        subject: `【${shop}】你的订单号 / Your order numbers`,
        lines: [
          '以下是用此邮箱下的最近订单，凭订单号和查询密码查看 / Recent orders placed with this address:',
          ...orders.map((o) => `${o.id}  ${o.title}  ${o.created_at.slice(0, 10)}  (${o.status})`),
        ],
      }),
    );
  });
}

export async function deleteGuestLookupFailuresBefore(ctx: ServiceContext, before: Date): Promise<void> {
  await ctx.db.deleteFrom('guest_lookup_failures').where('at', '<', toStoredTime(before)).execute();
}

/**
 * A guest order opened with its pass (platform/guest-pass.ts) rather than the password: for the chat
 * and after-sales routes, after the guest opened the order once. Anything else is "not found".
 */
export async function guestOrderByPass(
  ctx: ServiceContext,
  request: FastifyRequest,
  orderId: string,
  options: { fromQuery?: boolean } = {},
): Promise<OrderRow> {
  const pass = guestPassOf(request, options);
  const order =
    pass && verifyGuestPass(ctx.keys, pass, orderId, ctx.clock.now())
      ? await findOrder(ctx.db, orderId)
      : undefined;
  if (!order || order.buyer_id !== null) throw new AppError(ordersErrors.ORDER_NOT_FOUND);
  return order;
}
