import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fenToYuan, yuanToFen } from './epay-money.js';
import { EpayProvider, epaySettingsSchema } from './epay-provider.js';
import { epaySignature, epaySignatureValid, signEpayParams } from './epay-signing.js';

describe('epay signature', () => {
  // Worked by hand from the protocol and checked with `printf … | md5sum`: sorted, unencoded, key appended.
  const order = {
    pid: '1001',
    type: 'alipay',
    out_trade_no: '20160806151343349',
    notify_url: 'http://www.pay.com/notify_url.php',
    return_url: 'http://www.pay.com/return_url.php',
    name: 'VIP会员',
    money: '1.00',
    sitename: '',
  };

  it('signs the sorted non-empty parameters with the key appended', () => {
    expect(epaySignature(order, 'abc')).toBe('312a83a369abef9f7f4ada05a43e61fa');
    expect(epaySignature({ ...order, sign: 'x', sign_type: 'MD5' }, 'abc')).toBe(
      '312a83a369abef9f7f4ada05a43e61fa',
    );
  });

  it('accepts its own signature in either case and refuses any change', () => {
    const signed = signEpayParams(order, 'abc');
    expect(epaySignatureValid(signed, 'abc')).toBe(true);
    expect(epaySignatureValid({ ...signed, sign: signed.sign!.toUpperCase() }, 'abc')).toBe(true);
    expect(epaySignatureValid(signed, 'abd')).toBe(false);
    expect(epaySignatureValid({ ...signed, money: '1.01' }, 'abc')).toBe(false);
    expect(epaySignatureValid({ ...signed, sign_type: 'RSA' }, 'abc')).toBe(false);
    expect(epaySignatureValid({ ...signed, sign: '' }, 'abc')).toBe(false);
    const { sign: _sign, ...unsigned } = signed;
    expect(epaySignatureValid(unsigned, 'abc')).toBe(false);
  });
});

describe('epay money', () => {
  it('writes 分 as yuan with two decimals', () => {
    expect([0, 1, 10, 100, 1_234, 100_000_00].map(fenToYuan)).toEqual([
      '0.00',
      '0.01',
      '0.10',
      '1.00',
      '12.34',
      '100000.00',
    ]);
  });

  it('reads yuan exactly and refuses anything that is not plainly an amount', () => {
    expect(['12.34', '12.3', '12', '0.01', '0.10'].map(yuanToFen)).toEqual([1_234, 1_230, 1_200, 1, 10]);
    for (const text of ['', '-1.00', '1.001', '1e3', ' 1.00', '1.00 ', '1,000.00', '.5', '1.', '0x10', 'NaN'])
      expect(yuanToFen(text), text).toBeNull();
  });

  it('round-trips every amount without a float on the way', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999_999_99 }),
        (fen) => yuanToFen(fenToYuan(fen)) === fen,
      ),
    );
  });
});

describe('epay provider', () => {
  const key = 'Zk8mQ2rW5tY7uI9oP3aS6dF1gH4jL0xC';
  const provider = (publicUrl: string | null = 'https://shop.example.com/') =>
    new EpayProvider({
      channelId: 'pch_01JD0000000000000000000000',
      settings: epaySettingsSchema.parse({ gateway: 'https://pay.example.com/', pid: '1001' }),
      credentials: { key },
      publicUrl: publicUrl ?? undefined,
    });
  const payment = {
    paymentId: 'pay_01JD0000000000000000000001',
    amount: 1_230,
    currency: 'CNY' as const,
    subject: '王者荣耀 60 点券',
    notifyPath: '/api/v1/payments/callbacks/pch_01JD0000000000000000000000',
    returnPath: '/orders/ord_1',
    expiresAt: new Date('2026-11-22T08:20:00Z'),
  };

  it('sends the buyer to submit.php with the signed order, and never the key', async () => {
    const { redirectUrl } = await provider().createPayment(payment);
    const url = new URL(redirectUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://pay.example.com/submit.php');
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      pid: '1001',
      out_trade_no: payment.paymentId,
      money: '12.30',
      name: payment.subject,
      notify_url: `https://shop.example.com${payment.notifyPath}`,
      return_url: 'https://shop.example.com/orders/ord_1',
      sign_type: 'MD5',
    });
    expect(epaySignatureValid(params, key)).toBe(true);
    expect(redirectUrl).not.toContain(key);
  });

  it('refuses other currencies, and checkouts without the shop’s public address', async () => {
    await expect(provider().createPayment({ ...payment, currency: 'ZUAN' })).rejects.toMatchObject({
      code: 'PAYMENT_CURRENCY_NOT_SUPPORTED',
    });
    await expect(provider(null).createPayment(payment)).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_UNAVAILABLE',
    });
  });

  it('reads a notification: the trade, the amount in 分, paid only on TRADE_SUCCESS, ours only', async () => {
    const notice = {
      pid: '1001',
      trade_no: '2026112208000001',
      out_trade_no: payment.paymentId,
      type: 'alipay',
      name: payment.subject,
      money: '12.30',
      trade_status: 'TRADE_SUCCESS',
    };
    const verify = (params: Record<string, string>) =>
      provider().verifyCallback({ params, rawBody: '', headers: {} });
    expect(await verify(signEpayParams(notice, key))).toEqual({
      ok: true,
      paymentId: payment.paymentId,
      providerTradeNo: '2026112208000001',
      amount: 1_230,
      currency: 'CNY',
      paid: true,
    });
    expect(await verify(signEpayParams({ ...notice, trade_status: 'WAIT_BUYER_PAY' }, key))).toMatchObject({
      ok: true,
      paid: false,
    });
    expect(await verify(signEpayParams({ ...notice, pid: '1002' }, key))).toMatchObject({
      ok: false,
      reason: 'another merchant id',
    });
    expect(await verify(signEpayParams({ ...notice, money: '12.305' }, key))).toMatchObject({
      ok: false,
      reason: 'missing or malformed fields',
    });
    expect(await verify({ ...signEpayParams(notice, key), money: '12.31' })).toMatchObject({
      ok: false,
      reason: 'bad signature',
      paymentId: payment.paymentId,
    });
  });
});
