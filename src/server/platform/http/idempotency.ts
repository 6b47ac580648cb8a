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

/**
 * The caller-scoped idempotency request of an HTTP request: who, which operation, what was asked. A
 * route whose body carries a secret (a guest's query password) names what to fingerprint instead, so no
 * fast hash of the secret is ever stored; a route without a signed-in caller may name its own scope.
 */
export function idempotentRequest(
  request: FastifyRequest,
  operation: string,
  options: { statusCode?: number; fingerprint?: unknown; scope?: string } = {},
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
    scope: `${options.scope ?? caller}:${operation}`,
    key: typeof header === 'string' ? header : undefined,
    fingerprint:
      options.fingerprint !== undefined
        ? [request.method, request.url, options.fingerprint]
        : [request.method, request.url, request.body ?? null],
    statusCode: options.statusCode ?? 200,
  };
}

/** Tells the client that the response is the stored first one (as Stripe's `Idempotent-Replayed`). */
export function markReplayed(reply: FastifyReply, replayed: boolean): void {
  if (replayed) void reply.header('idempotent-replayed', 'true');
}
