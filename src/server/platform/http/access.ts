import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { ROLES, type Role } from '../../../common/roles.js';
import { AppError, platformErrors } from '../errors.js';
import { isSecureRequest } from './cookies.js';
import { checkCsrf, isSafeMethod, syncCsrfCookie } from './csrf.js';
import { EMPTY_BODY } from './route-defaults.js';
import type { Authenticate, AuthenticateApiKey, Principal, SessionPrincipal } from './principal.js';

/**
 * Every /api route declares who may call it, in `config.access`:
 * - `'public'`: anyone, signed in or not;
 * - `'authenticated'`: any signed-in user, whatever their roles;
 * - a list of roles: a signed-in user holding at least one of them;
 * - `{ roles, apiKeyScope }`: a signed-in user holding one of the roles, or a merchant API key holding
 *   the scope. API keys reach no other route.
 * A route under /api without a declaration stops the app from starting, so forgetting is impossible.
 */
export interface RolesOrApiKey {
  readonly roles: readonly Role[];
  readonly apiKeyScope: string;
}

export type Access = 'public' | 'authenticated' | readonly Role[] | RolesOrApiKey;

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

function isRoleList(value: unknown): value is readonly Role[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((role) => (ROLES as readonly unknown[]).includes(role))
  );
}

export function isAccess(value: unknown): value is Access {
  if (value === 'public' || value === 'authenticated' || isRoleList(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const { roles, apiKeyScope } = value as Partial<RolesOrApiKey>;
  return isRoleList(roles) && typeof apiKeyScope === 'string' && apiKeyScope.length > 0;
}

/** The roles a session user needs on a route (null: any signed-in user, or nobody signed in). */
export function rolesOf(access: Access): readonly Role[] | null {
  if (access === 'public' || access === 'authenticated') return null;
  return isRoleList(access) ? access : access.roles;
}

const BEARER = /^Bearer\s+(\S+)$/i;

/** Must be registered before any route: it inspects each route as it is added. */
export function registerAccessControl(
  app: FastifyInstance,
  options: {
    authenticate: Authenticate;
    authenticateApiKey?: AuthenticateApiKey;
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
    const bearer = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) {
      // A machine caller: no cookies, so neither sessions nor CSRF tokens apply.
      request.principal = options.authenticateApiKey
        ? await options.authenticateApiKey(bearer, request)
        : null;
      if (!request.principal && access !== 'public') throw new AppError(platformErrors.API_KEY_INVALID);
      authorize(access, request.principal);
      return;
    }
    request.principal = await options.authenticate(request, reply);
    request.csrfToken = syncCsrfCookie(request, reply, isSecureRequest(request, options.cookieSecure));
    authorize(access, request.principal);
    if (config.csrf !== false && !isSafeMethod(request.method)) checkCsrf(request, options.publicOrigin);
  });
}

function authorize(access: Access, principal: Principal | null): void {
  if (access === 'public') return;
  if (!principal) throw new AppError(platformErrors.AUTH_REQUIRED);
  if (principal.kind === 'api_key') {
    const scope = typeof access === 'object' && 'apiKeyScope' in access ? access.apiKeyScope : null;
    if (scope === null || !principal.scopes.includes(scope)) throw new AppError(platformErrors.FORBIDDEN);
    return;
  }
  const roles = rolesOf(access);
  if (roles !== null && !roles.some((role) => principal.roles.includes(role)))
    throw new AppError(platformErrors.FORBIDDEN);
}

/** The principal of a route that declared a non-public access: present by construction. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError(platformErrors.AUTH_REQUIRED);
  return request.principal;
}

/** The browser session of the request, if any (public routes that behave differently when signed in). */
export function sessionOf(request: FastifyRequest): SessionPrincipal | null {
  return request.principal?.kind === 'session' ? request.principal : null;
}

/** The signed-in user of a route only sessions reach (API keys reach only routes naming a scope). */
export function requireUser(request: FastifyRequest): SessionPrincipal {
  const principal = requirePrincipal(request);
  if (principal.kind !== 'session') throw new AppError(platformErrors.FORBIDDEN);
  return principal;
}
