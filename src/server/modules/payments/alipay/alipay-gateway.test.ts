import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../platform/clock.js';
import {
  startAlipaySimulator,
  type AlipaySimulator,
} from '../../../../../tests/helpers/simulators/alipay.js';
import { AlipayProvider } from './alipay-provider.js';
import { alipayCredentialsSchema, alipaySettingsSchema } from './alipay-settings.js';

/**
 * The adapter against the gateway simulator (tests/helpers/simulators/alipay.ts), with the official
 * `alipay-sdk` as the third party: what the simulator says, the SDK accepts, and the adapter agrees.
 */
const SHOP_URL = 'https://shop.example.com';

describe('alipay adapter against the gateway simulator and the official SDK', () => {
  let gateway: AlipaySimulator;
  let provider: AlipayProvider;
  beforeAll(async () => {
    gateway = await startAlipaySimulator({ product: 'qr' });
    provider = new AlipayProvider({
      channelId: 'pch_01JD0000000000000000000000',
      settings: alipaySettingsSchema.parse(gateway.settings),
      credentials: alipayCredentialsSchema.parse(gateway.credentials),
      publicUrl: SHOP_URL,
      clock: systemClock,
    });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  async function paidTrade(paymentId: string, amount: number) {
    const { redirectUrl } = await provider.createPayment({
      paymentId,
      amount,
      currency: 'CNY',
      subject: '点卡',
      notifyPath: '/api/v1/payments/callbacks/pch_01JD0000000000000000000000',
      returnPath: '/wallet',
      expiresAt: new Date(Date.now() + 15 * 60_000),
    });
    const trade = await gateway.tradeFor(redirectUrl);
    await gateway.markPaid(trade);
    return trade;
  }

  it('the simulator answers as the SDK expects: its requests accepted, its answers’ signatures verified', async () => {
    const sdk = gateway.merchantSdk;
    await sdk.exec('alipay.trade.precreate', {
      notifyUrl: `${SHOP_URL}/notify`,
      bizContent: { outTradeNo: 'sdk-order-1', totalAmount: '0.01', subject: 'SDK' },
    });
    const asked = await sdk.exec(
      'alipay.trade.query',
      { bizContent: { outTradeNo: 'sdk-order-1' } },
      { validateSign: true },
    );
    expect(asked).toMatchObject({ code: '10000', outTradeNo: 'sdk-order-1', tradeStatus: 'WAIT_BUYER_PAY' });
    gateway.setAnswersForged(true);
    try {
      await expect(
        sdk.exec('alipay.trade.query', { bizContent: { outTradeNo: 'sdk-order-1' } }, { validateSign: true }),
      ).rejects.toThrow(/验签失败/);
    } finally {
      gateway.setAnswersForged(false);
    }
  });

  it('accepts the notifications the SDK accepts, and refuses the ones it refuses', async () => {
    const trade = await paidTrade('pay_01JD00000000000000000000N1', 1_000);
    for (const forgeSignature of [false, true]) {
      const notification = await gateway.notification(trade, { forgeSignature });
      const params = Object.fromEntries(new URLSearchParams(notification.body!));
      expect(gateway.merchantSdk.checkNotifySignV2(params)).toBe(!forgeSignature);
      const verdict = await provider.verifyCallback({ params, rawBody: notification.body!, headers: {} });
      expect(verdict.ok).toBe(!forgeSignature);
    }
  });

  it('queries a trade, refunds a request number once however often it is sent, and trusts no answer with a bad signature', async () => {
    const trade = await paidTrade('pay_01JD00000000000000000000R1', 2_000);
    expect(await provider.queryPayment(trade.outTradeNo)).toEqual({
      paid: true,
      providerTradeNo: trade.tradeNo,
      amount: 2_000,
      currency: 'CNY',
    });
    expect(await provider.queryPayment('pay_01JD00000000000000000000XX')).toEqual({ paid: false });

    const refund = { paymentId: trade.outTradeNo, refundId: 'rfd_01JD0000000000000000000001', amount: 300 };
    expect(await provider.refund(refund)).toEqual({ ok: true, providerRefundNo: refund.refundId });
    // Sent again (the first answer was lost): Alipay moves no money twice, and the refund query says done.
    expect(await provider.refund(refund)).toEqual({ ok: true, providerRefundNo: refund.refundId });
    expect(await gateway.refundedAmount(trade)).toBe(300);
    const tooMuch = await provider.refund({
      ...refund,
      refundId: 'rfd_01JD0000000000000000000002',
      amount: 1_701,
    });
    expect(tooMuch).toMatchObject({
      ok: false,
      error: expect.stringMatching(/ACQ.REFUND_AMT_NOT_EQUAL_TOTAL/) as string,
    });

    gateway.setAnswersForged(true);
    try {
      await expect(provider.queryPayment(trade.outTradeNo)).rejects.toThrow(/bad signature/);
      expect(await provider.refund({ ...refund, refundId: 'rfd_01JD0000000000000000000003' })).toMatchObject({
        ok: false,
        error: expect.stringMatching(/bad signature/) as string,
      });
      await expect(paidTrade('pay_01JD00000000000000000000F1', 100)).rejects.toMatchObject({
        code: 'PAYMENT_PROVIDER_UNAVAILABLE',
      });
    } finally {
      gateway.setAnswersForged(false);
    }
    // The refund went through at Alipay though its answer could not be trusted: sent again under the same
    // number, it is confirmed, and the money moved once.
    expect(await provider.refund({ ...refund, refundId: 'rfd_01JD0000000000000000000003' })).toMatchObject({
      ok: true,
    });
    expect(await gateway.refundedAmount(trade)).toBe(600);
  });
});
