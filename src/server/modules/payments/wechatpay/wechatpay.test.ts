import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { Aes, Formatter, Rsa } from 'wechatpay-axios-plugin';
import { readNotification } from './wechatpay-notification.js';
import { beijingRfc3339 } from './wechatpay-provider.js';
import {
  certificatesOf,
  platformKeysOf,
  wechatpayKeysProblem,
  wechatpaySettingsSchema,
} from './wechatpay-settings.js';
import {
  authorizationHeader,
  decryptResource,
  requestMessage,
  responseMessage,
  verifyWechatpaySignature,
} from './wechatpay-signing.js';

/** Everything here is measured against `wechatpay-axios-plugin`, a WeChat Pay SDK we did not write. */
const NOW = new Date('2026-11-22T08:00:00.000Z');
const T = String(NOW.getTime() / 1000);
const API_V3_KEY = 'a7Kq2Vn9Lx4Rb8Tz1Wm6Yc3Pd5Hf0Gj2';

function rsaPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

function selfSigned(keys: { privateKey: string; publicKey: string }, serialHex: string): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  cert.serialNumber = serialHex.toLowerCase();
  cert.validity.notBefore = new Date(NOW.getTime() - 86_400_000);
  cert.validity.notAfter = new Date(NOW.getTime() + 365 * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: 'Tenpay.com Root CA' }]);
  cert.setIssuer([{ name: 'commonName', value: 'Tenpay.com Root CA' }]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKey), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

const merchant = rsaPair();
const platform = rsaPair();
const MERCHANT_SERIAL = '3775B6A45ACD588826D15E583A95F5DD2C3F8EB4';
const PLATFORM_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const platformCertificate = selfSigned(platform, PLATFORM_SERIAL);
const merchantCertificate = selfSigned(merchant, MERCHANT_SERIAL);
const platformKeys: ReadonlyMap<string, KeyObject> = new Map([
  [PLATFORM_SERIAL, createPublicKey(platform.publicKey)],
]);

/** The answer or notification headers WeChat Pay writes, made by the SDK. */
function sdkSigned(body: string, timestamp = T, serial = PLATFORM_SERIAL, nonce = Formatter.nonce(32)) {
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-signature': Rsa.sign(Formatter.response(timestamp, nonce, body), platform.privateKey),
    'wechatpay-serial': serial,
  };
}

