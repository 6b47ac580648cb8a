import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Primitives from node:crypto only. One master key (32 random bytes, from KAMENG_MASTER_KEY or a file in
 * the data dir) is never used directly: each purpose gets its own subkey by HKDF-SHA256 (RFC 5869), so a
 * key leaked from one use reveals nothing about another.
 */
export interface KeyRing {
  /** A 32-byte subkey for one purpose, e.g. `email-code` or `seal:mail`. */
  subkey(purpose: string): Buffer;
}

export function createKeyRing(masterKey: Buffer): KeyRing {
  if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  const cache = new Map<string, Buffer>();
  return {
    subkey(purpose) {
      let key = cache.get(purpose);
      if (!key) {
        key = Buffer.from(hkdfSync('sha256', masterKey, 'kameng/v1', purpose, 32));
        cache.set(purpose, key);
      }
      return key;
    },
  };
}

export interface MasterKeySource {
  key: Buffer;
  /** Where it came from, for the start-up log; never the key itself. */
  origin: 'environment' | 'file' | 'generated';
  file?: string;
}

export const MASTER_KEY_FILE = path.join('keys', 'master.key');

/**
 * The master key from the environment, else from `<dataDir>/keys/master.key`, else a new one written
 * there with mode 0600. The caller prints a loud reminder to back the file up: without it, encrypted
 * data (card keys, channel credentials) cannot be read again.
 */
export function loadOrCreateMasterKey(dataDir: string, fromEnv: string | undefined): MasterKeySource {
  if (fromEnv) return { key: decodeKey(fromEnv, 'KAMENG_MASTER_KEY'), origin: 'environment' };
  const file = path.join(dataDir, MASTER_KEY_FILE);
  if (fs.existsSync(file)) {
    return { key: decodeKey(fs.readFileSync(file, 'utf8').trim(), file), origin: 'file', file };
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // 'wx' fails if another process created the file meanwhile; then we read theirs.
  try {
    fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateMasterKey(dataDir, undefined);
    throw error;
  }
  return { key, origin: 'generated', file };
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
  if (key.length !== 32) throw new Error(`${where} must hold 32 bytes in base64`);
  return key;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacSha256Hex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** URL-safe random token with `bytes` of entropy (default 256 bits). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A numeric code of `length` digits, uniformly distributed (crypto.randomInt rejects modulo bias). */
export function randomDigits(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(randomInt(10));
  return out;
}

/** Constant-time string comparison; unequal lengths compare as unequal without an early exit on content. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

const SEAL_VERSION = 'v1';

/**
 * AES-256-GCM authenticated encryption: `v1.<iv>.<ciphertext>.<tag>` in base64url. `context` is bound as
 * additional authenticated data, so a sealed value copied to another row or purpose fails to open.
 */
export function seal(key: Buffer, plaintext: string, context = ''): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [SEAL_VERSION, iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function unseal(key: Buffer, sealed: string, context = ''): string {
  const [version, iv, ciphertext, tag] = sealed.split('.');
  if (version !== SEAL_VERSION || iv === undefined || ciphertext === undefined || tag === undefined) {
    throw new Error('not a sealed value');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}
