import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { KeyRing } from '../../platform/crypto.js';

/**
 * The platform's Ed25519 checkpoint key. Its 32-byte seed is derived from the master key (HKDF purpose
 * `ledger-checkpoint-ed25519`), so every instance sharing KAMENG_MASTER_KEY signs with the same key and
 * backing up the master key backs this up too. The public key is published at /api/v1/ledger/public-key.
 */
export interface LedgerSigner {
  readonly publicKeyBase64: string;
  /** First 8 bytes of SHA-256(public key), hex: names the key in checkpoints. */
  readonly keyId: string;
  sign(message: Uint8Array): string;
}

// RFC 8410 PKCS#8 wrapping of a raw Ed25519 private key (the seed).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function ledgerSigner(keys: KeyRing): LedgerSigner {
  const seed = keys.subkey('ledger-checkpoint-ed25519');
  const privateKey: KeyObject = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicRaw = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
  return {
    publicKeyBase64: publicRaw.toString('base64'),
    keyId: createHash('sha256').update(publicRaw).digest('hex').slice(0, 16),
    sign: (message) => sign(null, message, privateKey).toString('base64'),
  };
}
