import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  IMAGE_MAX_BYTES,
  IMAGE_TYPES,
  inboxPage as inboxPageSchema,
  messagePage,
  messageView,
  postMessageBody,
  uploadedAttachment,
} from '../../../common/api/chat.js';
import { pageQuerySchema } from '../../../common/pagination.js';
import { userActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Db, ServiceContext } from '../../platform/context.js';
import type { Access } from '../../platform/http/access.js';
import { clientIp, type ApiInstance } from '../../platform/http/api.js';
import { decodeCursor } from '../../platform/pagination.js';
import { merchantCaller } from '../merchants/index.js';
import {
  buyerParty,
  guestParty,
  merchantParty,
  staffParty,
  type ChatParty,
  type PartyUse,
} from './chat-parties.js';
import { conversationPage, inboxPage, presentMessage, readImage } from './chat-views.js';
import { imageTooLarge, postMessage, uploadImage } from './chat.service.js';

const orderIdParams = z.strictObject({ orderId: z.string().max(40) });
const attachmentParams = orderIdParams.extend({ attachmentId: z.string().max(40) });
const EXTENSIONS: Record<(typeof IMAGE_TYPES)[number], string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

type ResolveParty = (db: Db, request: FastifyRequest, orderId: string, use?: PartyUse) => Promise<ChatParty>;

interface PartyRoutes {
  base: string;
  tag: string;
  read: Access;
  write: Access;
  who: string;
  resolve: ResolveParty;
  /** Called before a conversation or an image is shown (support's reads are audited). */
  onRead?: (request: FastifyRequest, party: ChatParty, what: string) => Promise<void>;
}

/**
 * Order chat routes. There is deliberately no PUT, PATCH or DELETE anywhere: a message, once sent, is
 * evidence (issue 5), and the tables refuse changes in the engine as well.
 */
export function registerChatRoutes(app: ApiInstance, ctx: ServiceContext): void {
  registerPartyRoutes(app, ctx, {
    base: '/api/v1/orders',
    tag: 'orders',
    read: 'authenticated',
    write: 'authenticated',
    who: 'my order',
    resolve: buyerParty,
  });
  registerPartyRoutes(app, ctx, {
    base: '/api/v1/merchant/orders',
    tag: 'merchant',
    read: { roles: ['merchant'], apiKeyScope: 'orders:read' },
    write: ['merchant'],
    who: "my shop's order",
    resolve: merchantParty,
  });
  registerPartyRoutes(app, ctx, {
    base: '/api/v1/admin/orders',
    tag: 'admin',
    read: ['agent', 'admin'],
    write: ['agent', 'admin'],
    who: 'any order, as support (each author id shown; every read is audited)',
    resolve: staffParty,
    // Support reading a private conversation is itself recorded: who, when, which order.
    onRead: async (request, party, what) => {
      await recordAudit(ctx.db, ctx.clock.now(), {
        actor: userActor(party.authorId),
        action: 'chat.read',
        target: { type: 'order', id: party.order.id },
        ip: clientIp(request),
        summary: `read the order chat (${what})`,
      });
    },
  });
  // Guests: the pass from the order lookup, in the `x-guest-pass` header (or `?pass=` for an image).
  const guest: ResolveParty = (_db, request, orderId, use) => guestParty(ctx, request, orderId, use);
  registerPartyRoutes(app, ctx, {
    base: '/api/v1/guest/orders',
    tag: 'orders',
    read: 'public',
    write: 'public',
    who: 'a guest order (with its pass)',
    resolve: guest,
  });
  registerImageUpload(app, ctx, '/api/v1/guest/orders', 'public', guest);
  registerImageUpload(app, ctx, '/api/v1/orders', 'authenticated', buyerParty);
  registerImageUpload(app, ctx, '/api/v1/merchant/orders', ['merchant'], merchantParty);

  app.get('/api/v1/merchant/messages', {
    config: { access: { roles: ['merchant'], apiKeyScope: 'orders:read' } },
    schema: {
      tags: ['merchant'],
      summary:
        "My shop's chat inbox: conversations by latest activity, with whether the buyer awaits a reply",
      querystring: pageQuerySchema,
      response: { 200: inboxPageSchema },
    },
    handler: async (request) => {
      const caller = await merchantCaller(ctx.db, request);
      return inboxPage(ctx.db, caller.merchantId, decodeCursor(request.query.cursor), request.query.limit);
    },
  });
}

