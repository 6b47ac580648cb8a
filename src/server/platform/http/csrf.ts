import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken, safeEqual } from '../crypto.js';
import { AppError, platformErrors } from '../errors.js';
import { setBrowserCookie } from './cookies.js';

/**
 * CSRF defence in three layers (OWASP CSRF Prevention Cheat Sheet):
 * 1. the API accepts only JSON bodies (text/plain and form parsers are removed), which a cross-site form
 *    cannot send without a CORS preflight that we never grant;
 * 2. Fetch Metadata / Origin: a state-changing request from another site is refused;
 * 3. a synchronizer token: `X-CSRF-Token` must equal the session's token, or before sign-in the value of
 *    the `kameng_csrf` cookie (double submit). The web app reads that cookie and echoes it.
 */
export const CSRF_COOKIE = 'kameng_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

export function checkCsrf(request: FastifyRequest, publicOrigin: string | undefined): void {
  checkOrigin(request, publicOrigin);
  const sent = request.headers[CSRF_HEADER];
  const expected =
    (request.principal?.kind === 'session' ? request.principal.csrfToken : undefined) ??
    request.cookies[CSRF_COOKIE];
  if (typeof sent !== 'string' || !expected || !safeEqual(sent, expected)) {
    throw new AppError(platformErrors.CSRF_TOKEN_INVALID);
  }
}

function checkOrigin(request: FastifyRequest, publicOrigin: string | undefined): void {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new AppError(platformErrors.CSRF_ORIGIN_REJECTED);
  }
  const origin = request.headers.origin;
  const ownOrigin = `${request.protocol}://${request.host}`;
  if (origin !== undefined && origin !== ownOrigin && origin !== publicOrigin) {
    throw new AppError(platformErrors.CSRF_ORIGIN_REJECTED);
  }
}

/**
 * Keeps the readable CSRF cookie in step with the caller: the session's token when signed in, a fresh
 * random token for an anonymous browser that has none yet.
 */
export function syncCsrfCookie(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const current = request.cookies[CSRF_COOKIE];
  const wanted =
    (request.principal?.kind === 'session' ? request.principal.csrfToken : undefined) ??
    current ??
    randomToken(24);
  if (wanted !== current) setBrowserCookie(reply, CSRF_COOKIE, wanted, { httpOnly: false, secure });
  return wanted;
}
