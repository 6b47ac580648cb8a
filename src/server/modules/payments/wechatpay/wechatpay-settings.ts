import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { providerUrlSchema } from '../provider-url.js';
import { platformKeyId } from './wechatpay-signing.js';

/**
 * What an admin types for a WeChat Pay channel (API v3, 直连商户): the merchant's numbers, how WeChat
 * Pay's signatures are checked — pasted platform certificates (平台证书), the newer WeChat Pay public key
 * (微信支付公钥) with its id, or both while WeChat moves a merchant from one to the other — and the
 * merchant's own private key and APIv3 key (credentials, sealed).
 */
export const WECHATPAY_API = 'https://api.mch.weixin.qq.com';
/** WeChat's backup domain (备用域名), for merchants who switch to it during an outage. */
const WECHATPAY_BACKUP_API = 'https://api2.mch.weixin.qq.com';
const MIN_RSA_BITS = 2048;
const MAX_CERTIFICATES = 8;

/**
 * WeChat Pay's API itself: signed requests are replayable for five minutes wherever they land, so they go
 * only to WeChat (or, over `http://`, to a simulator on the loopback address — `providerUrlSchema`).
 */
const apiBaseSchema = providerUrlSchema.refine(
  (value) => {
    const url = new URL(value);
    const wechat = url.origin === WECHATPAY_API || url.origin === WECHATPAY_BACKUP_API;
    return (wechat || url.protocol === 'http:') && (url.pathname === '/' || url.pathname === '');
  },
  { message: `${WECHATPAY_API} (or http://127.0.0.1:<port> for a test simulator)` },
);

function rsaProblem(key: KeyObject): string | null {
  if (key.asymmetricKeyType !== 'rsa') return 'not an RSA key (WeChat Pay v3 keys are RSA)';
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  return bits < MIN_RSA_BITS ? `an RSA key of ${bits} bits; WeChat Pay needs ${MIN_RSA_BITS}` : null;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates in a pasted text (one or more PEM blocks), read; throws on anything else. */
export function certificatesOf(text: string): X509Certificate[] {
  if (/PRIVATE KEY/.test(text)) throw new Error('a private key, not a certificate');
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new Error('no PEM certificate (-----BEGIN CERTIFICATE-----)');
  if (blocks.length > MAX_CERTIFICATES) throw new Error(`more than ${MAX_CERTIFICATES} certificates`);
  const rest = text.replace(PEM_CERTIFICATE, '').trim();
  if (rest !== '') throw new Error('text besides the PEM certificates');
  return blocks.map((block) => new X509Certificate(block));
}

const certificatesSchema = z
  .string()
  .max(MAX_CERTIFICATES * 4_096)
  .transform((text, ctx) => {
    try {
      const certificates = certificatesOf(text.trim());
      for (const certificate of certificates) {
        const weak = rsaProblem(certificate.publicKey);
        if (weak)
          ctx.addIssue({ code: 'custom', message: `certificate ${certificate.serialNumber}: ${weak}` });
      }
      return certificates.map((certificate) => certificate.toString().trim()).join('\n');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not platform certificates: ${messageOf(error)}` });
      return z.NEVER;
    }
  });

/** 微信支付公钥 as PEM; a private key pasted here (a setting, shown to admins) is refused. */
const publicKeySchema = z
  .string()
  .max(4_096)
  .transform((text, ctx) => {
    try {
      if (/PRIVATE KEY/.test(text)) throw new Error('a private key, not the WeChat Pay public key');
      const key = createPublicKey(text.trim());
      const weak = rsaProblem(key);
      if (!weak) return key.export({ type: 'spki', format: 'pem' }).toString();
      ctx.addIssue({ code: 'custom', message: weak });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a public key: ${messageOf(error)}` });
    }
    return z.NEVER;
  });

/** 商户API私钥 (apiclient_key.pem): PKCS#8 as WeChat's certificate tool writes it (PKCS#1 is read too). */
export const merchantPrivateKeySchema = z
  .string()
  .max(8_192)
  .transform((text, ctx) => {
    try {
      const key = createPrivateKey(text.trim());
      const weak = rsaProblem(key);
      if (!weak) return key.export({ type: 'pkcs8', format: 'pem' }).toString();
      ctx.addIssue({ code: 'custom', message: weak });
    } catch {
      // The parser's message could quote the key: it is not repeated.
      ctx.addIssue({ code: 'custom', message: 'not a private key (PEM, PKCS#8 as in apiclient_key.pem)' });
    }
    return z.NEVER;
  });

/** APIv3密钥: set by the merchant in 商户平台 → API安全; exactly 32 letters and digits. */
export const API_V3_KEY_FORMAT = /^[0-9A-Za-z]{32}$/;

