import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../../common/roles.js';

/** A caller signed in through a browser session. API keys for merchant integrations come later. */
export interface SessionPrincipal {
  readonly kind: 'session';
  readonly userId: string;
  readonly sessionId: string;
  readonly roles: readonly Role[];
  /** The token the session expects in X-CSRF-Token on state-changing requests. */
  readonly csrfToken: string;
}

export type Principal = SessionPrincipal;

/**
 * Resolves the caller of a request. The accounts module implements it (sessions live there); the
 * platform only enforces what a route declares.
 */
export type Authenticate = (request: FastifyRequest, reply: FastifyReply) => Promise<Principal | null>;
