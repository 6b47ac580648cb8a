import { createHmac } from 'node:crypto';
import { safeEqual } from '../../../platform/crypto.js';

/**
 * Stripe's webhook signature (https://docs.stripe.com/webhooks#verify-manually): the `Stripe-Signature`
 * header is `t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=…]`; each `v1` is the HMAC-SHA256, keyed with the
 * endpoint's whole signing secret (`whsec_…`), of `<t>.<raw body>`. Several `v1` appear while a secret is
 * being rolled; `v0` is for test-mode legacy and is never accepted. The timestamp is signed, so a captured
 * event cannot be replayed once it is older than the tolerance.
 */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Headers longer than this, or with more signatures, are not Stripe's. */
const MAX_HEADER_CHARS = 1_024;
const MAX_SIGNATURES = 8;

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: string };

export function stripeSignature(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

export function verifyStripeSignature(
  header: string | undefined,
  rawBody: string,
  secret: string,
  now: Date,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'no Stripe-Signature header' };
  if (header.length > MAX_HEADER_CHARS) return { ok: false, reason: 'malformed Stripe-Signature header' };
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (separator < 0) continue;
    if (name === 't') {
      // One timestamp only: two could let a proxy's header splice pick the one it likes.
      if (timestamp !== null || !/^\d{1,12}$/.test(value))
        return { ok: false, reason: 'malformed Stripe-Signature header' };
      timestamp = Number(value);
    } else if (name === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0 || signatures.length > MAX_SIGNATURES)
    return { ok: false, reason: 'malformed Stripe-Signature header' };
  const expected = stripeSignature(secret, timestamp, rawBody);
  // Every candidate is compared (constant time each), so the time taken does not say which one matched.
  const matched = signatures.map((given) => safeEqual(given, expected)).includes(true);
  if (!matched) return { ok: false, reason: 'bad signature' };
  const age = Math.floor(now.getTime() / 1000) - timestamp;
  if (age > toleranceSeconds) return { ok: false, reason: `signature too old (${age} s)` };
  // Stripe's own libraries accept any future timestamp; a clock this far ahead is not Stripe's.
  if (age < -toleranceSeconds) return { ok: false, reason: `signature from the future (${-age} s)` };
  return { ok: true, timestamp };
}
