import { z } from 'zod';
import {
  createOrderBody,
  deliverBody,
  guestLookupBody,
  guestOrderView,
  guestPayBody,
  guestRecoverBody,
  merchantOrderPage,
  merchantOrderQuery,
  merchantOrderView,
  merchantRefundBody,
  orderPage,
  orderView,
  refundDestinationBody,
  payOrderBody,
  payOrderResult,
  revealedKeys,
  shopPageView,
} from '../../../common/api/orders.js';
import { pageQuerySchema } from '../../../common/pagination.js';
import { userActor, type Actor } from '../../platform/actor.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { GUEST_PASS_HEADER, issueGuestPass } from '../../platform/guest-pass.js';
import { assertIdempotencyKey, runIdempotent } from '../../platform/idempotency.js';
import { requireUser, sessionOf } from '../../platform/http/access.js';
import { clientIp, type ApiInstance } from '../../platform/http/api.js';
import { idempotencyHeaders, idempotentRequest, markReplayed } from '../../platform/http/idempotency.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { hashPassword } from '../accounts/index.js';
import { keyHintsOfOrder, keysInStock, revealKeysOfOrder } from '../catalog/index.js';
import { merchantCaller, merchantsErrors, publicShopFacts } from '../merchants/index.js';
import { beginCheckout, paymentById } from '../payments/index.js';
import { BuyNowLane, buyNowAlone, type BatchOutcome } from './buy-now.service.js';
import { createOrder, type Buyer } from './checkout.service.js';
import { cancelOrder, confirmReceipt, deliverOrder, refundByMerchant } from './fulfilment.service.js';
import { emailGuestOrders, guestOrderByPass, openGuestOrder } from './guest.service.js';
import { presentMerchantOrder, presentMerchantOrders, presentOrder, presentOrders } from './order-views.js';
import { ordersErrors } from './orders.errors.js';
import {
  completedOrderCount,
  findOrder,
  ordersOfBuyer,
  ordersOfMerchant,
  type OrderRow,
} from './orders.repository.js';
import { currentKeysOf } from './order-remedies.js';
import { chooseRefundDestination, payFromWallet, startProviderPayment } from './pay.service.js';
import type { CommercePolicies } from './policies.js';

const orderIdParams = z.strictObject({ orderId: z.string().max(40) });

/** The order's keys (each reveal audited), with the ones replaced in a dispute marked. */
async function revealWithReplacements(ctx: ServiceContext, orderId: string, actor: Actor, ip: string | null) {
  return ctx.transact(async (trx) => {
    const keys = await revealKeysOfOrder(trx, ctx.keys, { orderId, actor, ip, now: ctx.clock.now() });
    const current = new Set(await currentKeysOf(trx, orderId));
    return { keys: keys.map((key) => ({ ...key, replaced: !current.has(key.id) })) };
  });
}

