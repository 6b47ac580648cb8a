import type { FastifyReply, FastifyRequest } from 'fastify';

/** Cookie policy in one place: Path=/, SameSite=Lax, Secure behind TLS (or as configured). */
export function setBrowserCookie(
  reply: FastifyReply,
  name: string,
  value: string,
  options: { httpOnly: boolean; secure: boolean; maxAgeSeconds?: number },
): void {
  reply.setCookie(name, value, {
    path: '/',
    sameSite: 'lax',
    httpOnly: options.httpOnly,
    secure: options.secure,
    ...(options.maxAgeSeconds === undefined ? {} : { maxAge: options.maxAgeSeconds }),
  });
}

export function clearBrowserCookie(reply: FastifyReply, name: string, secure: boolean): void {
  reply.clearCookie(name, { path: '/', sameSite: 'lax', secure });
}

/** `auto` marks cookies Secure when the request arrived over TLS (directly or via a trusted proxy). */
export function isSecureRequest(request: FastifyRequest, mode: 'auto' | 'always' | 'never'): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return request.protocol === 'https';
}
