import { createHmac } from 'node:crypto';
import { safeEqual } from '../../../platform/crypto.js';

/**
 * The sandbox provider's signature, modelled on the epay family: the parameters other than `sign` and
 * `sign_type`, sorted by name, as `k=v` joined with `&`, signed with HMAC-SHA256 under the shared key.
 */
export function sandboxSignature(params: Readonly<Record<string, string>>, key: Buffer): string {
  const text = Object.keys(params)
    .filter((name) => name !== 'sign' && name !== 'sign_type' && params[name] !== '')
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

export function signSandboxParams(params: Record<string, string>, key: Buffer): Record<string, string> {
  return { ...params, sign_type: 'HMAC-SHA256', sign: sandboxSignature(params, key) };
}

export function sandboxSignatureValid(params: Readonly<Record<string, string>>, key: Buffer): boolean {
  const given = params.sign;
  return (
    typeof given === 'string' &&
    /^[0-9a-f]{64}$/.test(given) &&
    safeEqual(given, sandboxSignature(params, key))
  );
}
