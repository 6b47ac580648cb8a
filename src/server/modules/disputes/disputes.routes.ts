import { z } from 'zod';
import {
  appealBody,
  appealDecisionBody,
  decisionBody,
  disputeListQuery,
  disputePage,
  disputeView,
  escalateBody,
  merchantResponseBody,
  openDisputeBody,
  staffQueueQuery,
} from '../../../common/api/disputes.js';
import { orderView } from '../../../common/api/orders.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { requireUser } from '../../platform/http/access.js';
import { clientIp, type ApiInstance } from '../../platform/http/api.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { merchantCaller } from '../merchants/index.js';
import { findOrder, guestOrderByPass, presentOrder } from '../orders/index.js';
import type { FastifyRequest } from 'fastify';
import { decideAppeal, decideDispute, type StaffRequest } from './decisions.service.js';
import { presentDispute, presentDisputes } from './dispute-views.js';
import { disputesErrors } from './disputes.errors.js';
import {
  disputeOfOrder,
  disputesOf,
  findDispute,
  staffQueue,
  type DisputeRow,
} from './disputes.repository.js';
import {
  acceptByBuyer,
  appealDecision,
  escalateByBuyer,
  openDispute,
  respondToDispute,
  withdrawByBuyer,
  type BuyerRef,
} from './disputes.service.js';

const orderIdParams = z.strictObject({ orderId: z.string().max(40) });
const disputeIdParams = z.strictObject({ disputeId: z.string().max(40) });

function staffOf(request: FastifyRequest): StaffRequest {
  const user = requireUser(request);
  return {
    userId: user.userId,
    role: user.roles.includes('admin') ? 'admin' : 'agent',
    ip: clientIp(request),
  };
}

async function page(ctx: ServiceContext, rows: DisputeRow[], limit: number) {
  const items = rows.slice(0, limit);
  return {
    items: await presentDisputes(ctx.db, items),
    nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!.id) : null,
  };
}

export function registerDisputeRoutes(app: ApiInstance, ctx: ServiceContext): void {
  registerBuyerRoutes(app, ctx);
  registerGuestRoutes(app, ctx);
  registerMerchantRoutes(app, ctx);
  registerStaffRoutes(app, ctx);
}

function userOf(request: FastifyRequest): BuyerRef {
  return { kind: 'user', userId: requireUser(request).userId };
}

function registerBuyerRoutes(app: ApiInstance, ctx: ServiceContext): void {
  async function ownDispute(request: FastifyRequest, disputeId: string) {
    const dispute = await findDispute(ctx.db, disputeId);
    if (!dispute || dispute.buyer_id !== requireUser(request).userId)
      throw new AppError(disputesErrors.DISPUTE_NOT_FOUND);
    return dispute;
  }

  app.post('/api/v1/orders/:orderId/dispute', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['disputes'],
      summary:
        '申请售后: open a dispute on a delivered order (or within 7 days of settlement); confirmation stops',
      params: orderIdParams,
      body: openDisputeBody,
      response: { 200: disputeView },
    },
    handler: async (request) =>
      presentDispute(ctx.db, await openDispute(ctx, userOf(request), request.params.orderId, request.body)),
  });

  app.get('/api/v1/orders/:orderId/dispute', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['disputes'],
      summary: "My order's dispute, with its deadlines and steps",
      params: orderIdParams,
      response: { 200: disputeView },
    },
    handler: async (request) => {
      const dispute = await disputeOfOrder(ctx.db, request.params.orderId);
      if (!dispute || dispute.buyer_id !== requireUser(request).userId)
        throw new AppError(disputesErrors.DISPUTE_NOT_FOUND);
      return presentDispute(ctx.db, dispute);
    },
  });

  app.get('/api/v1/disputes', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['disputes'],
      summary: 'My disputes, newest first',
      querystring: disputeListQuery,
      response: { 200: disputePage },
    },
    handler: async (request) => {
      const before = decodeCursor(request.query.cursor);
      const rows = await disputesOf(
        ctx.db,
        { buyerId: requireUser(request).userId },
        {
          ...(request.query.status ? { status: request.query.status } : {}),
          ...(before ? { before } : {}),
          limit: request.query.limit,
        },
      );
      return page(ctx, rows, request.query.limit);
    },
  });

  app.post('/api/v1/disputes/:disputeId/accept', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['disputes'],
      summary: "Accept the merchant's answer (the offered refund, the new keys, or its explanation)",
      params: disputeIdParams,
      response: { 200: disputeView },
    },
    handler: async (request) => {
      const dispute = await acceptByBuyer(ctx, userOf(request), request.params.disputeId);
      return presentDispute(ctx.db, dispute);
    },
  });

  app.post('/api/v1/disputes/:disputeId/escalate', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['disputes'],
      summary: '申请平台介入: an agent decides (48 h target)',
      params: disputeIdParams,
      body: escalateBody,
      response: { 200: disputeView },
    },
    handler: async (request) => {
      const dispute = await escalateByBuyer(
        ctx,
        userOf(request),
        request.params.disputeId,
        request.body.note,
      );
      return presentDispute(ctx.db, dispute);
    },
  });

  app.post('/api/v1/disputes/:disputeId/withdraw', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['disputes'],
      summary: 'Withdraw my dispute',
      params: disputeIdParams,
      response: { 200: disputeView },
    },
    handler: async (request) =>
      presentDispute(ctx.db, await withdrawByBuyer(ctx, userOf(request), request.params.disputeId)),
  });

  app.post('/api/v1/disputes/:disputeId/appeal', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['disputes'],
      summary: 'Appeal a decision to an admin (once, within 7 days)',
      params: disputeIdParams,
      body: appealBody,
      response: { 200: disputeView },
    },
    handler: async (request) => {
      await ownDispute(request, request.params.disputeId);
      const dispute = await appealDecision(
        ctx,
        { side: 'buyer', buyer: userOf(request) },
        request.params.disputeId,
        request.body.note,
      );
      return presentDispute(ctx.db, dispute);
    },
  });
}

