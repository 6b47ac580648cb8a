import { createDecipheriv, createSign, createVerify, randomInt, type KeyObject } from 'node:crypto';

/**
 * WeChat Pay API v3 signatures (签名生成 / 签名验证, 直连商户):
 *
 * - Kameng signs each request with the merchant private key (商户API私钥): SHA256withRSA (PKCS#1 v1.5),
 *   base64, over `METHOD\nPATH?QUERY\ntimestamp\nnonce\nbody\n` (an empty body line for GET), sent as
 *   `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"`;
 * - WeChat Pay signs every answer and every notification with the platform key (平台证书 or 微信支付公钥)
 *   over `timestamp\nnonce\nbody\n`, in the `Wechatpay-Timestamp`, `Wechatpay-Nonce`,
 *   `Wechatpay-Signature` and `Wechatpay-Serial` headers; the serial names the key.
 *
 * The body is the exact bytes sent or received: re-serialised JSON would not verify.
 */
export const AUTHORIZATION_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

/** How far from Kameng's clock a signed timestamp may be, either way: WeChat's own SDKs allow 5 minutes. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const NONCE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random `nonce_str`: 32 letters and digits, as WeChat's SDKs make them. */
export function nonceString(length = 32): string {
  return Array.from({ length }, () => NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)]).join('');
}

export function requestMessage(
  method: string,
  pathWithQuery: string,
  timestamp: number,
  nonce: string,
  body: string,
): string {
  return `${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

export function responseMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

export function rsaSign(message: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

/** A signature that is not plain base64 of a 2048–4096-bit RSA signature is refused before RSA runs. */
export function rsaValid(message: string, signature: string, publicKey: KeyObject): boolean {
  if (!/^[A-Za-z0-9+/]{300,700}={0,2}$/.test(signature)) return false;
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/** The `Authorization` header of one request. */
export function authorizationHeader(input: {
  mchid: string;
  serialNo: string;
  privateKey: KeyObject;
  method: 'GET' | 'POST';
  pathWithQuery: string;
  body: string;
  timestamp: number;
  nonce?: string;
}): string {
  const nonce = input.nonce ?? nonceString();
  const signature = rsaSign(
    requestMessage(input.method, input.pathWithQuery, input.timestamp, nonce, input.body),
    input.privateKey,
  );
  return (
    `${AUTHORIZATION_SCHEMA} mchid="${input.mchid}",nonce_str="${nonce}",signature="${signature}",` +
    `timestamp="${input.timestamp}",serial_no="${input.serialNo}"`
  );
}

/** The four headers WeChat Pay signs an answer or a notification with (lower-case names). */
export interface SignedHeaders {
  'wechatpay-timestamp'?: string | null | undefined;
  'wechatpay-nonce'?: string | null | undefined;
  'wechatpay-signature'?: string | null | undefined;
  'wechatpay-serial'?: string | null | undefined;
}

export type SignatureCheck = { ok: true; serial: string } | { ok: false; reason: string };

/**
 * Checks a WeChat Pay signature over `body`: the serial must name one of the channel's platform keys (a
 * certificate serial, upper-case hex, or a public key id `PUB_KEY_ID_…`), the signature must verify with
 * it, and the timestamp must be within the tolerance of `now` — so a captured notification or answer
 * cannot be replayed later.
 */
export function verifyWechatpaySignature(
  headers: SignedHeaders,
  body: string,
  keys: ReadonlyMap<string, KeyObject>,
  now: Date,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  const timestamp = headers['wechatpay-timestamp'] ?? '';
  const nonce = headers['wechatpay-nonce'] ?? '';
  const signature = headers['wechatpay-signature'] ?? '';
  const serial = headers['wechatpay-serial'] ?? '';
  if (!timestamp || !nonce || !signature || !serial)
    return { ok: false, reason: 'no Wechatpay-Signature headers' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^[0-9A-Za-z]{1,64}$/.test(nonce))
    return { ok: false, reason: 'malformed Wechatpay-Timestamp or Wechatpay-Nonce' };
  const key = keys.get(platformKeyId(serial));
  if (!key) return { ok: false, reason: `unknown Wechatpay-Serial ${serial.slice(0, 64)}` };
  if (!rsaValid(responseMessage(timestamp, nonce, body), signature, key))
    return { ok: false, reason: 'bad signature' };
  const age = Math.floor(now.getTime() / 1000) - Number(timestamp);
  if (age > toleranceSeconds) return { ok: false, reason: `signature too old (${age} s)` };
  if (age < -toleranceSeconds) return { ok: false, reason: `signature from the future (${-age} s)` };
  return { ok: true, serial };
}

/**
 * How a platform key is looked up: certificate serials are hex, which WeChat writes in upper case and
 * some tools in lower case; public key ids (`PUB_KEY_ID_…`) are kept as they are.
 */
export function platformKeyId(serial: string): string {
  return /^[0-9A-Fa-f]+$/.test(serial) ? serial.toUpperCase() : serial;
}

/** An `encrypt-resource` of a notification (or a downloaded certificate), as WeChat Pay sends it. */
export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
}

const GCM_TAG_BYTES = 16;

/**
 * AEAD_AES_256_GCM (回调报文解密): the key is the APIv3 key's 32 characters as bytes, the IV the
 * resource's `nonce` (12 characters), the additional data its `associated_data`; the ciphertext is base64
 * of the encrypted bytes followed by the 16-byte tag. Null when anything does not check out (a wrong key,
 * a tampered ciphertext or associated data): GCM authenticates before anything is believed.
 */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string | null {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') return null;
  const key = Buffer.from(apiV3Key, 'utf8');
  const iv = Buffer.from(resource.nonce, 'utf8');
  const sealed = Buffer.from(resource.ciphertext, 'base64');
  if (key.length !== 32 || iv.length === 0 || sealed.length <= GCM_TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
    decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_BYTES));
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    return Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - GCM_TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null;
  }
}
