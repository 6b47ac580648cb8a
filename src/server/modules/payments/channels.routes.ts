import { z } from 'zod';
import {
  channelView,
  createChannelBody,
  publicChannelView,
  updateChannelBody,
} from '../../../common/api/payments.js';
import type { ServiceContext } from '../../platform/context.js';
import { requireUser } from '../../platform/http/access.js';
import { clientIp, type ApiInstance } from '../../platform/http/api.js';
import { createChannel, listChannels, publicChannels, updateChannel } from './channels.service.js';

const channelIdParams = z.strictObject({ channelId: z.string().max(40) });

/** Channels: the buyer's list at checkout, and the admin's configuration (ADR 0009). */
export function registerChannelRoutes(app: ApiInstance, ctx: ServiceContext): void {
  const admin = (request: Parameters<typeof requireUser>[0]) => ({
    userId: requireUser(request).userId,
    ip: clientIp(request),
  });

  app.get('/api/v1/payment-channels', {
    config: { access: 'public' },
    schema: {
      tags: ['payments'],
      summary: 'The payment methods offered at checkout besides the wallet (name, fee, limits)',
      response: { 200: z.object({ items: z.array(publicChannelView) }) },
    },
    handler: async () => ({ items: await publicChannels(ctx) }),
  });

  app.get('/api/v1/admin/payment-channels', {
    config: { access: ['admin', 'auditor'] },
    schema: {
      tags: ['admin'],
      summary: 'Payment channels with their settings (credentials are never shown)',
      response: { 200: z.object({ items: z.array(channelView) }) },
    },
    handler: async () => ({ items: await listChannels(ctx.db) }),
  });

  app.post('/api/v1/admin/payment-channels', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary:
        'Add a channel: kind, name, limits, settings and credentials (sealed; refused when empty or a placeholder; audited)',
      body: createChannelBody,
      response: { 200: channelView },
    },
    handler: (request) => createChannel(ctx, admin(request), request.body),
  });

  app.put('/api/v1/admin/payment-channels/:channelId', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary: 'Change a channel; leave `credentials` out to keep the stored ones (audited)',
      params: channelIdParams,
      body: updateChannelBody,
      response: { 200: channelView },
    },
    handler: (request) => updateChannel(ctx, admin(request), request.params.channelId, request.body),
  });
}
