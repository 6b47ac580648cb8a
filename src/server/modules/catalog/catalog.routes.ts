import { z } from 'zod';
import {
  categoryBody,
  categoryView,
  inventoryView,
  keyUploadBody,
  keyUploadReport,
  productBody,
  productListQuery,
  productPage,
  productPatchBody,
  productStatusBody,
  productView,
  withdrawKeysBody,
} from '../../../common/api/catalog.js';
import { pageQuerySchema } from '../../../common/pagination.js';
import type { ServiceContext } from '../../platform/context.js';
import { requireUser } from '../../platform/http/access.js';
import { clientIp, type ApiInstance } from '../../platform/http/api.js';
import { merchantCaller } from '../merchants/index.js';
import { listCategories, saveCategory } from './categories.service.js';
import { inventoryOf, uploadKeys, withdrawKeys } from './inventory.service.js';
import {
  createProduct,
  getMerchantProduct,
  getProductForBuyers,
  listMerchantProducts,
  listProductsForBuyers,
  setProductStatus,
  updateMerchantProduct,
} from './products.service.js';

const productIdParams = z.strictObject({ productId: z.string().max(40) });
const categoryIdParams = z.strictObject({ categoryId: z.string().max(40) });

/** Key uploads carry up to tens of thousands of keys; every other JSON body stays within 64 KiB. */
const KEY_UPLOAD_BODY_LIMIT = 4 * 1024 * 1024;

export function registerCatalogRoutes(app: ApiInstance, ctx: ServiceContext): void {
  app.get('/api/v1/categories', {
    config: { access: 'public' },
    schema: {
      tags: ['catalog'],
      summary: 'Games and their kinds of goods, in display order',
      response: { 200: z.object({ items: z.array(categoryView) }) },
    },
    handler: async () => ({ items: await listCategories(ctx, false) }),
  });

  app.get('/api/v1/products', {
    config: { access: 'public' },
    schema: {
      tags: ['catalog'],
      summary: 'Goods on sale, newest first: by category (a game includes its kinds), by shop, or by title',
      querystring: productListQuery,
      response: { 200: productPage },
    },
    handler: (request) => listProductsForBuyers(ctx, request.query),
  });

  app.get('/api/v1/products/:productId', {
    config: { access: 'public' },
    schema: {
      tags: ['catalog'],
      summary: 'A product page: price, stock, usage rules, escrow window, buyer fields',
      params: productIdParams,
      response: { 200: productView },
    },
    handler: (request) => getProductForBuyers(ctx, request.params.productId),
  });

  app.get('/api/v1/merchant/products', {
    config: { access: { roles: ['merchant'], apiKeyScope: 'products:read' } },
    schema: {
      tags: ['merchant'],
      summary: "My shop's goods in every state, with stock",
      querystring: pageQuerySchema,
      response: { 200: productPage },
    },
    handler: async (request) =>
      listMerchantProducts(ctx, await merchantCaller(ctx.db, request), request.query),
  });

  app.post('/api/v1/merchant/products', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary: 'Create goods (as a draft): card keys, top-up or manual service',
      body: productBody,
      response: { 200: productView },
    },
    handler: async (request) => createProduct(ctx, await merchantCaller(ctx.db, request), request.body),
  });

  app.get('/api/v1/merchant/products/:productId', {
    config: { access: { roles: ['merchant'], apiKeyScope: 'products:read' } },
    schema: {
      tags: ['merchant'],
      summary: 'One of my goods',
      params: productIdParams,
      response: { 200: productView },
    },
    handler: async (request) =>
      getMerchantProduct(ctx, await merchantCaller(ctx.db, request), request.params.productId),
  });

  app.patch('/api/v1/merchant/products/:productId', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary: 'Change goods; orders already placed keep the terms they were placed with',
      params: productIdParams,
      body: productPatchBody,
      response: { 200: productView },
    },
    handler: async (request) =>
      updateMerchantProduct(
        ctx,
        await merchantCaller(ctx.db, request),
        request.params.productId,
        request.body,
      ),
  });

  app.post('/api/v1/merchant/products/:productId/status', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary: 'List or delist goods',
      params: productIdParams,
      body: productStatusBody,
      response: { 200: productView },
    },
    handler: async (request) =>
      setProductStatus(
        ctx,
        await merchantCaller(ctx.db, request),
        request.params.productId,
        request.body.status,
      ),
  });

  app.post('/api/v1/merchant/products/:productId/keys', {
    config: { access: { roles: ['merchant'], apiKeyScope: 'keys:write' } },
    bodyLimit: KEY_UPLOAD_BODY_LIMIT,
    schema: {
      tags: ['merchant'],
      summary:
        'Upload card keys (pasted lines or CSV text); duplicates and bad lines are reported, not stored',
      params: productIdParams,
      body: keyUploadBody,
      response: { 200: keyUploadReport },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      return uploadKeys(ctx, caller, request.params.productId, {
        ...request.body,
        source: caller.actor.type === 'api_key' ? 'api' : request.body.format,
      });
    },
  });

  app.get('/api/v1/merchant/products/:productId/keys', {
    config: { access: { roles: ['merchant'], apiKeyScope: 'products:read' } },
    schema: {
      tags: ['merchant'],
      summary: 'Key counts by state and recent upload batches (keys themselves are never shown here)',
      params: productIdParams,
      response: { 200: inventoryView },
    },
    handler: async (request) =>
      inventoryOf(ctx, await merchantCaller(ctx.db, request), request.params.productId),
  });

  app.post('/api/v1/merchant/products/:productId/keys/withdraw', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary: 'Take available keys off sale (oldest first), with a reason',
      params: productIdParams,
      body: withdrawKeysBody,
      response: { 200: inventoryView },
    },
    handler: async (request) =>
      withdrawKeys(ctx, await merchantCaller(ctx.db, request), request.params.productId, request.body),
  });

  const admin = (request: Parameters<typeof requireUser>[0]) => ({
    userId: requireUser(request).userId,
    ip: clientIp(request),
  });

  app.get('/api/v1/admin/categories', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary: 'Every category, hidden ones included',
      response: { 200: z.object({ items: z.array(categoryView) }) },
    },
    handler: async () => ({ items: await listCategories(ctx, true) }),
  });

  app.post('/api/v1/admin/categories', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary: 'Create a game (no parent) or a kind of goods under a game (audited)',
      body: categoryBody,
      response: { 200: categoryView },
    },
    handler: (request) => saveCategory(ctx, admin(request), null, request.body),
  });

  app.put('/api/v1/admin/categories/:categoryId', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary: 'Rename, reorder, move or hide a category (audited)',
      params: categoryIdParams,
      body: categoryBody,
      response: { 200: categoryView },
    },
    handler: (request) => saveCategory(ctx, admin(request), request.params.categoryId, request.body),
  });
}