export function registerOrderRoutes(
  app: ApiInstance,
  ctx: ServiceContext,
  policies: CommercePolicies,
  onBuyNowBatch?: (size: number, outcome: BatchOutcome) => void,
): void {
  const buyNow = new BuyNowLane(ctx, policies, onBuyNowBatch ? { onBatch: onBuyNowBatch } : {});

  /** An order of the signed-in buyer; anyone else's is "not found". */
  async function ownOrder(buyerId: string, orderId: string): Promise<OrderRow> {
    const order = await findOrder(ctx.db, orderId);
    if (!order || order.buyer_id !== buyerId) throw new AppError(ordersErrors.ORDER_NOT_FOUND);
    return order;
  }

  /** After the payment row commits, the provider is asked for its checkout page (outside any transaction). */
  async function checkoutOf(
    result: { paymentId: string; redirectUrl: string | null },
    orderId: string,
    payerIp: string | null,
  ) {
    if (result.redirectUrl !== null) return result;
    const payment = await paymentById(ctx.db, result.paymentId);
    if (!payment || payment.provider === 'wallet') return { ...result, redirectUrl: null };
    // A guest comes back to the lookup page (their order opens only with its query password).
    const returnPath = payment.payerUserId === null ? `/guest/orders?order=${orderId}` : `/orders/${orderId}`;
    // Some gateways (epay's mapi) want the payer's IP for their risk checks.
    const { redirectUrl } = await beginCheckout(ctx, payment, returnPath, payerIp);
    return { paymentId: payment.id, redirectUrl };
  }

  app.post('/api/v1/orders', {
    config: { access: 'public' },
    schema: {
      tags: ['orders'],
      summary: '下单: a signed-in buyer, or a guest (card keys only) with email and query password',
      headers: idempotencyHeaders,
      body: createOrderBody,
      response: { 200: orderView },
    },
    handler: async (request, reply) => {
      const session = sessionOf(request);
      const { guest, payWith, ...input } = request.body;
      // The guest's query password stays out of the stored fingerprint: a fast hash of it would be a
      // way to guess it.
      const idempotency = idempotentRequest(request, 'orders.create', {
        fingerprint: [input, guest?.email ?? null, payWith ?? null],
      });
      // Sold out: say so from a read, before any write or password hash. (With an Idempotency-Key the
      // stored answer of an earlier attempt must win, so those requests go the whole way; 立即购买 still
      // reads it to know whether the product is card keys, which the batch takes.) Null: not card keys.
      const buyNowBySession = session !== null && !guest && payWith === 'wallet';
      const inStock =
        idempotency.key === undefined || buyNowBySession
          ? await keysInStock(ctx.db, input.productId, input.quantity)
          : null;
      if (inStock === false && idempotency.key === undefined)
        throw new AppError(ordersErrors.ORDER_OUT_OF_STOCK);
      // 立即购买 of card keys joins the next batch (ADR 0010).
      if (session && buyNowBySession && inStock !== null) {
        // A malformed key is this request's error, not its batch's.
        assertIdempotencyKey(idempotency.key);
        const bought = await buyNow.submit({
          userId: session.userId,
          input: { ...input, guest },
          idempotency,
        });
        markReplayed(reply, bought.replayed);
        return bought.order;
      }
      if (session && guest) throw new AppError(ordersErrors.ORDER_GUEST_NOT_ALLOWED);
      // A guest has no wallet to pay from: 立即购买 is for signed-in buyers.
      if (!session && (!guest || payWith)) throw new AppError(ordersErrors.ORDER_GUEST_NOT_ALLOWED);
      const buyer: Buyer = session
        ? { kind: 'user', userId: session.userId }
        : { kind: 'guest', email: guest!.email, passwordHash: await hashPassword(guest!.queryPassword) };
      const result = await runIdempotent(ctx, idempotency, async (trx) => {
        const order =
          payWith === 'wallet' && buyer.kind === 'user'
            ? await buyNowAlone(ctx, trx, policies, { userId: buyer.userId, input: { ...input, guest } })
            : await createOrder(ctx, trx, policies, buyer, { ...input, guest });
        return presentOrder(trx, order);
      });
      markReplayed(reply, result.replayed);
      return result.body;
    },
  });

  app.get('/api/v1/orders', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['orders'],
      summary: 'My orders, newest first',
      querystring: pageQuerySchema,
      response: { 200: orderPage },
    },
    handler: async (request) => {
      const rows = await ordersOfBuyer(
        ctx.db,
        requireUser(request).userId,
        decodeCursor(request.query.cursor),
        request.query.limit,
      );
      const page = rows.slice(0, request.query.limit);
      return {
        items: await presentOrders(ctx.db, page),
        nextCursor: rows.length > request.query.limit ? encodeCursor(page.at(-1)!.id) : null,
      };
    },
  });

  app.get('/api/v1/orders/:orderId', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['orders'],
      summary: 'One of my orders: status, deadlines, payments and the timeline',
      params: orderIdParams,
      response: { 200: orderView },
    },
    handler: async (request) =>
      presentOrder(ctx.db, await ownOrder(requireUser(request).userId, request.params.orderId)),
  });

  app.post('/api/v1/orders/:orderId/pay', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['orders'],
      summary: 'Pay from my wallet (done at once) or through a provider (returns its checkout page)',
      headers: idempotencyHeaders,
      params: orderIdParams,
      body: payOrderBody,
      response: { 200: payOrderResult },
    },
    handler: async (request, reply) => {
      const userId = requireUser(request).userId;
      const { orderId } = request.params;
      const result = await runIdempotent(ctx, idempotentRequest(request, 'orders.pay'), async (trx) => {
        if (request.body.method === 'wallet') {
          const { paymentId, redirectUrl } = await payFromWallet(ctx, trx, userId, orderId);
          return { paymentId, redirectUrl };
        }
        const order = await findOrder(trx, orderId);
        if (!order || order.buyer_id !== userId) throw new AppError(ordersErrors.ORDER_NOT_FOUND);
        const payment = await startProviderPayment(ctx, trx, order, request.body.method);
        return { paymentId: payment.id, redirectUrl: null };
      });
      markReplayed(reply, result.replayed);
      return checkoutOf(result.body, orderId, clientIp(request));
    },
  });

  app.post('/api/v1/orders/:orderId/keys', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['orders'],
      summary: 'Show the card keys of my delivered order (each reveal is recorded)',
      params: orderIdParams,
      response: { 200: revealedKeys },
    },
    handler: async (request) => {
      const userId = requireUser(request).userId;
      const order = await ownOrder(userId, request.params.orderId);
      return revealWithReplacements(ctx, order.id, userActor(userId), clientIp(request));
    },
  });

  app.post('/api/v1/orders/:orderId/confirm', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['orders'],
      summary: '确认收货: settles the order now (the shop is paid)',
      params: orderIdParams,
      response: { 200: orderView },
    },
    handler: async (request) =>
      presentOrder(ctx.db, await confirmReceipt(ctx, requireUser(request).userId, request.params.orderId)),
  });

  app.put('/api/v1/orders/:orderId/refund-destination', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['orders'],
      summary:
        'Where my refunds go: back through the provider (`original`) or my wallet at once; choosing the wallet also takes a refund the provider gave up on into it (audited)',
      params: orderIdParams,
      body: refundDestinationBody,
      response: { 200: orderView },
    },
    handler: async (request) =>
      presentOrder(
        ctx.db,
        await chooseRefundDestination(
          ctx,
          { userId: requireUser(request).userId, ip: clientIp(request) },
          request.params.orderId,
          request.body.to,
        ),
      ),
  });

  app.post('/api/v1/orders/:orderId/cancel', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['orders'],
      summary: 'Cancel my unpaid order; its stock returns to sale',
      params: orderIdParams,
      response: { 200: orderView },
    },
    handler: async (request) =>
      presentOrder(
        ctx.db,
        await cancelOrder(ctx, userActor(requireUser(request).userId), request.params.orderId),
      ),
  });

  registerGuestRoutes(app, ctx, checkoutOf);
  registerMerchantOrderRoutes(app, ctx);
}

