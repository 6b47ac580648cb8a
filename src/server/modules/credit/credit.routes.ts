import { z } from 'zod';
import { creditView, sanctionBody } from '../../../common/api/credit.js';
import { userActor } from '../../platform/actor.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { requireUser } from '../../platform/http/access.js';
import { clientIp, type ApiInstance } from '../../platform/http/api.js';
import { findMerchantRow, merchantCaller, merchantsErrors, setSanction } from '../merchants/index.js';
import { creditOf, tellOwner } from './credit.service.js';

const merchantIdParams = z.strictObject({ merchantId: z.string().max(40) });

export function registerCreditRoutes(app: ApiInstance, ctx: ServiceContext): void {
  async function shopRow(merchantId: string, publicOnly: boolean) {
    const row = await findMerchantRow(ctx.db, merchantId);
    if (!row || (publicOnly && !['active', 'suspended', 'closing', 'closed'].includes(row.status)))
      throw new AppError(merchantsErrors.MERCHANT_NOT_FOUND);
    return row;
  }

  app.get('/api/v1/shops/:merchantId/credit', {
    config: { access: 'public' },
    schema: {
      tags: ['catalog'],
      summary: "A shop's credit score with its parts and dispute rate (the formula is published)",
      params: merchantIdParams,
      response: { 200: creditView },
    },
    handler: async (request) =>
      creditOf(ctx.db, await shopRow(request.params.merchantId, true), ctx.clock.now()),
  });

  app.get('/api/v1/merchant/credit', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary: "My shop's credit score and its reasons",
      response: { 200: creditView },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      return creditOf(ctx.db, await shopRow(caller.merchantId, false), ctx.clock.now());
    },
  });

  app.get('/api/v1/admin/merchants/:merchantId/credit', {
    config: { access: ['admin', 'agent', 'auditor'] },
    schema: {
      tags: ['admin'],
      summary: "A shop's credit score",
      params: merchantIdParams,
      response: { 200: creditView },
    },
    handler: async (request) =>
      creditOf(ctx.db, await shopRow(request.params.merchantId, false), ctx.clock.now()),
  });

  app.post('/api/v1/admin/merchants/:merchantId/sanction', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary:
        "Set an active shop's sanction by hand (an appeal granted, or a warning), with a reason (audited)",
      params: merchantIdParams,
      body: sanctionBody,
      response: { 200: creditView },
    },
    handler: async (request) => {
      const admin = requireUser(request);
      await ctx.transact(async (trx) => {
        const row = await findMerchantRow(trx, request.params.merchantId);
        if (!row) throw new AppError(merchantsErrors.MERCHANT_NOT_FOUND);
        if (row.status !== 'active')
          throw new AppError(merchantsErrors.MERCHANT_NOT_ACTIVE, { status: row.status });
        await setSanction(
          trx,
          row.id,
          { status: 'active', sanction: request.body.sanction, byAdmin: true },
          ctx.clock.now(),
        );
        await tellOwner(
          ctx,
          trx,
          row,
          request.body.sanction,
          request.body.reason,
          userActor(admin.userId),
          clientIp(request),
        );
      });
      return creditOf(ctx.db, await shopRow(request.params.merchantId, false), ctx.clock.now());
    },
  });
}