function registerPartyRoutes(app: ApiInstance, ctx: ServiceContext, options: PartyRoutes): void {
  const { base, tag, resolve, onRead } = options;
  app.get(`${base}/:orderId/messages`, {
    config: { access: options.read },
    schema: {
      tags: [tag],
      summary: `The chat of ${options.who}, oldest first`,
      params: orderIdParams,
      querystring: pageQuerySchema,
      response: { 200: messagePage },
    },
    handler: async (request) => {
      const party = await resolve(ctx.db, request, request.params.orderId);
      await onRead?.(request, party, 'messages');
      const { cursor, limit } = request.query;
      return conversationPage(ctx.db, party, decodeCursor(cursor), limit);
    },
  });

  app.post(`${base}/:orderId/messages`, {
    config: { access: options.write },
    schema: {
      tags: [tag],
      summary: `Write in the chat of ${options.who} (text ≤ 2,000 characters and/or an uploaded image)`,
      params: orderIdParams,
      body: postMessageBody,
      response: { 200: messageView },
    },
    handler: async (request) => {
      const party = await resolve(ctx.db, request, request.params.orderId);
      return presentMessage(await postMessage(ctx, party, request.body), party);
    },
  });

  app.get(`${base}/:orderId/attachments/:attachmentId`, {
    config: { access: options.read },
    schema: {
      tags: [tag],
      summary: `An image from the chat of ${options.who}, with its stored type`,
      params: attachmentParams,
    },
    handler: async (request, reply) => {
      const party = await resolve(ctx.db, request, request.params.orderId, 'image');
      const image = await readImage(ctx.db, party, request.params.attachmentId);
      await onRead?.(request, party, `image ${image.id}`);
      return sendImage(reply, image);
    },
  });
}

function sendImage(reply: FastifyReply, image: Awaited<ReturnType<typeof readImage>>) {
  return (
    reply
      .type(image.content_type)
      // The stored type is the sniffed one; the browser must not guess another (an HTML page, a script).
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `inline; filename="${image.id}.${EXTENSIONS[image.content_type]}"`)
      .header('content-security-policy', "default-src 'none'; sandbox")
      // Private: only the order's parties and support may see it. Immutable: an image never changes.
      .header('cache-control', 'private, max-age=86400, immutable')
      .header('etag', `"${image.sha256}"`)
      .send(Buffer.from(image.bytes))
  );
}

/**
 * Uploads take the image itself as the body. They live in their own encapsulated scope so that only
 * these two routes accept non-JSON bodies (the rest of the API stays JSON-only, CSRF layer 1 in app.ts);
 * whatever Content-Type arrives, the type is decided from the bytes.
 */
function registerImageUpload(
  app: ApiInstance,
  ctx: ServiceContext,
  base: string,
  access: Access,
  resolve: ResolveParty,
): void {
  void app.register((scope: ApiInstance, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error) => {
      if ((error as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw imageTooLarge();
      throw error;
    });
    scope.post(`${base}/:orderId/attachments`, {
      config: { access },
      bodyLimit: IMAGE_MAX_BYTES,
      schema: {
        tags: [base.includes('/merchant/') ? 'merchant' : 'orders'],
        summary: 'Upload an image for the chat (the file itself as the body; PNG, JPEG, WebP or GIF ≤ 4 MiB)',
        consumes: [...IMAGE_TYPES],
        params: orderIdParams,
        body: z.instanceof(Buffer).meta({ description: 'the image bytes; the type is read from them' }),
        response: { 200: uploadedAttachment },
      },
      handler: async (request) => {
        const party = await resolve(ctx.db, request, request.params.orderId);
        return uploadImage(ctx, party, request.body);
      },
    });
    done();
  });
}
