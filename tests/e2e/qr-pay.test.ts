import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChannelView } from '../../src/common/api/payments.js';
import { signedIn, type Person } from '../helpers/commerce.js';
import { SHOP_URL } from '../helpers/provider-conformance.js';
import { startAlipaySimulator, type AlipaySimulator } from '../helpers/simulators/alipay.js';
import { commerceHost } from './commerce.js';
import { browserAs, documentWidth, PHONE, screenshot, startKameng, type Kameng } from './harness.js';

const chromiumPath = inject('chromium');
const INVALID = '支付链接无效，请返回重新发起支付。';

/** True once the QR code's canvas has both dark modules and light background on it. */
const qrDrawn = (page: Page) =>
  page.evaluate<boolean>(`(() => {
    const canvas = document.querySelector('[data-testid="qr-pay-code"] canvas');
    if (!canvas || canvas.width === 0) return false;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    let light = 0;
    // antd draws the modules in the text colour on a transparent background.
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 192 && data[i] < 64 && data[i + 1] < 64 && data[i + 2] < 64) dark++;
      else if (data[i + 3] === 0 || (data[i] > 192 && data[i + 1] > 192 && data[i + 2] > 192)) light++;
    }
    return dark > 1000 && light > 1000;
  })()`);

/** Alipay 当面付 through the gateway simulator: Kameng's QR page, the buyer's "我已支付", and the page's own polling. */
describe.skipIf(!chromiumPath)('the QR payment page in Chromium', () => {
  let kameng: Kameng;
  let baseUrl: string;
  let gateway: AlipaySimulator;
  let buyer: Person;
  let channel: ChannelView;

  beforeAll(async () => {
    // Alipay needs the shop's public address for its notify_url; the browser still talks to 127.0.0.1.
    kameng = await startKameng({ KAMENG_PUBLIC_URL: SHOP_URL });
    baseUrl = kameng.server.url;
    const host = commerceHost(kameng);
    gateway = await startAlipaySimulator({ product: 'qr' });
    const admin = await signedIn(host, 'admin', 'qr-admin');
    const created = await admin.client.post<ChannelView>('/api/v1/admin/payment-channels', {
      kind: 'alipay',
      name: '支付宝当面付',
      enabled: true,
      feeBps: 0,
      minAmount: 100,
      maxAmount: 1_000_000,
      settings: gateway.settings,
      credentials: gateway.credentials,
    });
    expect(created.status, created.text).toBe(200);
    channel = created.body;
    buyer = await signedIn(host, 'buyer', 'qr-buyer');
  });

  afterAll(async () => {
    await kameng?.close();
    await gateway?.close();
  });

  it('shows an Alipay top-up as a QR code and returns to the wallet when "我已支付" finds it paid', async () => {
    const browser = await browserAs(chromiumPath, baseUrl, buyer.user);
    try {
      const { page } = browser;
      await page.goto(`${baseUrl}/account/wallet`);
      await page.getByTestId('wallet-available').filter({ hasText: '¥0.00' }).waitFor();
      await page.getByTestId('wallet-amount').fill('50');
      await page
        .locator(`[data-testid="wallet-method"][data-channel-id="${channel.id}"]`)
        .filter({ hasText: '支付宝当面付' })
        .click();
      await page.getByTestId('wallet-topup').click();
      await page.waitForURL('**/pay/qr?*');

      const shown = new URL(page.url());
      expect(shown.searchParams.get('app')).toBe('alipay');
      expect(shown.searchParams.get('return')).toMatch(/^\/account\/wallet\?payment=pay_/);
      const code = shown.searchParams.get('code')!;
      expect(code).toMatch(/^https:\/\/qr\.alipay\.com\/bax\w+$/);
      const paymentId = shown.searchParams.get('payment')!;
      const trade = await gateway.tradeFor(page.url());
      expect(trade.outTradeNo).toBe(paymentId);
      expect(trade.amount).toBe(5_000);

      const card = page.getByTestId('qr-pay-page');
      await card.getByText('支付宝扫码支付').waitFor();
      await page.getByTestId('qr-pay-code').locator('canvas').waitFor();
      expect(await qrDrawn(page)).toBe(true);
      expect(await page.getByTestId('qr-pay-open-app').innerText()).toMatch(/打开支付宝/);
      expect(await page.getByTestId('qr-pay-open-app').getAttribute('href')).toBe(code);
      expect(await card.innerText()).toContain('支付完成后本页会自动跳转。');
      await screenshot(page, 'qr-pay-alipay-desktop.png');

      // Not paid yet: asking changes nothing, and the page stays.
      const checks = () => gateway.received.filter((r) => r.method === 'alipay.trade.query').length;
      const queriedBefore = checks();
      const unpaid = page.waitForResponse(
        (r) => r.url().endsWith(`/api/v1/payments/${paymentId}/check`) && r.request().method() === 'POST',
      );
      await page.getByTestId('qr-pay-check').click();
      expect(((await (await unpaid).json()) as { status: string }).status).toBe('pending');
      expect(checks()).toBeGreaterThan(queriedBefore);
      expect(new URL(page.url()).pathname).toBe('/pay/qr');

      // Alipay takes the money and sends no notification: "我已支付" makes Kameng ask.
      await gateway.markPaid(trade);
      const paid = page.waitForResponse(
        (r) => r.url().endsWith(`/api/v1/payments/${paymentId}/check`) && r.request().method() === 'POST',
      );
      await page.getByTestId('qr-pay-check').click();
      expect(((await (await paid).json()) as { status: string }).status).toBe('succeeded');
      await page.waitForURL(`**/account/wallet?payment=${paymentId}`);
      await page.locator('[data-testid="wallet-payment-status"][data-status="succeeded"]').waitFor();
      await page.getByTestId('wallet-available').filter({ hasText: '¥50.00' }).waitFor();
      await screenshot(page, 'qr-pay-returned-wallet-desktop.png');
      expect(gateway.received.filter((r) => r.method === 'alipay.trade.precreate')).toHaveLength(1);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('fits a phone and returns to the wallet by itself once the payment has arrived', async () => {
    const started = await buyer.client.post<{ paymentId: string; redirectUrl: string }>(
      '/api/v1/wallet/topups',
      { amount: 3_000, provider: channel.id },
    );
    expect(started.status, started.text).toBe(200);
    expect(started.body.redirectUrl).toMatch(/^\/pay\/qr\?/);
    const browser = await browserAs(chromiumPath, baseUrl, buyer.user, PHONE);
    try {
      const { page } = browser;
      await page.goto(`${baseUrl}${started.body.redirectUrl}`);
      await page.getByTestId('qr-pay-code').locator('canvas').waitFor();
      expect(await qrDrawn(page)).toBe(true);
      expect(await page.getByTestId('qr-pay-open-app').isVisible()).toBe(true);
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'qr-pay-alipay-mobile.png');

      // Nobody presses anything: the page's own check (every 5 s) sees the payment and goes back.
      await gateway.markPaid(await gateway.tradeFor(started.body.redirectUrl));
      await page.waitForURL(`**/account/wallet?payment=${started.body.paymentId}`, { timeout: 15_000 });
      await page.getByTestId('wallet-available').filter({ hasText: '¥80.00' }).waitFor();
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('draws nothing and asks nothing for a link with an unknown app, a foreign code or a return to another site', async () => {
    const payment = 'pay_0123456789abcdef';
    const wechatCode = 'weixin://wxpay/bizpayurl?pr=AbCdEf1';
    const alipayCode = 'https://qr.alipay.com/bax00000001x';
    const valid = { app: 'alipay', code: alipayCode, payment, return: '/account/wallet' };
    const cases: Array<[string, Record<string, string>]> = [
      ['an unknown app', { ...valid, app: 'paypal' }],
      ['no app', { code: alipayCode, payment, return: '/account/wallet' }],
      ['a WeChat code shown as Alipay', { ...valid, code: wechatCode }],
      ['an Alipay code shown as WeChat', { ...valid, app: 'wechat' }],
      ['a look-alike Alipay host', { ...valid, code: 'https://qr.alipay.com.evil.example/bax1' }],
      ['a script as the code', { ...valid, code: 'javascript:alert(1)' }],
      ['a malformed payment id', { ...valid, payment: '../admin' }],
      ['a protocol-relative return', { ...valid, return: '//evil.example' }],
      ['an absolute return', { ...valid, return: 'https://evil.example/' }],
      ['a return with a backslash', { ...valid, return: '/\\evil.example' }],
      ['a return with a tab', { ...valid, return: '/\t/evil.example' }],
      ['no return', { app: 'alipay', code: alipayCode, payment }],
    ];
    const browser = await browserAs(chromiumPath, baseUrl, buyer.user, PHONE);
    try {
      const { page } = browser;
      const checks: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/check')) checks.push(request.url());
      });
      for (const [name, params] of cases) {
        await page.goto(`${baseUrl}/pay/qr?${new URLSearchParams(params).toString()}`);
        const card = page.getByTestId('qr-pay-page');
        await card.waitFor();
        const alert = card.locator('.ant-alert-error');
        const shown = await alert
          .waitFor({ timeout: 5_000 })
          .then(() => alert.innerText())
          .catch(() => 'no error alert');
        expect(shown, name).toBe(INVALID);
        expect(await page.getByTestId('qr-pay-code').count(), name).toBe(0);
        expect(await page.getByTestId('qr-pay-open-app').count(), name).toBe(0);
        expect(await page.getByTestId('qr-pay-check').count(), name).toBe(0);
        if (name === 'an absolute return') {
          expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
          await screenshot(page, 'qr-pay-invalid-mobile.png');
        }
      }
      expect(checks).toEqual([]);

      // The same link with nothing wrong draws and asks: what was missing above was the parameters' doing.
      const asked = page.waitForRequest((request) => request.url().includes(`/payments/${payment}/check`));
      await page.goto(`${baseUrl}/pay/qr?${new URLSearchParams(valid).toString()}`);
      await page.getByTestId('qr-pay-code').locator('canvas').waitFor();
      await asked;
      expect(await page.locator('.ant-alert-error').count()).toBe(0);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
