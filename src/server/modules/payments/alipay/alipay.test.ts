import { createSign, generateKeyPairSync } from 'node:crypto';
import { AlipaySdk } from 'alipay-sdk';
import { describe, expect, it } from 'vitest';
import { AlipayProvider, beijingTime } from './alipay-provider.js';
import {
  alipayCredentialsSchema,
  alipayKeysProblem,
  alipaySettingsSchema,
  type AlipaySettings,
} from './alipay-settings.js';
import { notifySignContent, requestSignContent, signedResponseText } from './alipay-signing.js';

/** Throwaway keys: the app's pair (ours) and "Alipay's" pair (the platform's). */
function rsaPair(modulusLength = 2048) {
  return generateKeyPairSync('rsa', {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}
const app = rsaPair();
const alipay = rsaPair();
const appId = '2021000122671080';
const channelId = 'pch_01JD0000000000000000000000';
const paymentId = 'pay_01JD0000000000000000000001';

const settings: AlipaySettings = alipaySettingsSchema.parse({
  gateway: 'https://openapi.alipay.com/gateway.do',
  appId,
  alipayPublicKey: alipay.publicKey,
});
const provider = (product: AlipaySettings['product'] = 'page') =>
  new AlipayProvider({
    channelId,
    settings: { ...settings, product },
    credentials: alipayCredentialsSchema.parse({ appPrivateKey: app.privateKey }),
    publicUrl: 'https://shop.example.com/',
    clock: { now: () => new Date('2026-11-22T08:00:00Z') },
  });

/** The merchant's side as the official SDK sees it: it verifies what "Alipay" signs. */
const merchantSdk = new AlipaySdk({
  appId,
  privateKey: app.privateKey,
  keyType: 'PKCS8',
  alipayPublicKey: alipay.publicKey,
});
/** Alipay's side: its notification check, given the app's public key, verifies the app's requests. */
const gatewaySdk = new AlipaySdk({
  appId,
  privateKey: alipay.privateKey,
  keyType: 'PKCS8',
  alipayPublicKey: app.publicKey,
});

/** A notification as Alipay writes it: RSA2 by Alipay's key over everything but sign and sign_type. */
function notification(fields: Record<string, string> = {}, key = alipay.privateKey): Record<string, string> {
  const params = {
    notify_time: '2026-11-22 16:01:02',
    notify_type: 'trade_status_sync',
    notify_id: '2026112200222160102000000001',
    charset: 'utf-8',
    version: '1.0',
    app_id: appId,
    auth_app_id: appId,
    trade_no: '2026112222001400000000000001',
    out_trade_no: paymentId,
    buyer_id: '2088102177846880',
    seller_id: '2088102177649450',
    trade_status: 'TRADE_SUCCESS',
    total_amount: '12.30',
    receipt_amount: '12.30',
    subject: '王者荣耀 60 点券',
    fund_bill_list: '[{"amount":"12.30","fundChannel":"ALIPAYACCOUNT"}]',
    gmt_create: '2026-11-22 16:00:40',
    gmt_payment: '2026-11-22 16:01:01',
    ...fields,
  };
  const sign = createSign('RSA-SHA256').update(notifySignContent(params), 'utf8').sign(key, 'base64');
  return { ...params, sign, sign_type: 'RSA2' };
}

const verify = (params: Record<string, string>) =>
  provider().verifyCallback({ params, rawBody: new URLSearchParams(params).toString(), headers: {} });

describe('Alipay signatures', () => {
  it('signs requests over every non-empty parameter but sign, and notifications without sign and sign_type', () => {
    const params = { b: '2', a: '1', sign_type: 'RSA2', sign: 'x', empty: '' };
    expect(requestSignContent(params)).toBe('a=1&b=2&sign_type=RSA2');
    expect(notifySignContent(params)).toBe('a=1&b=2&empty=');
  });

  it('reads a request the official SDK signed the way it signs its own', () => {
    const url = new AlipaySdk({ appId, privateKey: app.privateKey, keyType: 'PKCS8' }).pageExecute(
      'alipay.trade.page.pay',
      'GET',
      {
        bizContent: {
          outTradeNo: paymentId,
          totalAmount: '12.30',
          subject: 'x',
          productCode: 'FAST_INSTANT_TRADE_PAY',
        },
      },
    );
    const params = Object.fromEntries(new URL(url).searchParams);
    const check = createSign('RSA-SHA256')
      .update(requestSignContent(params), 'utf8')
      .sign(app.privateKey, 'base64');
    expect(check).toBe(params.sign);
  });

  it('finds the exact signed text of a response, escapes and all, wherever the signature stands', () => {
    const body =
      '{"code":"10000","qr_code":"https:\\/\\/qr.alipay.com\\/bax1","note":"a \\"}\\" here","n":{"x":[1,{"y":2}]}}';
    expect(
      signedResponseText(
        `{"alipay_trade_precreate_response":${body},"sign":"abc"}`,
        'alipay_trade_precreate_response',
      ),
    ).toBe(body);
    expect(
      signedResponseText(
        `{"sign":"abc", "alipay_trade_precreate_response" : ${body}}`,
        'alipay_trade_precreate_response',
      ),
    ).toBe(body);
    // The key's name inside a value, or nested, is not the member.
    expect(
      signedResponseText(
        `{"x":{"alipay_trade_query_response":${body}},"y":"alipay_trade_query_response"}`,
        'alipay_trade_query_response',
      ),
    ).toBeNull();
    expect(
      signedResponseText('{"alipay_trade_query_response":"text"}', 'alipay_trade_query_response'),
    ).toBeNull();
  });

  it('writes times as Alipay does, in Beijing time', () => {
    expect(beijingTime(new Date('2026-11-22T16:30:05Z'))).toBe('2026-11-23 00:30:05');
  });
});

describe('Alipay notifications', () => {
  it('accepts what Alipay signed, as the official SDK does: the trade, the amount in 分 exactly, paid', async () => {
    const params = notification();
    expect(merchantSdk.checkNotifySignV2(params)).toBe(true);
    expect(await verify(params)).toEqual({
      ok: true,
      paymentId,
      providerTradeNo: '2026112222001400000000000001',
      amount: 1_230,
      currency: 'CNY',
      paid: true,
    });
    expect(await verify(notification({ trade_status: 'TRADE_FINISHED', total_amount: '20' }))).toMatchObject({
      paid: true,
      amount: 2_000,
    });
    expect(await verify(notification({ trade_status: 'TRADE_CLOSED' }))).toMatchObject({
      ok: true,
      paid: false,
    });
  });

  it('refuses what the SDK refuses: a changed field, another signer, a spoiled signature', async () => {
    const changed = { ...notification(), total_amount: '12.31' };
    const otherSigner = notification({}, app.privateKey);
    const signature = Buffer.from(notification().sign!, 'base64');
    signature[10] = signature[10]! ^ 0xff;
    const spoiled = { ...notification(), sign: signature.toString('base64') };
    for (const params of [changed, otherSigner, spoiled]) {
      expect(merchantSdk.checkNotifySignV2(params)).toBe(false);
      expect(await verify(params)).toEqual({ ok: false, reason: 'bad signature', paymentId });
    }
    const { sign: _sign, ...unsigned } = notification();
    expect(await verify(unsigned)).toMatchObject({ ok: false, reason: 'bad signature' });
  });

  it('refuses another app’s trade, a non-final status, SHA-1 signatures and amounts that are not plainly yuan', async () => {
    expect(await verify(notification({ app_id: '2021000000000001' }))).toMatchObject({
      ok: false,
      reason: 'another app id',
    });
    expect(await verify(notification({ trade_status: 'WAIT_BUYER_PAY' }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not final/) as string,
    });
    expect(await verify({ ...notification(), sign_type: 'RSA' })).toMatchObject({
      ok: false,
      reason: 'bad signature type',
    });
    for (const total_amount of ['12.305', '-12.30', '1.2e3', ''])
      expect(await verify(notification({ total_amount })), total_amount).toMatchObject({
        ok: false,
        reason: 'missing or malformed fields',
      });
    // One 分 off is read exactly; the pipeline compares it with the payment.
    expect(await verify(notification({ total_amount: '12.31' }))).toMatchObject({ ok: true, amount: 1_231 });
  });
});

describe('Alipay checkout', () => {
  const payment = {
    paymentId,
    amount: 1_230,
    currency: 'CNY' as const,
    subject: '王者荣耀 60 点券 A/B=1&2',
    notifyPath: `/api/v1/payments/callbacks/${channelId}`,
    returnPath: '/orders/ord_1',
    expiresAt: new Date('2026-11-22T08:15:00Z'),
  };

  it('sends the buyer to the gateway with a page.pay request the gateway’s SDK verifies', async () => {
    for (const [product, method, productCode] of [
      ['page', 'alipay.trade.page.pay', 'FAST_INSTANT_TRADE_PAY'],
      ['wap', 'alipay.trade.wap.pay', 'QUICK_WAP_WAY'],
    ] as const) {
      const { redirectUrl } = await provider(product).createPayment(payment);
      const url = new URL(redirectUrl);
      expect(`${url.origin}${url.pathname}`).toBe('https://openapi.alipay.com/gateway.do');
      const params = Object.fromEntries(url.searchParams);
      expect(params).toMatchObject({
        app_id: appId,
        method,
        charset: 'utf-8',
        sign_type: 'RSA2',
        version: '1.0',
        timestamp: '2026-11-22 16:00:00',
        notify_url: `https://shop.example.com${payment.notifyPath}`,
        return_url: 'https://shop.example.com/orders/ord_1',
      });
      expect(JSON.parse(params.biz_content!)).toMatchObject({
        out_trade_no: paymentId,
        total_amount: '12.30',
        subject: '王者荣耀 60 点券 A B 1 2',
        product_code: productCode,
        time_expire: '2026-11-22 16:15:00',
      });
      expect(gatewaySdk.checkNotifySignV2(params)).toBe(true);
      expect(
        gatewaySdk.checkNotifySignV2({
          ...params,
          biz_content: params.biz_content!.replace('12.30', '0.01'),
        }),
      ).toBe(false);
    }
  });

  it('refuses other currencies', async () => {
    await expect(provider().createPayment({ ...payment, currency: 'ZUAN' })).rejects.toMatchObject({
      code: 'PAYMENT_CURRENCY_NOT_SUPPORTED',
    });
  });
});

describe('Alipay channel settings', () => {
  const bare = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

  it('takes PEM or the bare base64 the Alipay key tool shows, PKCS#8 or PKCS#1, and stores PEM', () => {
    const pkcs1 = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    for (const appPrivateKey of [
      app.privateKey,
      bare(app.privateKey),
      pkcs1.privateKey,
      bare(pkcs1.privateKey),
    ])
      expect(alipayCredentialsSchema.parse({ appPrivateKey }).appPrivateKey).toMatch(
        /^-----BEGIN PRIVATE KEY-----\n/,
      );
    const parsed = alipaySettingsSchema.parse({ appId, alipayPublicKey: bare(alipay.publicKey) });
    expect(parsed).toEqual({
      gateway: 'https://openapi.alipay.com/gateway.do',
      appId,
      alipayPublicKey: alipay.publicKey,
      product: 'page',
    });
  });

  it('refuses keys that cannot work or give a secret away, and never repeats a private key in its refusal', () => {
    const weak = rsaPair(1024);
    const ed = generateKeyPairSync('ed25519', {
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    for (const alipayPublicKey of ['', 'changeme', weak.publicKey, ed.publicKey, app.privateKey])
      expect(alipaySettingsSchema.safeParse({ appId, alipayPublicKey }).success, alipayPublicKey).toBe(false);
    for (const appPrivateKey of [
      '',
      'changeme',
      weak.privateKey,
      ed.privateKey,
      app.publicKey,
      bare(app.privateKey).slice(0, 400),
    ]) {
      const result = alipayCredentialsSchema.safeParse({ appPrivateKey });
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error)).not.toContain(bare(app.privateKey).slice(40, 80));
    }
    for (const gateway of [
      'http://openapi.alipay.com/gateway.do',
      'https://openapi.alipay.com/gateway.do?x=1',
    ])
      expect(
        alipaySettingsSchema.safeParse({ gateway, appId, alipayPublicKey: alipay.publicKey }).success,
      ).toBe(false);
    expect(alipaySettingsSchema.safeParse({ appId: 'app', alipayPublicKey: alipay.publicKey }).success).toBe(
      false,
    );
  });

  it('refuses the app’s own public key given as the Alipay public key', () => {
    const credentials = alipayCredentialsSchema.parse({ appPrivateKey: app.privateKey });
    expect(alipayKeysProblem(settings, credentials)).toBeNull();
    const mixedUp = alipaySettingsSchema.parse({ appId, alipayPublicKey: app.publicKey });
    expect(alipayKeysProblem(mixedUp, credentials)).toMatch(/应用公钥/);
  });
});
