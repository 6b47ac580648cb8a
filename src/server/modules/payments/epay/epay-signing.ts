import { createHash } from 'node:crypto';
import { safeEqual } from '../../../platform/crypto.js';
import { sortedParamsText } from '../signing-text.js';

/**
 * The 易支付 (epay) signature: MD5 of the sorted parameters (`sortedParamsText`) with the merchant key
 * appended, no separator, in lower-case hex.
 */
export function epaySignature(params: Readonly<Record<string, string>>, key: string): string {
  return createHash('md5')
    .update(sortedParamsText(params) + key, 'utf8')
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