function registerGuestRoutes(
  app: ApiInstance,
  ctx: ServiceContext,
  checkoutOf: (
    result: { paymentId: string; redirectUrl: string | null },
    orderId: string,
    payerIp: string | null,
  ) => Promise<{ paymentId: string; redirectUrl: string | null }>,
): void {
  const open = (request: { body: { orderId: string; password: string } }, ip: string) =>
    openGuestOrder(ctx, { orderId: request.body.orderId, password: request.body.password, ip });

  app.post('/api/v1/guest/orders/lookup', {
    config: { access: 'public' },
    schema: {
      tags: ['orders'],
      summary:
        '订单查询 for guests: the order number and the query password (throttled); returns a 2-hour pass for the chat and after-sales',
      body: guestLookupBody,
      response: { 200: guestOrderView },
    },
    handler: async (request) => {
      const order = await open(request, clientIp(request));
      return {
        ...(await presentOrder(ctx.db, order)),
        guestPass: issueGuestPass(ctx.keys, order.id, ctx.clock.now()),
      };
    },
  });

  app.get('/api/v1/guest/orders/:orderId', {
    config: { access: 'public' },
    schema: {
      tags: ['orders'],
      summary: `A guest order again, with its pass (header \`${GUEST_PASS_HEADER}\`) instead of the password`,
      params: orderIdParams,
      response: { 200: orderView },
    },
    handler: async (request) =>
      presentOrder(ctx.db, await guestOrderByPass(ctx, request, request.params.orderId)),
  });

  app.post('/api/v1/guest/orders/keys', {
    config: { access: 'public' },
    schema: {
      tags: ['orders'],
      summary: "A guest order's card keys, with its query password (each reveal is recorded)",
      body: guestLookupBody,
      response: { 200: revealedKeys },
    },
    handler: async (request) => {
      const ip = clientIp(request);
      const order = await open(request, ip);
      return revealWithReplacements(ctx, order.id, { type: 'guest', id: order.id }, ip);
    },
  });

  app.post('/api/v1/guest/orders/pay', {
    config: { access: 'public' },
    schema: {
      tags: ['orders'],
      summary: 'Pay a guest order through a provider (guests have no wallet)',
      headers: idempotencyHeaders,
      body: guestPayBody,
      response: { 200: payOrderResult },
    },
    handler: async (request, reply) => {
      const order = await open(request, clientIp(request));
      // Scoped by the order (a guest has no account) and never fingerprinted with the query password.
      const idempotency = idempotentRequest(request, 'orders.guest_pay', {
        scope: `guest:${order.id}`,
        fingerprint: [order.id, request.body.method],
      });
      const result = await runIdempotent(ctx, idempotency, async (trx) => {
        const current = await findOrder(trx, order.id);
        if (!current) throw new AppError(ordersErrors.ORDER_NOT_FOUND);
        const payment = await startProviderPayment(ctx, trx, current, request.body.method);
        return { paymentId: payment.id, redirectUrl: null };
      });
      markReplayed(reply, result.replayed);
      return checkoutOf(result.body, order.id, clientIp(request));
    },
  });

  app.post('/api/v1/guest/orders/recover', {
    config: { access: 'public' },
    schema: {
      tags: ['orders'],
      summary: 'Email a guest their recent order numbers (same answer whether or not there are any)',
      body: guestRecoverBody,
      response: { 202: z.object({ sent: z.literal(true) }) },
    },
    handler: async (request, reply) => {
      await emailGuestOrders(ctx, request.body.email);
      return reply.code(202).send({ sent: true });
    },
  });

  app.get('/api/v1/shops/:merchantId', {
    config: { access: 'public' },
    schema: {
      tags: ['catalog'],
      summary: 'A shop page: verification, deposit held, completed orders',
      params: z.strictObject({ merchantId: z.string().max(40) }),
      response: { 200: shopPageView },
    },
    handler: async (request) => {
      const facts = await publicShopFacts(ctx.db, request.params.merchantId, ctx.clock.now());
      if (!facts) throw new AppError(merchantsErrors.MERCHANT_NOT_FOUND);
      return { ...facts, completedOrders: await completedOrderCount(ctx.db, facts.id) };
    },
  });
}

