import { z } from 'zod';
import {
  checkoutStarted,
  paymentStatusSchema,
  paymentView,
  sandboxCompleteBody,
  sandboxTradeView,
  topupBody,
} from '../../../common/api/payments.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { requireUser } from '../../platform/http/access.js';
import { clientIp, type ApiInstance } from '../../platform/http/api.js';
import { idempotencyHeaders, idempotentRequest, markReplayed } from '../../platform/http/idempotency.js';
import { paymentsErrors } from './payments.errors.js';
import type { PaymentRecord } from './payments.repository.js';
import { beginCheckout, checkPayment, getPayment, type PaymentPurposeHandlers } from './payments.service.js';
import { registerAdminPaymentRoutes } from './admin-payments.routes.js';
import { registerCallbackRoutes } from './callback.routes.js';
import { registerChannelRoutes } from './channels.routes.js';
import { providerFor } from './channels.service.js';
import { SANDBOX, type SandboxProvider } from './sandbox/sandbox-provider.js';
import { createTopup } from './topup.service.js';

const paymentIdParams = z.strictObject({ paymentId: z.string().max(40) });

export function presentPayment(payment: PaymentRecord) {
  return {
    id: payment.id,
    purpose: payment.purpose,
    purposeId: payment.purposeId,
    provider: payment.provider,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    createdAt: payment.createdAt,
    succeededAt: payment.succeededAt,
  };
}

export function registerPaymentRoutes(
  app: ApiInstance,
  ctx: ServiceContext,
  handlers: PaymentPurposeHandlers,
): void {
  app.post('/api/v1/wallet/topups', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['payments'],
      summary: 'Top up my wallet (余额充值) through a provider: returns the checkout page to go to',
      headers: idempotencyHeaders,
      body: topupBody,
      response: { 200: checkoutStarted },
    },
    handler: async (request, reply) => {
      const userId = requireUser(request).userId;
      const result = await runIdempotent(ctx, idempotentRequest(request, 'wallet.topup'), async (trx) => ({
        paymentId: (await createTopup(ctx, trx, { userId, ...request.body })).id,
      }));
      markReplayed(reply, result.replayed);
      // Registering with the provider is itself idempotent, so a replay gets the same checkout page.
      const payment = await getPayment(ctx, result.body.paymentId);
      if (!payment) throw new AppError(paymentsErrors.PAYMENT_NOT_FOUND);
      const { redirectUrl } = await beginCheckout(
        ctx,
        payment,
        `/account/wallet?payment=${payment.id}`,
        clientIp(request),
      );
      return { paymentId: payment.id, redirectUrl };
    },
  });

  app.get('/api/v1/payments/:paymentId', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['payments'],
      summary: 'One of my payments',
      params: paymentIdParams,
      response: { 200: paymentView },
    },
    handler: async (request) => {
      const payment = await getPayment(ctx, request.params.paymentId);
      if (!payment || payment.payerUserId !== requireUser(request).userId)
        throw new AppError(paymentsErrors.PAYMENT_NOT_FOUND);
      return presentPayment(payment);
    },
  });

  app.post('/api/v1/payments/:paymentId/check', {
    config: { access: 'public' },
    schema: {
      tags: ['payments'],
      summary: '"我已支付": ask the provider now and apply its answer (safe for anyone to trigger)',
      params: paymentIdParams,
      response: { 200: z.object({ status: paymentStatusSchema }) },
    },
    handler: async (request) => ({
      status: (await checkPayment(ctx, handlers, request.params.paymentId)).status,
    }),
  });

  registerCallbackRoutes(app, ctx, handlers);
  registerChannelRoutes(app, ctx);
  registerAdminPaymentRoutes(app, ctx, handlers);
  registerSandboxRoutes(app, ctx);
}

/**
 * The sandbox provider's own pages: what a buyer sees at the "payment company". Completing a trade
 * sends its signed notification to Kameng's callback route over HTTP (in process), exactly as a
 * provider's server would.
 */
function registerSandboxRoutes(app: ApiInstance, ctx: ServiceContext): void {
  // Trades are read from the sandbox's own books; signing uses the key of the trade's channel.
  const books = () => providerFor(ctx, SANDBOX) as Promise<SandboxProvider>;
  const signerOf = (notifyPath: string) =>
    providerFor(ctx, notifyPath.split('/').pop() ?? SANDBOX) as Promise<SandboxProvider>;
  const tradeParams = z.strictObject({ tradeNo: z.string().max(40) });

  app.get('/api/v1/sandbox/trades/:tradeNo', {
    config: { access: 'public' },
    schema: {
      tags: ['sandbox'],
      summary: 'Sandbox provider: the trade its checkout page shows',
      params: tradeParams,
      response: { 200: sandboxTradeView },
    },
    handler: async (request) => {
      const trade = await (await books()).trade(request.params.tradeNo);
      if (!trade) throw new AppError(paymentsErrors.SANDBOX_TRADE_NOT_FOUND);
      return {
        tradeNo: trade.trade_no,
        amount: trade.amount,
        currency: trade.currency,
        subject: trade.subject,
        status: trade.status,
        returnPath: trade.return_path,
      };
    },
  });

  app.post('/api/v1/sandbox/trades/:tradeNo/complete', {
    config: { access: 'public' },
    schema: {
      tags: ['sandbox'],
      summary: 'Sandbox provider: the buyer pays (or fails); the provider then notifies Kameng',
      params: tradeParams,
      body: sandboxCompleteBody,
      response: { 200: z.object({ returnPath: z.string(), notified: z.boolean() }) },
    },
    handler: async (request) => {
      const trade = await (await books()).trade(request.params.tradeNo);
      if (!trade) throw new AppError(paymentsErrors.SANDBOX_TRADE_NOT_FOUND);
      const completed = await (
        await signerOf(trade.notify_path)
      ).completeTrade(request.params.tradeNo, request.body.outcome);
      if (!completed) throw new AppError(paymentsErrors.SANDBOX_TRADE_CLOSED);
      const response = await app.inject({
        method: 'POST',
        url: completed.notifyPath,
        payload: completed.notification,
        headers: { 'content-type': 'application/json' },
      });
      const notified = response.statusCode === 200 && response.body === 'success';
      if (!notified)
        request.log.warn({ status: response.statusCode }, 'sandbox notification was not acknowledged');
      return { returnPath: completed.returnPath, notified };
    },
  });
}
