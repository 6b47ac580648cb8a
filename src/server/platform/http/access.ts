import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { ROLES, type Role } from '../../../common/roles.js';
import { AppError, platformErrors } from '../errors.js';
import { isSecureRequest } from './cookies.js';
import { checkCsrf, isSafeMethod, syncCsrfCookie } from './csrf.js';
import { EMPTY_BODY } from './route-defaults.js';
import type { Authenticate, Principal } from './principal.js';

/**
 * Every /api route declares who may call it, in `config.access`:
 * - `'public'`: anyone, signed in or not;
 * - `'authenticated'`: any signed-in user, whatever their roles;
 * - a list of roles: a signed-in user holding at least one of them.
 * A route under /api without a declaration stops the app from starting, so forgetting is impossible.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
  csrf: boolean;
  /** False for state-changing routes that take no body (they accept none, `null` or `{}`). */
  takesBody: boolean;
}

/** Routes that plugins register under /api and that are public by nature (the API docs viewer). */
const PLUGIN_ROUTE_PREFIXES = ['/api/docs'];

export class MissingAccessDeclarationError extends Error {
  override name = 'MissingAccessDeclarationError';
}

export function isAccess(value: unknown): value is Access {
  return (
    value === 'public' ||
    value === 'authenticated' ||
    (Array.isArray(value) &&
      value.length > 0 &&
      value.every((role) => (ROLES as readonly unknown[]).includes(role)))
  );
}

/** Must be registered before any route: it inspects each route as it is added. */
export function registerAccessControl(
  app: FastifyInstance,
  options: {
    authenticate: Authenticate;
    routes: RouteEntry[];
    cookieSecure: 'auto' | 'always' | 'never';
    /** The shop's public origin (KAMENG_PUBLIC_URL), accepted beside the request's own. */
    publicOrigin: string | undefined;
  },
): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('csrfToken', '');

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api')) return;
    const access = route.config?.access;
    if (access === undefined && PLUGIN_ROUTE_PREFIXES.some((prefix) => route.url.startsWith(prefix))) return;
    if (!isAccess(access)) {
      throw new MissingAccessDeclarationError(
        `route ${String(route.method)} ${route.url} must declare config.access ('public', 'authenticated' or roles)`,
      );
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      options.routes.push({
        method,
        url: route.url,
        access,
        csrf: route.config?.csrf !== false,
        takesBody: route.schema?.body !== undefined && route.schema.body !== EMPTY_BODY,
      });
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config;
    const access = config.access;
    if (access === undefined) return;
    request.principal = await options.authenticate(request, reply);
    request.csrfToken = syncCsrfCookie(request, reply, isSecureRequest(request, options.cookieSecure));
    authorize(access, request.principal);
    if (config.csrf !== false && !isSafeMethod(request.method)) checkCsrf(request, options.publicOrigin);
  });
}

function authorize(access: Access, principal: Principal | null): void {
  if (access === 'public') return;
  if (!principal) throw new AppError(platformErrors.AUTH_REQUIRED);
  if (access === 'authenticated') return;
  if (!access.some((role) => principal.roles.includes(role))) throw new AppError(platformErrors.FORBIDDEN);
}

/** The principal of a route that declared a non-public access: present by construction. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError(platformErrors.AUTH_REQUIRED);
  return request.principal;
}