function registerMerchantOrderRoutes(app: ApiInstance, ctx: ServiceContext): void {
  app.get('/api/v1/merchant/orders', {
    config: { access: { roles: ['merchant'], apiKeyScope: 'orders:read' } },
    schema: {
      tags: ['merchant'],
      summary: "My shop's orders, newest first, optionally by status (`paid` = waiting for delivery)",
      querystring: merchantOrderQuery,
      response: { 200: merchantOrderPage },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      const before = decodeCursor(request.query.cursor);
      const rows = await ordersOfMerchant(ctx.db, caller.merchantId, {
        ...(request.query.status ? { status: request.query.status } : {}),
        ...(before ? { before } : {}),
        limit: request.query.limit,
      });
      const page = rows.slice(0, request.query.limit);
      return {
        items: await presentMerchantOrders(ctx.db, page),
        nextCursor: rows.length > request.query.limit ? encodeCursor(page.at(-1)!.id) : null,
      };
    },
  });

  app.get('/api/v1/merchant/orders/:orderId', {
    config: { access: { roles: ['merchant'], apiKeyScope: 'orders:read' } },
    schema: {
      tags: ['merchant'],
      summary: 'One order of my shop (never its card keys)',
      params: orderIdParams,
      response: { 200: merchantOrderView },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      const order = await findOrder(ctx.db, request.params.orderId);
      if (!order || order.merchant_id !== caller.merchantId) throw new AppError(ordersErrors.ORDER_NOT_FOUND);
      const view = await presentMerchantOrder(ctx.db, order);
      if (order.product_kind !== 'card_key') return view;
      const current = new Set(await currentKeysOf(ctx.db, order.id));
      const hints = await keyHintsOfOrder(ctx.db, ctx.keys, order.id);
      return { ...view, deliveredKeys: hints.map((k) => ({ ...k, replaced: !current.has(k.id) })) };
    },
  });

  app.post('/api/v1/merchant/orders/:orderId/deliver', {
    config: { access: { roles: ['merchant'], apiKeyScope: 'orders:fulfil' } },
    schema: {
      tags: ['merchant'],
      summary: 'Mark a top-up or manual order delivered, with proof; the confirmation window starts',
      params: orderIdParams,
      body: deliverBody,
      response: { 200: merchantOrderView },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      const order = await deliverOrder(ctx, caller, request.params.orderId, request.body.note);
      return presentMerchantOrder(ctx.db, order);
    },
  });

  app.post('/api/v1/merchant/orders/:orderId/refund', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary: 'Refund a paid order I cannot fulfil (the whole amount, to where it came from)',
      params: orderIdParams,
      body: merchantRefundBody,
      response: { 200: merchantOrderView },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      const order = await refundByMerchant(ctx, caller, request.params.orderId, request.body.reason);
      return presentMerchantOrder(ctx.db, order);
    },
  });
}
