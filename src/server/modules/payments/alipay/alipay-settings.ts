import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { providerUrlSchema } from '../provider-url.js';

/**
 * What an admin types for an Alipay channel (public-key mode, 普通公钥模式). Keys are accepted as PEM or as
 * the bare base64 the Alipay key tool and console show, and are stored as PEM.
 */
export const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do';
const MIN_RSA_BITS = 2048;

/** Bare base64 (line breaks allowed) as DER, or null when the text is not that. */
function bareDer(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  return /^[A-Za-z0-9+/]+={0,2}$/.test(compact) ? Buffer.from(compact, 'base64') : null;
}

function strongRsa(key: KeyObject): string | null {
  if (key.asymmetricKeyType !== 'rsa') return 'not an RSA key (Alipay RSA2 keys are RSA)';
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  return bits < MIN_RSA_BITS ? `an RSA key of ${bits} bits; RSA2 needs ${MIN_RSA_BITS} or more` : null;
}

/** The Alipay public key (支付宝公钥) as a key object; throws when the text is not one. */
export function alipayPublicKeyOf(text: string): KeyObject {
  // createPublicKey would accept a private key and derive its public half: a private key pasted here (a
  // setting, shown to admins) is refused instead.
  if (/PRIVATE KEY/.test(text)) throw new Error('a private key, not the Alipay public key');
  const der = text.includes('-----BEGIN') ? null : bareDer(text);
  return der ? createPublicKey({ key: der, format: 'der', type: 'spki' }) : createPublicKey(text);
}

/** The app private key (应用私钥): PKCS#8 or PKCS#1, PEM or bare base64; throws when it is not one. */
export function appPrivateKeyOf(text: string): KeyObject {
  if (text.includes('-----BEGIN')) return createPrivateKey(text);
  const der = bareDer(text);
  if (!der) throw new Error('neither PEM nor base64');
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}

/**
 * A key an admin pastes: read by `read`, RSA of 2048 bits or more, stored as PEM. `refusal` says what went
 * wrong without quoting the text (a private key's parser error must not reach a log).
 */
function rsaKeySchema(
  maxChars: number,
  read: (text: string) => KeyObject,
  pem: (key: KeyObject) => string,
  refusal: (error: unknown) => string,
) {
  return z
    .string()
    .max(maxChars)
    .transform((text, ctx) => {
      try {
        const key = read(text.trim());
        const weak = strongRsa(key);
        if (!weak) return pem(key);
        ctx.addIssue({ code: 'custom', message: weak });
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: refusal(error) });
      }
      return z.NEVER;
    });
}

const publicKeySchema = rsaKeySchema(
  4_096,
  alipayPublicKeyOf,
  (key) => key.export({ type: 'spki', format: 'pem' }).toString(),
  (error) => `not a public key: ${messageOf(error)}`,
);

const privateKeySchema = rsaKeySchema(
  8_192,
  appPrivateKeyOf,
  (key) => key.export({ type: 'pkcs8', format: 'pem' }).toString(),
  () => 'not a private key (PEM or base64 PKCS#8/PKCS#1)',
);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 120) : 'unreadable';
}

export const alipaySettingsSchema = z.strictObject({
  /** The open platform gateway (`https://openapi.alipay.com/gateway.do`; the sandbox has its own). */
  gateway: providerUrlSchema.default(ALIPAY_GATEWAY),
  /** The app's APPID (应用ID) on the open platform. */
  appId: z.string().regex(/^\d{10,32}$/, 'the APPID: digits'),
  /** 支付宝公钥 from the app's 接口加签方式 page: it verifies notifications and responses. Public. */
  alipayPublicKey: publicKeySchema,
  /** page 电脑网站支付 · wap 手机网站支付 · qr 当面付 (precreate, the buyer scans a QR code). */
  product: z.enum(['page', 'wap', 'qr']).default('page'),
});
export type AlipaySettings = z.output<typeof alipaySettingsSchema>;

export const alipayCredentialsSchema = z.strictObject({
  /** 应用私钥: signs every request. Sealed at rest, never shown again. */
  appPrivateKey: privateKeySchema,
});
export type AlipayCredentials = z.output<typeof alipayCredentialsSchema>;

/**
 * The two keys belong to two parties: the app's public half equal to "the Alipay public key" means the
 * app public key (应用公钥) was pasted where 支付宝公钥 belongs, and no notification would ever verify.
 */
export function alipayKeysProblem(settings: AlipaySettings, credentials: AlipayCredentials): string | null {
  const appPublic = createPublicKey(createPrivateKey(credentials.appPrivateKey)).export({
    type: 'spki',
    format: 'der',
  });
  const alipayPublic = createPublicKey(settings.alipayPublicKey).export({ type: 'spki', format: 'der' });
  return appPublic.equals(alipayPublic)
    ? 'alipayPublicKey is the app’s own public key (应用公钥); paste 支付宝公钥 instead'
    : null;
}
