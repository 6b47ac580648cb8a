import { createHash } from 'node:crypto';
import { safeEqual } from '../../../platform/crypto.js';

/**
 * The 易支付 (epay) signature: every parameter except `sign` and `sign_type` whose value is not empty,
 * sorted by name (byte order), written as `name=value` joined with `&` — values as they are, not
 * URL-encoded — then the merchant key appended with no separator, and the MD5 of that in lower-case hex.
 */
export function epaySignature(params: Readonly<Record<string, string>>, key: string): string {
  const text = Object.keys(params)
    .filter((name) => name !== 'sign' && name !== 'sign_type' && params[name] !== '')
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
  return createHash('md5')
    .update(text + key, 'utf8')
    .digest('hex');
}

export function signEpayParams(params: Record<string, string>, key: string): Record<string, string> {
  return { ...params, sign: epaySignature(params, key), sign_type: 'MD5' };
}

/** Constant-time check; gateways differ in the case of the hex digits, so it is compared lower-cased. */
export function epaySignatureValid(params: Readonly<Record<string, string>>, key: string): boolean {
  const given = params.sign;
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{32}$/.test(given)) return false;
  if (params.sign_type !== undefined && params.sign_type.toUpperCase() !== 'MD5') return false;
  return safeEqual(given.toLowerCase(), epaySignature(params, key));
}
