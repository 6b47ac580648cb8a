import { z } from 'zod';
import {
  adminMerchantPage,
  adminMerchantQuery,
  adminMerchantView,
  apiKeyView,
  closingBody,
  createApiKeyBody,
  createdApiKey,
  depositBody,
  merchantApplicationBody,
  merchantStatusChangeBody,
  myShopView,
  reviewBody,
} from '../../../common/api/merchants.js';
import type { ServiceContext } from '../../platform/context.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { requireUser } from '../../platform/http/access.js';
import { clientIp, type ApiInstance } from '../../platform/http/api.js';
import { idempotencyHeaders, idempotentRequest, markReplayed } from '../../platform/http/idempotency.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.js';
import { applyForShop, getMyShop, presentShop } from './application.service.js';
import { announceClosing } from './closing.service.js';
import { payDeposit } from './deposit.service.js';
import { merchantCaller } from './merchant-caller.js';
import { rowToMerchant } from './merchants.repository.js';
import {
  getMerchantForAdmin,
  listMerchantsForAdmin,
  reviewApplication,
  setMerchantStatus,
} from './review.service.js';

const merchantIdParams = z.strictObject({ merchantId: z.string().max(40) });
const keyIdParams = z.strictObject({ keyId: z.string().max(40) });

export function registerMerchantRoutes(app: ApiInstance, ctx: ServiceContext): void {
  app.post('/api/v1/merchant/application', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['merchant'],
      summary: 'Apply to open a shop (KYC details), or apply again after a rejection',
      body: merchantApplicationBody,
      response: { 200: myShopView },
    },
    handler: (request) => applyForShop(ctx, requireUser(request).userId, request.body),
  });

  app.get('/api/v1/merchant/shop', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['merchant'],
      summary: 'My shop: status, review note, deposit and payable balance (null if I have not applied)',
      response: { 200: z.object({ shop: myShopView.nullable() }) },
    },
    handler: async (request) => ({ shop: await getMyShop(ctx, requireUser(request).userId) }),
  });

  app.post('/api/v1/merchant/closing', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary:
        '停业公告: announce closing 30 days ahead (shown on the shop page); selling stops then, the deposit returns after the last windows',
      body: closingBody,
      response: { 200: myShopView },
    },
    handler: async (request) => {
      const row = await announceClosing(ctx, requireUser(request).userId, request.body.reason);
      return presentShop(ctx.db, rowToMerchant(row));
    },
  });

  app.post('/api/v1/merchant/deposit', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary:
        'Pay into the shop deposit (保证金) from my wallet; the shop opens once it reaches the minimum',
      headers: idempotencyHeaders,
      body: depositBody,
      response: { 200: myShopView },
    },
    handler: async (request, reply) => {
      const userId = requireUser(request).userId;
      const result = await runIdempotent(ctx, idempotentRequest(request, 'merchant.deposit'), (trx) =>
        payDeposit(ctx, trx, userId, request.body.amount),
      );
      markReplayed(reply, result.replayed);
      return result.body;
    },
  });

  app.get('/api/v1/merchant/api-keys', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary: "My shop's API keys (secrets are never shown again)",
      response: { 200: z.object({ items: z.array(apiKeyView) }) },
    },
    handler: async (request) => ({
      items: await listApiKeys(ctx, (await merchantCaller(ctx.db, request)).merchantId),
    }),
  });

  app.post('/api/v1/merchant/api-keys', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary: 'Create an API key with scopes; the token is in this response only',
      body: createApiKeyBody,
      response: { 200: createdApiKey },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      return createApiKey(
        ctx,
        { userId: requireUser(request).userId, merchantId: caller.merchantId, ip: clientIp(request) },
        request.body,
      );
    },
  });

  app.post('/api/v1/merchant/api-keys/:keyId/revoke', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary: 'Revoke an API key at once',
      params: keyIdParams,
      response: { 200: apiKeyView },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      return revokeApiKey(
        ctx,
        { userId: requireUser(request).userId, merchantId: caller.merchantId, ip: clientIp(request) },
        request.params.keyId,
      );
    },
  });

  const adminRequest = (request: Parameters<typeof requireUser>[0]) => ({
    adminId: requireUser(request).userId,
    ip: clientIp(request),
  });

  app.get('/api/v1/admin/merchants', {
    config: { access: ['admin', 'auditor'] },
    schema: {
      tags: ['admin'],
      summary: 'Shops and applications, newest first, optionally by status',
      querystring: adminMerchantQuery,
      response: { 200: adminMerchantPage },
    },
    handler: (request) => listMerchantsForAdmin(ctx, request.query),
  });

  app.get('/api/v1/admin/merchants/:merchantId', {
    config: { access: ['admin', 'auditor'] },
    schema: {
      tags: ['admin'],
      summary: 'One shop or application',
      params: merchantIdParams,
      response: { 200: adminMerchantView },
    },
    handler: (request) => getMerchantForAdmin(ctx, request.params.merchantId),
  });

  app.post('/api/v1/admin/merchants/:merchantId/review', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary:
        'Approve or reject an application (a rejection needs a reason; audited; the applicant is emailed)',
      params: merchantIdParams,
      body: reviewBody,
      response: { 200: adminMerchantView },
    },
    handler: (request) =>
      reviewApplication(ctx, adminRequest(request), {
        merchantId: request.params.merchantId,
        ...request.body,
      }),
  });

  app.post('/api/v1/admin/merchants/:merchantId/status', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary: 'Suspend or reinstate a shop, with a reason (audited; the owner is emailed)',
      params: merchantIdParams,
      body: merchantStatusChangeBody,
      response: { 200: adminMerchantView },
    },
    handler: (request) =>
      setMerchantStatus(ctx, adminRequest(request), {
        merchantId: request.params.merchantId,
        ...request.body,
      }),
  });
}
