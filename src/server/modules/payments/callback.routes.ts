import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.js';
import type { ApiInstance } from '../../platform/http/api.js';
import { handleCallback, type PaymentPurposeHandlers } from './payments.service.js';

const CHANNEL = z.strictObject({ channel: z.string().regex(/^(sandbox|pch_[0-9A-Z]{26})$/) });
const MAX_CALLBACK_BYTES = 64 * 1024;

/** Every value as a string (repeated keys keep the first): providers send flat parameter sets. */
function flatten(source: unknown): Record<string, string> {
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
    const first = Array.isArray(value) ? (value as unknown[])[0] : value;
    if (typeof first === 'string') out[key] = first;
    else if (typeof first === 'number' || typeof first === 'boolean') out[key] = String(first);
  }
  return out;
}

/**
 * Provider callbacks, server to server (ADR 0009). Providers notify in their own ways — epay by GET or a
 * form POST, Alipay by form POST, WeChat Pay and Stripe by JSON whose raw bytes they sign — so these
 * routes live in their own scope that accepts all of them and keeps the raw body; the rest of the API
 * stays JSON-only. No CSRF (a provider has no cookie); the signature is the authentication.
 */
export function registerCallbackRoutes(
  app: ApiInstance,
  ctx: ServiceContext,
  handlers: PaymentPurposeHandlers,
): void {
  void app.register((scope: ApiInstance, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: MAX_CALLBACK_BYTES },
      (request, body, parsed) => {
        const raw = typeof body === 'string' ? body : body.toString('utf8');
        const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        try {
          const fields =
            type === 'application/json'
              ? (JSON.parse(raw) as unknown)
              : type === 'application/x-www-form-urlencoded'
                ? Object.fromEntries(new URLSearchParams(raw))
                : {};
          parsed(null, { raw, fields });
        } catch {
          // A body that does not parse is still a callback to store and refuse, not a server error.
          parsed(null, { raw, fields: {} });
        }
      },
    );

    const handler = async (
      request: {
        params: { channel: string };
        ip: string;
        query: unknown;
        body: unknown;
        headers: Record<string, unknown>;
      },
      reply: { code(status: number): { type(t: string): { send(b: string): unknown } } },
    ) => {
      const received = (request.body ?? { raw: '', fields: {} }) as { raw: string; fields: unknown };
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          typeof value === 'string' ? value : undefined,
        ]),
      );
      const answer = await handleCallback(
        ctx,
        handlers,
        request.params.channel,
        {
          params: { ...flatten(request.query), ...flatten(received.fields) },
          rawBody: received.raw,
          headers,
        },
        request.ip,
      );
      return reply.code(answer.status).type(answer.contentType).send(answer.body);
    };

    for (const method of ['GET', 'POST'] as const)
      scope.route({
        method,
        url: '/api/v1/payments/callbacks/:channel',
        config: { access: 'public', csrf: false },
        schema: {
          tags: ['payments'],
          summary: `Provider callbacks by ${method} (server to server): verified, applied once, stored with the verdict`,
          params: CHANNEL,
          querystring: z.record(z.string(), z.string()),
          // What the parser above made of the body: the raw text and whatever fields it could read.
          ...(method === 'POST' ? { body: z.object({ raw: z.string(), fields: z.unknown() }) } : {}),
        },
        handler,
      });
    done();
  });
}
