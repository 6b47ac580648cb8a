import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../../common/roles.js';

/** A caller signed in through a browser session. */
export interface SessionPrincipal {
  readonly kind: 'session';
  readonly userId: string;
  readonly sessionId: string;
  readonly roles: readonly Role[];
  /** The token the session expects in X-CSRF-Token on state-changing requests. */
  readonly csrfToken: string;
}

/**
 * A merchant integration calling with `Authorization: Bearer <key>`: it acts for one merchant, only on
 * routes that name one of its scopes, and carries no cookies (so no CSRF token is needed or possible).
 */
export interface ApiKeyPrincipal {
  readonly kind: 'api_key';
  readonly keyId: string;
  readonly merchantId: string;
  readonly scopes: readonly string[];
}

export type Principal = SessionPrincipal | ApiKeyPrincipal;

/**
 * Resolves the caller of a request. The accounts module implements it for sessions and the merchants
 * module for API keys; the platform only enforces what a route declares.
 */
export type Authenticate = (request: FastifyRequest, reply: FastifyReply) => Promise<Principal | null>;

/** Resolves a bearer token to an API key principal, or null when the key is unknown or revoked. */
export type AuthenticateApiKey = (token: string, request: FastifyRequest) => Promise<ApiKeyPrincipal | null>;
