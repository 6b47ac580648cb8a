import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';

/**
 * A state-changing route that declares no body accepts none: nothing (null to Fastify), or `{}`. Anything else is a client
 * mistake worth telling about (400), not something to ignore silently.
 */
export const EMPTY_BODY = z.strictObject({}).nullish();

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerRouteDefaults(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = [route.method].flat();
    if (!route.url.startsWith('/api') || !methods.some((method) => UNSAFE.has(method))) return;
    route.schema ??= {};
    route.schema.body ??= EMPTY_BODY;
  });
}
