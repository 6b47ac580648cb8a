import type { KeyRejectReason } from '../../../common/api/catalog.js';
import { hmacSha256Hex, seal, unseal, type KeyRing } from '../../platform/crypto.js';

/**
 * Card keys at rest (PRODUCT.md P3): AES-256-GCM under the `card-keys` subkey, bound to the key's id, so
 * a row copied to another id does not open; a keyed fingerprint finds duplicates without decrypting.
 */
const SEAL_PURPOSE = 'card-keys';
const FINGERPRINT_PURPOSE = 'card-key-fingerprint';

export function sealCardKey(keys: KeyRing, keyId: string, secret: string): string {
  return seal(keys.subkey(SEAL_PURPOSE), secret, keyId);
}

export function openCardKey(keys: KeyRing, keyId: string, sealed: string): string {
  return unseal(keys.subkey(SEAL_PURPOSE), sealed, keyId);
}

export function cardKeyFingerprint(keys: KeyRing, secret: string): string {
  return hmacSha256Hex(keys.subkey(FINGERPRINT_PURPOSE), secret);
}

export const MAX_KEY_LENGTH = 512;

/** Why a line cannot be a key (a stable code the console words), or null: printable text, not too long. */
export function keyProblem(secret: string): KeyRejectReason | null {
  if (secret.length === 0) return 'empty';
  if (secret.length > MAX_KEY_LENGTH) return 'too_long';
  if (/\p{Cc}/u.test(secret)) return 'control_characters';
  return null;
}