/**
 * A guest's after-sales, with the pass the order lookup gave them (`x-guest-pass`): the same steps as a
 * signed-in buyer's, addressed by the order (one dispute per order).
 */
function registerGuestRoutes(app: ApiInstance, ctx: ServiceContext): void {
  const base = '/api/v1/guest/orders/:orderId/dispute';
  async function guestOf(request: FastifyRequest, orderId: string): Promise<BuyerRef> {
    await guestOrderByPass(ctx, request, orderId);
    return { kind: 'guest', orderId };
  }
  async function disputeIdOf(orderId: string): Promise<string> {
    const dispute = await disputeOfOrder(ctx.db, orderId);
    if (!dispute) throw new AppError(disputesErrors.DISPUTE_NOT_FOUND);
    return dispute.id;
  }

  app.post(base, {
    config: { access: 'public' },
    schema: {
      tags: ['disputes'],
      summary: '申请售后 on a guest order, with its pass',
      params: orderIdParams,
      body: openDisputeBody,
      response: { 200: disputeView },
    },
    handler: async (request) => {
      const guest = await guestOf(request, request.params.orderId);
      return presentDispute(ctx.db, await openDispute(ctx, guest, request.params.orderId, request.body));
    },
  });

  app.get(base, {
    config: { access: 'public' },
    schema: {
      tags: ['disputes'],
      summary: "A guest order's dispute, with its pass",
      params: orderIdParams,
      response: { 200: disputeView },
    },
    handler: async (request) => {
      await guestOf(request, request.params.orderId);
      const dispute = await disputeOfOrder(ctx.db, request.params.orderId);
      if (!dispute) throw new AppError(disputesErrors.DISPUTE_NOT_FOUND);
      return presentDispute(ctx.db, dispute);
    },
  });

  // The buyer's steps, each addressed by the order: with a note (escalate, appeal) or without.
  type Step = (buyer: BuyerRef, disputeId: string, note: string) => Promise<DisputeRow>;
  const steps: Array<{ step: string; summary: string; withNote: boolean; run: Step }> = [
    {
      step: 'accept',
      summary: "Accept the merchant's answer",
      withNote: false,
      run: (b, id) => acceptByBuyer(ctx, b, id),
    },
    {
      step: 'withdraw',
      summary: 'Withdraw the dispute',
      withNote: false,
      run: (b, id) => withdrawByBuyer(ctx, b, id),
    },
    {
      step: 'escalate',
      summary: '申请平台介入 `{ note }`',
      withNote: true,
      run: (b, id, note) => escalateByBuyer(ctx, b, id, note),
    },
    {
      step: 'appeal',
      summary: 'Appeal a decision `{ note }` (once per side, within 7 days)',
      withNote: true,
      run: (b, id, note) => appealDecision(ctx, { side: 'buyer', buyer: b }, id, note),
    },
  ];
  for (const { step, summary, withNote, run } of steps)
    app.post(`${base}/${step}`, {
      config: { access: 'public' },
      schema: {
        tags: ['disputes'],
        summary: `${summary} (guest, with the pass)`,
        params: orderIdParams,
        ...(withNote ? { body: escalateBody } : {}),
        response: { 200: disputeView },
      },
      handler: async (request) => {
        const guest = await guestOf(request, request.params.orderId);
        const id = await disputeIdOf(request.params.orderId);
        const note = (request.body as { note?: string } | undefined)?.note ?? '';
        return presentDispute(ctx.db, await run(guest, id, note));
      },
    });
}

