import { createHmac } from 'node:crypto';
import { safeEqual } from '../../../platform/crypto.js';
import { sortedParamsText } from '../signing-text.js';

/**
 * The sandbox provider's signature, modelled on the epay family: the same text epay signs (the parameters
 * other than `sign` and `sign_type`, sorted by name, as `k=v` joined with `&`), signed with HMAC-SHA256
 * under the shared key.
 */
export function sandboxSignature(params: Readonly<Record<string, string>>, key: Buffer): string {
  return createHmac('sha256', key).update(sortedParamsText(params), 'utf8').digest('hex');
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
