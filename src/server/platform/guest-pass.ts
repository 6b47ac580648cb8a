import type { FastifyRequest } from 'fastify';
import { addMs, HOUR_MS } from './clock.js';
import { hmacSha256Hex, safeEqual, type KeyRing } from './crypto.js';

/**
 * A guest's pass to one order (游客订单凭证). A guest has no account: the order number and the query
 * password open the order once (argon2id, throttled), and the answer carries this short-lived pass so the
 * order page can then read and write the chat and the dispute without sending the password again. It is
 * an HMAC over the order id and the expiry; it opens that one order and nothing else, and it never opens
 * the card keys (those still need the password).
 */
export const GUEST_PASS_TTL_MS = 2 * HOUR_MS;
export const GUEST_PASS_HEADER = 'x-guest-pass';
const PURPOSE = 'guest-order-pass';

export function issueGuestPass(keys: KeyRing, orderId: string, now: Date): string {
  const expires = addMs(now, GUEST_PASS_TTL_MS).getTime();
  const payload = `${orderId}.${expires}`;
  return `${payload}.${hmacSha256Hex(keys.subkey(PURPOSE), payload)}`;
}

/** Whether the pass opens this order: false when it is forged, for another order, or expired. */
export function verifyGuestPass(keys: KeyRing, pass: string, orderId: string, now: Date): boolean {
  const parts = pass.split('.');
  if (parts.length !== 3) return false;
  const [id, expires, mac] = parts as [string, string, string];
  if (id !== orderId || !/^\d{1,15}$/.test(expires) || Number(expires) <= now.getTime()) return false;
  return safeEqual(mac, hmacSha256Hex(keys.subkey(PURPOSE), `${id}.${expires}`));
}

/**
 * The pass a request carries: the header; and only where the caller says so — an image, which an <img>
 * loads without headers — the `pass` query parameter, so it stays out of most URLs, logs and history.
 */
export function guestPassOf(request: FastifyRequest, options: { fromQuery?: boolean } = {}): string | null {
  const header = request.headers[GUEST_PASS_HEADER];
  if (typeof header === 'string' && header.length <= 200) return header;
  if (!options.fromQuery) return null;
  const query = (request.query as Record<string, unknown> | undefined)?.pass;
  return typeof query === 'string' && query.length <= 200 ? query : null;
}