export const wechatpaySettingsSchema = z
  .strictObject({
    apiBase: apiBaseSchema.default(WECHATPAY_API),
    /** 商户号. */
    mchid: z.string().regex(/^\d{8,12}$/, 'the merchant id (商户号): digits'),
    /** The AppID bound to the merchant (a 公众号, 小程序 or 移动应用's). */
    appid: z.string().regex(/^wx[0-9A-Za-z]{16}$/, 'the AppID: wx and 16 letters or digits'),
    /** 商户API证书序列号: names the key Kameng signs with. */
    merchantSerialNo: z
      .string()
      .regex(/^[0-9A-Fa-f]{8,64}$/, 'the merchant API certificate serial number (hex)')
      .transform((serial) => serial.toUpperCase()),
    /** 平台证书, PEM, one or more (during a rotation WeChat signs with the new one). */
    platformCertificates: certificatesSchema.optional(),
    /** 微信支付公钥, PEM, and its id (`PUB_KEY_ID_…`), from 商户平台 → API安全. */
    wechatpayPublicKey: publicKeySchema.optional(),
    wechatpayPublicKeyId: z
      .string()
      .regex(/^PUB_KEY_ID_[0-9A-Za-z]{1,64}$/, 'the public key id: PUB_KEY_ID_…')
      .optional(),
    /** native: a QR code the buyer scans (Native支付) · h5: WeChat's page in a phone browser (H5支付). */
    product: z.enum(['native', 'h5']).default('native'),
  })
  .superRefine((settings, ctx) => {
    if ((settings.wechatpayPublicKey === undefined) !== (settings.wechatpayPublicKeyId === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [settings.wechatpayPublicKey === undefined ? 'wechatpayPublicKey' : 'wechatpayPublicKeyId'],
        message: 'the WeChat Pay public key and its id go together',
      });
    if (settings.platformCertificates === undefined && settings.wechatpayPublicKey === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['platformCertificates'],
        message:
          'platform certificates, or the WeChat Pay public key and its id: one is needed to check WeChat',
      });
  });
export type WechatpaySettings = z.output<typeof wechatpaySettingsSchema>;

export interface WechatpayCredentials {
  /** 商户API私钥, PEM (PKCS#8): signs every request. */
  merchantPrivateKey: string;
  /** APIv3密钥: decrypts notifications. */
  apiV3Key: string;
}

/** Every key WeChat Pay may sign with for this channel, by the serial or id its `Wechatpay-Serial` names. */
export function platformKeysOf(settings: WechatpaySettings): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  if (settings.platformCertificates)
    for (const certificate of certificatesOf(settings.platformCertificates))
      keys.set(platformKeyId(certificate.serialNumber), certificate.publicKey);
  if (settings.wechatpayPublicKey && settings.wechatpayPublicKeyId)
    keys.set(settings.wechatpayPublicKeyId, createPublicKey(settings.wechatpayPublicKey));
  return keys;
}

/**
 * The common mix-up: the merchant's own certificate (apiclient_cert.pem) or public key pasted where WeChat
 * Pay's belongs. Nothing WeChat sends would ever verify, so the channel is refused at once; checked again
 * when the settings change and the stored key is kept.
 */
export function wechatpayKeysProblem(
  settings: WechatpaySettings,
  credentials: WechatpayCredentials,
  now: Date,
): string | null {
  const merchantPublic = spkiOf(createPublicKey(createPrivateKey(credentials.merchantPrivateKey)));
  if (settings.platformCertificates)
    for (const certificate of certificatesOf(settings.platformCertificates)) {
      if (spkiOf(certificate.publicKey).equals(merchantPublic))
        return 'platformCertificates holds the merchant’s own certificate (商户API证书); paste the 平台证书 instead';
      if (platformKeyId(certificate.serialNumber) === settings.merchantSerialNo)
        return 'platformCertificates holds the certificate of merchantSerialNo (商户API证书); paste the 平台证书 instead';
      // WeChat stops signing with a platform certificate when it expires: an old one pasted (or left after
      // a rotation) would verify nothing new, and trusts a retired key.
      if (new Date(certificate.validTo).getTime() <= now.getTime())
        return `platformCertificates holds a 平台证书 that expired on ${new Date(certificate.validTo).toISOString().slice(0, 10)} (serial ${certificate.serialNumber}); download the current one, or use 微信支付公钥`;
    }
  if (
    settings.wechatpayPublicKey &&
    spkiOf(createPublicKey(settings.wechatpayPublicKey)).equals(merchantPublic)
  )
    return 'wechatpayPublicKey is the merchant’s own public key; paste 微信支付公钥 instead';
  return null;
}

function spkiOf(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 120) : 'unreadable';
}
