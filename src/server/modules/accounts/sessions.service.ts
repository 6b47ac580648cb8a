import type { FastifyReply, FastifyRequest } from 'fastify';
import { addMs, MINUTE_MS, toStoredTime } from '../../platform/clock.js';
import type { Db, ServiceContext } from '../../platform/context.js';
import { randomToken, sha256Hex } from '../../platform/crypto.js';
import { clearBrowserCookie, isSecureRequest, setBrowserCookie } from '../../platform/http/cookies.js';
import { CSRF_COOKIE } from '../../platform/http/csrf.js';
import type { Authenticate, SessionPrincipal } from '../../platform/http/principal.js';
import { newId } from '../../platform/ids.js';
import {
  findSessionByTokenHash,
  insertSession,
  revokeSession,
  touchSession,
  type SessionWithUser,
} from './sessions.repository.js';

/**
 * Browser sessions (OWASP Session Management Cheat Sheet): a 256-bit random token in an HttpOnly,
 * SameSite=Lax cookie, Secure behind TLS; only its SHA-256 is stored. A session ends after 30 minutes
 * idle or 12 hours in all (configurable), on logout, on password change, or when the account is disabled.
 * A new token is issued at every login, and any session the browser still held is revoked (fixation).
 */
export const SESSION_COOKIE = 'kameng_session';

/** last_seen_at is written at most this often: idle expiry is minute-grained, not a write per request. */
const TOUCH_INTERVAL_MS = MINUTE_MS;

export interface IssuedSession {
  id: string;
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function startSession(
  db: Db,
  ctx: ServiceContext,
  input: { userId: string; ip: string | null; userAgent: string | null },
): Promise<IssuedSession> {
  const now = ctx.clock.now();
  const issued: IssuedSession = {
    id: newId('session', now),
    token: randomToken(32),
    csrfToken: randomToken(24),
    expiresAt: addMs(now, ctx.config.session.absoluteMs),
  };
  await insertSession(
    db,
    {
      id: issued.id,
      tokenHash: sha256Hex(issued.token),
      userId: input.userId,
      csrfToken: issued.csrfToken,
      expiresAt: issued.expiresAt,
      ip: input.ip,
      userAgent: input.userAgent,
    },
    now,
  );
  return issued;
}

export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE];
}

export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: ServiceContext,
  issued: IssuedSession,
): void {
  const secure = isSecureRequest(request, ctx.config.session.cookieSecure);
  setBrowserCookie(reply, SESSION_COOKIE, issued.token, {
    httpOnly: true,
    secure,
    maxAgeSeconds: Math.floor(ctx.config.session.absoluteMs / 1000),
  });
  setBrowserCookie(reply, CSRF_COOKIE, issued.csrfToken, { httpOnly: false, secure });
}

/** At logout: drop the session cookie and replace the CSRF token, which belonged to the session. */
export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply, ctx: ServiceContext): void {
  const secure = isSecureRequest(request, ctx.config.session.cookieSecure);
  clearBrowserCookie(reply, SESSION_COOKIE, secure);
  setBrowserCookie(reply, CSRF_COOKIE, randomToken(24), { httpOnly: false, secure });
}

type SessionVerdict = 'live' | 'revoked' | 'expired' | 'idle' | 'account_disabled';

export function judgeSession(session: SessionWithUser, now: Date, idleMs: number): SessionVerdict {
  if (session.revokedAt !== null) return 'revoked';
  if (session.userStatus !== 'active') return 'account_disabled';
  const stamp = toStoredTime(now);
  if (session.expiresAt <= stamp) return 'expired';
  if (toStoredTime(addMs(new Date(session.lastSeenAt), idleMs)) <= stamp) return 'idle';
  return 'live';
}

/** The platform's Authenticate, backed by the sessions table. */
export function createSessionAuthenticator(ctx: ServiceContext): Authenticate {
  return async (request, reply) => {
    const token = sessionTokenOf(request);
    if (!token) return null;
    const session = await findSessionByTokenHash(ctx.db, sha256Hex(token));
    const now = ctx.clock.now();
    const verdict = session ? judgeSession(session, now, ctx.config.session.idleMs) : 'revoked';
    if (!session || verdict !== 'live') {
      if (session && (verdict === 'idle' || verdict === 'expired')) {
        await revokeSession(
          ctx.db,
          session.id,
          verdict === 'idle' ? 'idle_timeout' : 'absolute_timeout',
          now,
        );
      }
      clearBrowserCookie(reply, SESSION_COOKIE, isSecureRequest(request, ctx.config.session.cookieSecure));
      return null;
    }
    if (now.getTime() - new Date(session.lastSeenAt).getTime() >= TOUCH_INTERVAL_MS) {
      await touchSession(ctx.db, session.id, now);
    }
    const principal: SessionPrincipal = {
      kind: 'session',
      userId: session.userId,
      sessionId: session.id,
      roles: session.roles,
      csrfToken: session.csrfToken,
    };
    return principal;
  };
}
