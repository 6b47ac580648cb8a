import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The Fastify instance modules register routes on: zod schemas give types, validation and OpenAPI. */
export type ApiInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** RFC 9457 problem document, as documented in OpenAPI for every route's error responses. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string(),
    requestId: z.string(),
  })
  .loose()
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; `code` is stable, see docs/API.md.' });

/** The client address as Fastify resolved it (behind a proxy only when KAMENG_TRUST_PROXY is on). */
export function clientIp(request: FastifyRequest): string {
  return request.ip;
}

export function userAgentOf(request: FastifyRequest): string | null {
  const agent = request.headers['user-agent'];
  return typeof agent === 'string' ? agent.slice(0, 400) : null;
}
