import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { IdempotentRequest } from '../idempotency.js';

/** The `Idempotency-Key` header, as routes that move money or stock declare it (OpenAPI shows it). */
export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .optional()
    .meta({ description: 'Makes a retry safe: the same key and request return the first response.' }),
});

/** The caller-scoped idempotency request of an HTTP request: who, which operation, what was asked. */
export function idempotentRequest(
  request: FastifyRequest,
  operation: string,
  statusCode = 200,
): IdempotentRequest {
  const header = request.headers['idempotency-key'];
  const principal = request.principal;
  const caller =
    principal?.kind === 'session'
      ? principal.userId
      : principal?.kind === 'api_key'
        ? principal.keyId
        : `anon:${request.ip}`;
  return {
    scope: `${caller}:${operation}`,
    key: typeof header === 'string' ? header : undefined,
    fingerprint: [request.method, request.url, request.body ?? null],
    statusCode,
  };
}

/** Tells the client that the response is the stored first one (as Stripe's `Idempotent-Replayed`). */
export function markReplayed(reply: FastifyReply, replayed: boolean): void {
  if (replayed) void reply.header('idempotent-replayed', 'true');
}