function registerMerchantRoutes(app: ApiInstance, ctx: ServiceContext): void {
  async function shopDispute(request: FastifyRequest, disputeId: string) {
    const caller = await merchantCaller(ctx.db, request);
    const dispute = await findDispute(ctx.db, disputeId);
    if (!dispute || dispute.merchant_id !== caller.merchantId)
      throw new AppError(disputesErrors.DISPUTE_NOT_FOUND);
    return { caller, dispute };
  }

  app.get('/api/v1/merchant/disputes', {
    config: { access: { roles: ['merchant'], apiKeyScope: 'orders:read' } },
    schema: {
      tags: ['merchant'],
      summary: "My shop's disputes, newest first, optionally by status",
      querystring: disputeListQuery,
      response: { 200: disputePage },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      const before = decodeCursor(request.query.cursor);
      const rows = await disputesOf(
        ctx.db,
        { merchantId: caller.merchantId },
        {
          ...(request.query.status ? { status: request.query.status } : {}),
          ...(before ? { before } : {}),
          limit: request.query.limit,
        },
      );
      return page(ctx, rows, request.query.limit);
    },
  });

  app.get('/api/v1/merchant/disputes/:disputeId', {
    config: { access: { roles: ['merchant'], apiKeyScope: 'orders:read' } },
    schema: {
      tags: ['merchant'],
      summary: 'One dispute of my shop',
      params: disputeIdParams,
      response: { 200: disputeView },
    },
    handler: async (request) =>
      presentDispute(ctx.db, (await shopDispute(request, request.params.disputeId)).dispute),
  });

  app.post('/api/v1/merchant/disputes/:disputeId/respond', {
    config: { access: { roles: ['merchant'], apiKeyScope: 'orders:fulfil' } },
    schema: {
      tags: ['merchant'],
      summary: 'Answer a dispute within 24 h: refund, offer part, replace card keys, or contest with a note',
      params: disputeIdParams,
      body: merchantResponseBody,
      response: { 200: disputeView },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      return presentDispute(
        ctx.db,
        await respondToDispute(ctx, caller, request.params.disputeId, request.body),
      );
    },
  });

  app.post('/api/v1/merchant/disputes/:disputeId/appeal', {
    config: { access: ['merchant'] },
    schema: {
      tags: ['merchant'],
      summary: 'Appeal a decision to an admin (once, within 7 days)',
      params: disputeIdParams,
      body: appealBody,
      response: { 200: disputeView },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      const dispute = await appealDecision(
        ctx,
        { side: 'merchant', caller },
        request.params.disputeId,
        request.body.note,
      );
      return presentDispute(ctx.db, dispute);
    },
  });
}

function registerStaffRoutes(app: ApiInstance, ctx: ServiceContext): void {
  app.get('/api/v1/admin/disputes', {
    config: { access: ['agent', 'admin'] },
    schema: {
      tags: ['admin'],
      summary: 'The dispute queue, soonest deadline first (escalated by default)',
      querystring: staffQueueQuery,
      response: { 200: disputePage },
    },
    handler: async (request) => ({
      items: await presentDisputes(
        ctx.db,
        await staffQueue(ctx.db, request.query.queue, request.query.limit),
      ),
      nextCursor: null,
    }),
  });

  app.get('/api/v1/admin/disputes/:disputeId', {
    config: { access: ['agent', 'admin'] },
    schema: {
      tags: ['admin'],
      summary: 'One dispute with its order (timeline, payments) for the decision',
      params: disputeIdParams,
      response: { 200: disputeView.extend({ order: orderView.nullable() }) },
    },
    handler: async (request) => {
      const dispute = await findDispute(ctx.db, request.params.disputeId);
      if (!dispute) throw new AppError(disputesErrors.DISPUTE_NOT_FOUND);
      const order = await findOrder(ctx.db, dispute.order_id);
      return {
        ...(await presentDispute(ctx.db, dispute)),
        order: order ? await presentOrder(ctx.db, order) : null,
      };
    },
  });

  app.post('/api/v1/admin/disputes/:disputeId/decide', {
    config: { access: ['agent', 'admin'] },
    schema: {
      tags: ['admin'],
      summary: 'Decide an escalated dispute with a written reason: full refund, partial refund, or release',
      params: disputeIdParams,
      body: decisionBody,
      response: { 200: disputeView },
    },
    handler: async (request) =>
      presentDispute(
        ctx.db,
        await decideDispute(ctx, staffOf(request), request.params.disputeId, request.body),
      ),
  });

  app.post('/api/v1/admin/disputes/:disputeId/appeal-decision', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary:
        'Decide an appeal: uphold, or overturn (a larger refund for a buyer; credit restored for a merchant)',
      params: disputeIdParams,
      body: appealDecisionBody,
      response: { 200: disputeView },
    },
    handler: async (request) =>
      presentDispute(
        ctx.db,
        await decideAppeal(ctx, staffOf(request), request.params.disputeId, request.body),
      ),
  });
}
