import { z } from 'zod';
import { paymentAlertView, paymentView } from '../../../common/api/payments.js';
import { userActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { toStoredTime } from '../../platform/clock.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { requireUser } from '../../platform/http/access.js';
import { clientIp, type ApiInstance } from '../../platform/http/api.js';
import { paymentsErrors } from './payments.errors.js';
import { presentPayment } from './payments.routes.js';
import { confirmByAdmin, type PaymentPurposeHandlers } from './payments.service.js';
import { retryRefund } from './refunds.service.js';

/** The admin's side of payments: mismatches raised by callbacks and reconciliation, and confirmations. */
export function registerAdminPaymentRoutes(
  app: ApiInstance,
  ctx: ServiceContext,
  handlers: PaymentPurposeHandlers,
) {
  app.get('/api/v1/admin/payment-alerts', {
    config: { access: ['admin', 'auditor'] },
    schema: {
      tags: ['admin'],
      summary:
        'Payment mismatches (open first): a callback the provider denied, money only one side knows of',
      querystring: z.strictObject({ open: z.enum(['true', 'false']).default('true') }),
      response: { 200: z.object({ items: z.array(paymentAlertView) }) },
    },
    handler: async (request) => {
      let query = ctx.db.selectFrom('payment_alerts').selectAll().orderBy('id', 'desc').limit(200);
      if (request.query.open === 'true') query = query.where('resolved_at', 'is', null);
      const rows = await query.execute();
      return {
        items: rows.map((row) => ({
          id: row.id,
          kind: row.kind,
          paymentId: row.payment_id,
          provider: row.provider,
          detail: JSON.parse(row.detail) as unknown,
          raisedAt: row.raised_at,
          resolvedAt: row.resolved_at,
          resolution: row.resolution,
        })),
      };
    },
  });

  app.post('/api/v1/admin/payment-alerts/:alertId/resolve', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary: 'Close an alert with what was done about it (audited)',
      params: z.strictObject({ alertId: z.string().max(40) }),
      body: z.strictObject({ resolution: z.string().trim().min(2).max(500) }),
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      const admin = requireUser(request);
      await ctx.transact(async (trx) => {
        const now = ctx.clock.now();
        const changed = await trx
          .updateTable('payment_alerts')
          .set({
            resolved_at: toStoredTime(now),
            resolved_by: admin.userId,
            resolution: request.body.resolution,
          })
          .where('id', '=', request.params.alertId)
          .where('resolved_at', 'is', null)
          .executeTakeFirst();
        if (Number(changed.numUpdatedRows) !== 1) throw new AppError(paymentsErrors.PAYMENT_ALERT_NOT_OPEN);
        await recordAudit(trx, now, {
          actor: userActor(admin.userId),
          action: 'payment_alert.resolve',
          target: { type: 'payment_alert', id: request.params.alertId },
          ip: clientIp(request),
          summary: request.body.resolution,
        });
      });
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/admin/refunds/:refundId/retry', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary: 'Send a failed refund to the provider again, with a reason (audited)',
      params: z.strictObject({ refundId: z.string().max(40) }),
      body: z.strictObject({ reason: z.string().trim().min(2).max(500) }),
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await retryRefund(
        ctx,
        { userId: requireUser(request).userId, ip: clientIp(request) },
        request.params.refundId,
        request.body.reason,
      );
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/admin/payments/:paymentId/confirm', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary:
        "Confirm a payment by hand (dujiao-next#288): the same pipeline as a callback, with the provider's trade number and a reason (audited)",
      params: z.strictObject({ paymentId: z.string().max(40) }),
      body: z.strictObject({
        providerTradeNo: z.string().trim().min(3).max(80),
        reason: z.string().trim().min(2).max(500),
      }),
      response: { 200: paymentView },
    },
    handler: async (request) =>
      presentPayment(
        await confirmByAdmin(
          ctx,
          handlers,
          { userId: requireUser(request).userId, ip: clientIp(request) },
          { paymentId: request.params.paymentId, ...request.body },
        ),
      ),
  });
}