describe('WeChat Pay request signatures', () => {
  it('writes the message the SDK writes, for GET (empty body) and POST', () => {
    const path = '/v3/pay/transactions/out-trade-no/pay_01?mchid=1900009191';
    expect(requestMessage('GET', path, 1_795_334_400, 'N0nce', '')).toBe(
      Formatter.request('GET', path, 1_795_334_400, 'N0nce', ''),
    );
    const body = '{"appid":"wxd930ea5d5a258f4f","amount":{"total":100,"currency":"CNY"}}';
    expect(requestMessage('POST', '/v3/pay/transactions/native', 1, 'n', body)).toBe(
      Formatter.request('POST', '/v3/pay/transactions/native', 1, 'n', body),
    );
  });

  it('signs an Authorization header the SDK verifies, with the same signature the SDK makes', () => {
    const body = '{"out_trade_no":"pay_01"}';
    const header = authorizationHeader({
      mchid: '1900009191',
      serialNo: MERCHANT_SERIAL,
      privateKey: createPrivateKey(merchant.privateKey),
      method: 'POST',
      pathWithQuery: '/v3/refund/domestic/refunds',
      body,
      timestamp: Number(T),
      nonce: 'Y3Pd5Hf0Gj2a7Kq2Vn9Lx4Rb8Tz1Wm6c',
    });
    expect(header.startsWith('WECHATPAY2-SHA256-RSA2048 ')).toBe(true);
    const fields: Record<string, string> = Object.fromEntries(
      [...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    expect(fields).toMatchObject({
      mchid: '1900009191',
      serial_no: MERCHANT_SERIAL,
      timestamp: T,
      nonce_str: 'Y3Pd5Hf0Gj2a7Kq2Vn9Lx4Rb8Tz1Wm6c',
    });
    const message = Formatter.request('POST', '/v3/refund/domestic/refunds', T, fields.nonce_str!, body);
    expect(Rsa.verify(message, fields.signature!, merchant.publicKey)).toBe(true);
    // PKCS#1 v1.5 is deterministic: the SDK's own header carries the very same signature.
    const sdkHeader = Formatter.authorization(
      '1900009191',
      fields.nonce_str!,
      Rsa.sign(message, merchant.privateKey),
      T,
      MERCHANT_SERIAL,
    );
    expect(sdkHeader).toContain(`signature="${fields.signature}"`);
  });
});

describe('WeChat Pay answer and notification signatures', () => {
  const body = '{"code_url":"weixin://wxpay/bizpayurl?pr=p4lpSuKzz"}';

  it('accepts what the SDK signs with the platform key, the serial in either case', () => {
    expect(verifyWechatpaySignature(sdkSigned(body), body, platformKeys, NOW)).toEqual({
      ok: true,
      serial: PLATFORM_SERIAL,
    });
    const lower = sdkSigned(body, T, PLATFORM_SERIAL.toLowerCase());
    expect(verifyWechatpaySignature(lower, body, platformKeys, NOW).ok).toBe(true);
    expect(responseMessage(T, 'n', body)).toBe(Formatter.response(T, 'n', body));
  });

  it('refuses an unknown serial, another body, a spoiled signature and missing headers', () => {
    expect(verifyWechatpaySignature(sdkSigned(body, T, 'ABCDEF0123'), body, platformKeys, NOW)).toEqual({
      ok: false,
      reason: 'unknown Wechatpay-Serial ABCDEF0123',
    });
    expect(verifyWechatpaySignature(sdkSigned(body), `${body} `, platformKeys, NOW)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    const signed = sdkSigned(body);
    const spoiled = Buffer.from(signed['wechatpay-signature'], 'base64');
    spoiled[0]! ^= 0x80;
    expect(
      verifyWechatpaySignature(
        { ...signed, 'wechatpay-signature': spoiled.toString('base64') },
        body,
        platformKeys,
        NOW,
      ).ok,
    ).toBe(false);
    expect(
      verifyWechatpaySignature({ ...signed, 'wechatpay-nonce': undefined }, body, platformKeys, NOW),
    ).toEqual({
      ok: false,
      reason: 'no Wechatpay-Signature headers',
    });
    // WeChat's signature probes (签名探测) carry a signature that is not one.
    expect(
      verifyWechatpaySignature(
        { ...signed, 'wechatpay-signature': `WECHATPAY/SIGNTEST/${signed['wechatpay-signature']}` },
        body,
        platformKeys,
        NOW,
      ).ok,
    ).toBe(false);
  });

  it('refuses a timestamp more than five minutes behind or ahead', () => {
    const at = (seconds: number) => String(Number(T) + seconds);
    expect(verifyWechatpaySignature(sdkSigned(body, at(-300)), body, platformKeys, NOW).ok).toBe(true);
    expect(verifyWechatpaySignature(sdkSigned(body, at(-301)), body, platformKeys, NOW)).toEqual({
      ok: false,
      reason: 'signature too old (301 s)',
    });
    expect(verifyWechatpaySignature(sdkSigned(body, at(301)), body, platformKeys, NOW)).toEqual({
      ok: false,
      reason: 'signature from the future (301 s)',
    });
  });
});

describe('WeChat Pay encrypted resources', () => {
  const plaintext = '{"out_trade_no":"pay_01","amount":{"total":100,"currency":"CNY"}}';
  const nonce = 'fdasflkja484';
  const ciphertext = Aes.AesGcm.encrypt(plaintext, API_V3_KEY, nonce, 'transaction');
  const resource = { algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'transaction', nonce };

  it('decrypts what the SDK encrypts with the APIv3 key, and the SDK decrypts the same', () => {
    expect(decryptResource(resource, API_V3_KEY)).toBe(plaintext);
    expect(Aes.AesGcm.decrypt(ciphertext, API_V3_KEY, nonce, 'transaction')).toBe(plaintext);
  });

  it('decrypts nothing with a spoiled tag, other associated data, another key or another algorithm', () => {
    const sealed = Buffer.from(ciphertext, 'base64');
    sealed[sealed.length - 1]! ^= 0x01;
    expect(decryptResource({ ...resource, ciphertext: sealed.toString('base64') }, API_V3_KEY)).toBeNull();
    expect(decryptResource({ ...resource, associated_data: 'certificate' }, API_V3_KEY)).toBeNull();
    expect(decryptResource(resource, API_V3_KEY.replace('a', 'b'))).toBeNull();
    expect(decryptResource({ ...resource, algorithm: 'AEAD_SM4_GCM' }, API_V3_KEY)).toBeNull();
    expect(decryptResource({ ...resource, ciphertext: 'AAAA' }, API_V3_KEY)).toBeNull();
  });
});

describe('WeChat Pay notifications', () => {
  const context = {
    mchid: '1900009191',
    appid: 'wxd930ea5d5a258f4f',
    apiV3Key: API_V3_KEY,
    platformKeys,
    now: NOW,
  };
  const transaction = {
    mchid: '1900009191',
    appid: 'wxd930ea5d5a258f4f',
    out_trade_no: 'pay_01JD00000000000000000000AB',
    transaction_id: '4200002026202611220000000001',
    trade_type: 'NATIVE',
    trade_state: 'SUCCESS',
    amount: { total: 1230, payer_total: 1230, currency: 'CNY', payer_currency: 'CNY' },
  };
  const event = (resource: object, eventType = 'TRANSACTION.SUCCESS') => {
    const nonce = Formatter.nonce(12);
    return JSON.stringify({
      id: 'EV-2018022511223320873',
      create_time: '2026-11-22T16:00:00+08:00',
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: '支付成功',
      resource: {
        original_type: 'transaction',
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: Aes.AesGcm.encrypt(JSON.stringify(resource), API_V3_KEY, nonce, 'transaction'),
        associated_data: 'transaction',
        nonce,
      },
    });
  };
  const notify = (rawBody: string) =>
    readNotification({ params: {}, rawBody, headers: sdkSigned(rawBody) }, context);

  it('reads a paid transaction in 分, and keeps it decrypted as the evidence', () => {
    const verdict = notify(event(transaction));
    expect(verdict).toMatchObject({
      ok: true,
      paymentId: transaction.out_trade_no,
      providerTradeNo: transaction.transaction_id,
      amount: 1230,
      currency: 'CNY',
      paid: true,
      evidence: { resource: { decrypted: { out_trade_no: transaction.out_trade_no } } },
    });
    expect(JSON.stringify(verdict)).not.toContain('ciphertext');
  });

  it('refuses another merchant or app, and acknowledges refund events and unfinished states', () => {
    expect(notify(event({ ...transaction, mchid: '1900000109' }))).toMatchObject({
      ok: false,
      reason: 'another merchant (mchid or appid)',
    });
    expect(notify(event({ ...transaction, appid: 'wx0000000000000001' })).ok).toBe(false);
    expect(notify(event({ refund_status: 'SUCCESS' }, 'REFUND.SUCCESS'))).toMatchObject({
      ok: false,
      acknowledge: true,
    });
    expect(notify(event({ ...transaction, trade_state: 'USERPAYING' }))).toMatchObject({
      ok: false,
      acknowledge: true,
    });
    expect(notify(event({ ...transaction, trade_state: 'CLOSED', transaction_id: undefined }))).toMatchObject(
      {
        ok: true,
        paid: false,
      },
    );
  });
});

describe('WeChat Pay settings', () => {
  const settings = {
    apiBase: 'https://api.mch.weixin.qq.com',
    mchid: '1900009191',
    appid: 'wxd930ea5d5a258f4f',
    merchantSerialNo: MERCHANT_SERIAL.toLowerCase(),
    platformCertificates: platformCertificate,
  };

  it('reads certificates by their serial, and the public key by its id', () => {
    expect(certificatesOf(platformCertificate).map((c) => c.serialNumber)).toEqual([PLATFORM_SERIAL]);
    const parsed = wechatpaySettingsSchema.parse({
      ...settings,
      wechatpayPublicKey: platform.publicKey,
      wechatpayPublicKeyId: 'PUB_KEY_ID_0119000091912026112200000000',
    });
    expect(parsed).toMatchObject({ merchantSerialNo: MERCHANT_SERIAL, product: 'native' });
    expect([...platformKeysOf(parsed).keys()]).toEqual([
      PLATFORM_SERIAL,
      'PUB_KEY_ID_0119000091912026112200000000',
    ]);
  });

  it('refuses addresses other than WeChat’s, a key without its id, no platform key at all, and a private key as a certificate', () => {
    const accepted = (changes: Record<string, unknown>) =>
      wechatpaySettingsSchema.safeParse({ ...settings, ...changes }).success;
    expect(accepted({ apiBase: 'https://api2.mch.weixin.qq.com' })).toBe(true);
    for (const apiBase of [
      'https://evil.example.com',
      'http://api.mch.weixin.qq.com',
      'https://api.mch.weixin.qq.com/v3',
    ])
      expect(accepted({ apiBase }), apiBase).toBe(false);
    expect(accepted({ wechatpayPublicKey: platform.publicKey })).toBe(false);
    expect(accepted({ platformCertificates: undefined })).toBe(false);
    expect(accepted({ platformCertificates: merchant.privateKey })).toBe(false);
    expect(accepted({ platformCertificates: `${platformCertificate}\nnot a certificate` })).toBe(false);
  });

  it('finds the merchant’s own certificate or public key where WeChat Pay’s belongs', () => {
    const credentials = { merchantPrivateKey: merchant.privateKey, apiV3Key: API_V3_KEY };
    expect(wechatpayKeysProblem(wechatpaySettingsSchema.parse(settings), credentials, NOW)).toBeNull();
    // The same certificate once it has expired (valid for a year from the day before NOW).
    expect(
      wechatpayKeysProblem(
        wechatpaySettingsSchema.parse(settings),
        credentials,
        new Date(NOW.getTime() + 400 * 86_400_000),
      ),
    ).toMatch(/expired on 2027-11-22/);
    expect(
      wechatpayKeysProblem(
        wechatpaySettingsSchema.parse({ ...settings, platformCertificates: merchantCertificate }),
        credentials,
        NOW,
      ),
    ).toMatch(/merchant’s own certificate/);
    expect(
      wechatpayKeysProblem(
        wechatpaySettingsSchema.parse({
          ...settings,
          platformCertificates: undefined,
          wechatpayPublicKey: merchant.publicKey,
          wechatpayPublicKeyId: 'PUB_KEY_ID_01',
        }),
        credentials,
        NOW,
      ),
    ).toMatch(/merchant’s own public key/);
  });

  it('writes time_expire as RFC 3339 in Beijing time', () => {
    expect(beijingRfc3339(new Date('2026-11-22T08:15:00.000Z'))).toBe('2026-11-22T16:15:00+08:00');
  });
});
