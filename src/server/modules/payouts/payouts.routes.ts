import { z } from 'zod';
import {
  approvePayoutBody,
  payoutListQuery,
  payoutPage,
  payoutSummary as payoutSummarySchema,
  payoutView,
  rejectPayoutBody,
  requestPayoutBody,
} from '../../../common/api/payouts.js';
import { userActor } from '../../platform/actor.js';
import type { Db, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { requireUser } from '../../platform/http/access.js';
import { clientIp, type ApiInstance } from '../../platform/http/api.js';
import { idempotencyHeaders, idempotentRequest, markReplayed } from '../../platform/http/idempotency.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { findMerchantRow, merchantCaller, merchantsErrors, shopNamesOf } from '../merchants/index.js';
import { payoutsErrors } from './payouts.errors.js';
import { decidePayout, findPayout, payoutSummary, presentPayout, requestPayout } from './payouts.service.js';
import type { PayoutStatus } from './payouts.tables.js';

const payoutIdParams = z.strictObject({ payoutId: z.string().max(40) });

async function listPayouts(
  db: Db,
  filter: { merchantId?: string; status?: PayoutStatus; cursor?: string | undefined; limit: number },
) {
  // Requests waiting for an admin are a queue: oldest first. History reads newest first.
  const oldestFirst = filter.status === 'requested';
  let query = db
    .selectFrom('payouts')
    .selectAll()
    .orderBy('id', oldestFirst ? 'asc' : 'desc')
    .limit(filter.limit + 1);
  if (filter.merchantId) query = query.where('merchant_id', '=', filter.merchantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  const before = decodeCursor(filter.cursor);
  if (before) query = query.where('id', oldestFirst ? '>' : '<', before);
  const rows = await query.execute();
  const items = rows.slice(0, filter.limit);
  const names = await shopNamesOf(
    db,
    items.map((r) => r.merchant_id),
  );
  return {
    items: items.map((row) => presentPayout(row, names.get(row.merchant_id) ?? '')),
    nextCursor: rows.length > filter.limit ? encodeCursor(items.at(-1)!.id) : null,
  };
}

export function registerPayoutRoutes(app: ApiInstance, ctx: ServiceContext): void {
  async function present(id: string) {
    const row = await findPayout(ctx.db, id);
    if (!row) throw new AppError(payoutsErrors.PAYOUT_NOT_FOUND);
    return presentPayout(row, (await shopNamesOf(ctx.db, [row.merchant_id])).get(row.merchant_id) ?? '');
  }

  app.get('/api/v1/merchant/payouts/summary', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary:
        'What I can withdraw now: matured earnings, the reserve period of my tier, what blocks a payout',
      response: { 200: payoutSummarySchema },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      const row = await findMerchantRow(ctx.db, caller.merchantId);
      if (!row) throw new AppError(merchantsErrors.MERCHANT_REQUIRED);
      return payoutSummary(ctx.db, row, ctx.clock.now());
    },
  });

  app.get('/api/v1/merchant/payouts', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary: 'My payouts, newest first',
      querystring: payoutListQuery,
      response: { 200: payoutPage },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      return listPayouts(ctx.db, { merchantId: caller.merchantId, ...request.query });
    },
  });

  app.post('/api/v1/merchant/payouts', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary: '申请提现 (`Idempotency-Key`): hold the amount for an admin to pay out',
      headers: idempotencyHeaders,
      body: requestPayoutBody,
      response: { 200: payoutView },
    },
    handler: async (request, reply) => {
      const caller = await merchantCaller(ctx.db, request);
      const owner = { userId: requireUser(request).userId, merchantId: caller.merchantId };
      const result = await runIdempotent(ctx, idempotentRequest(request, 'payouts.request'), async (trx) =>
        presentPayout(await requestPayout(ctx, trx, owner, request.body.amount), caller.shopName),
      );
      markReplayed(reply, result.replayed);
      return result.body;
    },
  });

  app.post('/api/v1/merchant/payouts/:payoutId/cancel', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary: 'Cancel my pending payout',
      params: payoutIdParams,
      response: { 200: payoutView },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      await decidePayout(ctx, {
        payoutId: request.params.payoutId,
        to: 'cancelled',
        actor: caller.actor,
        note: null,
        ip: caller.ip,
        merchantId: caller.merchantId,
      });
      return present(request.params.payoutId);
    },
  });

  app.get('/api/v1/admin/payouts', {
    config: { access: ['admin', 'auditor'] },
    schema: {
      tags: ['admin'],
      summary: 'Payouts, newest first, by status',
      querystring: payoutListQuery,
      response: { 200: payoutPage },
    },
    handler: (request) => listPayouts(ctx.db, request.query),
  });

  app.post('/api/v1/admin/payouts/:payoutId/approve', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary:
        'Record that a payout was paid, with the external transfer reference (posts the ledger hold; audited)',
      params: payoutIdParams,
      body: approvePayoutBody,
      response: { 200: payoutView },
    },
    handler: async (request) => {
      await decidePayout(ctx, {
        payoutId: request.params.payoutId,
        to: 'paid',
        actor: userActor(requireUser(request).userId),
        note: null,
        reference: request.body.externalReference,
        ip: clientIp(request),
      });
      return present(request.params.payoutId);
    },
  });

  app.post('/api/v1/admin/payouts/:payoutId/reject', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary: 'Reject a payout with a reason (the money goes back to the shop’s payable; audited)',
      params: payoutIdParams,
      body: rejectPayoutBody,
      response: { 200: payoutView },
    },
    handler: async (request) => {
      await decidePayout(ctx, {
        payoutId: request.params.payoutId,
        to: 'rejected',
        actor: userActor(requireUser(request).userId),
        note: request.body.reason,
        ip: clientIp(request),
      });
      return present(request.params.payoutId);
    },
  });
}
