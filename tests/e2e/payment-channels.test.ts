import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createCategories,
  keysNamed,
  listCardKeyProduct,
  openShop,
  signedIn,
  type Person,
  type ProductInfo,
} from '../helpers/commerce.js';
import { placeOrder, tradeNoOf } from '../helpers/orders.js';
import { signSandboxParams } from '../../src/server/modules/payments/index.js';
import { walkCheckoutToPayment } from './buyer-steps.js';
import { choose } from './antd.js';
import { commerceHost } from './commerce.js';
import { browserAs, documentWidth, PHONE, screenshot, startKameng, type Kameng } from './harness.js';

const chromiumPath = inject('chromium');
const RULE_ZH = '仅限安卓 QQ 区';
const CHANNEL_NAME = '测试通道（沙箱）';

describe.skipIf(!chromiumPath)('payment channels in Chromium', () => {
  let kameng: Kameng;
  let baseUrl: string;
  let host: ReturnType<typeof commerceHost>;
  let admin: Person;
  let product: ProductInfo;
  let keys: string[];

  beforeAll(async () => {
    kameng = await startKameng();
    baseUrl = kameng.server.url;
    host = commerceHost(kameng);
    admin = await signedIn(host, 'admin', 'admin');
    const shop = await openShop(host, admin.client, '星辰游戏');
    const categories = await createCategories(admin.client);
    keys = keysNamed('CHANNEL', 3);
    product = await listCardKeyProduct(shop, categories.kindId, {
      title: '王者荣耀 60 点券',
      price: 600,
      keys,
    });
  });

  afterAll(async () => {
    await kameng?.close();
  });

  it('lets an admin add a sandbox channel, a buyer pay an order through it, and leaves no alert open', async () => {
    // ── the admin adds the channel and sees where the provider must call back ──
    const adminBrowser = await browserAs(chromiumPath, baseUrl, admin.user);
    let channelId: string;
    try {
      const { page } = adminBrowser;
      // The sign-in toast sits over the header's menu until it goes (and stays while hovered).
      await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
      await page.getByTestId('nav-admin').click();
      await page.getByTestId('nav-admin-payment-channels').click();
      await page.waitForURL('**/admin/payment-channels');
      await page.getByTestId('channels-empty').waitFor();

      await page.getByTestId('channel-add').click();
      // Each kind brings its own fields; keys are masked.
      await choose(page, 'channel-kind', '易支付');
      await page.getByTestId('channel-settings-gateway').waitFor();
      await page.getByTestId('channel-settings-pid').waitFor();
      expect(await page.getByTestId('channel-credentials-key').getAttribute('type')).toBe('password');
      await screenshot(page, 'payment-channel-form-epay-desktop.png');
      await choose(page, 'channel-kind', '支付宝');
      await page.getByTestId('channel-settings-alipayPublicKey').waitFor();
      expect(await page.getByTestId('channel-credentials-appPrivateKey').getAttribute('class')).toContain(
        'payment-secret-text',
      );
      expect(await page.getByTestId('channel-credentials-key').count()).toBe(0);
      // WeChat Pay: platform certificates or the public key, a PEM private key and the 32-character APIv3 key.
      await choose(page, 'channel-kind', '微信支付');
      await page.getByTestId('channel-settings-platformCertificates').waitFor();
      await page.getByTestId('channel-settings-wechatpayPublicKeyId').waitFor();
      expect(
        await page.getByTestId('channel-credentials-merchantPrivateKey').getAttribute('class'),
      ).toContain('payment-secret-text');
      expect(await page.getByTestId('channel-credentials-apiV3Key').getAttribute('type')).toBe('password');
      await choose(page, 'channel-kind', '沙箱支付');
      await page.getByTestId('channel-name').fill(CHANNEL_NAME);
      await page.getByTestId('channel-fee').fill('0.6');
      // A placeholder key is refused by the page before anything is sent.
      await page.getByTestId('channel-credentials-signingKey').fill('short');
      await page.getByTestId('channel-submit').click();
      await page.locator('.ant-form-item-explain-error').filter({ hasText: '至少需要 32 个字符' }).waitFor();
      // The server's own check names the field: 32 characters, but all the same.
      await page.getByTestId('channel-credentials-signingKey').fill('x'.repeat(40));
      await page.getByTestId('channel-submit').click();
      const refused = page.getByTestId('channel-error');
      await refused.waitFor();
      expect(await refused.getAttribute('data-code')).toBe('PAYMENT_CHANNEL_INVALID');
      expect(await refused.innerText()).toContain('signingKey');
      // … and under the field it names.
      await page.locator('.ant-form-item-explain-error').filter({ hasText: 'signingKey' }).waitFor();

      await page.getByTestId('channel-credentials-signingKey').fill(randomBytes(30).toString('base64url'));
      await screenshot(page, 'payment-channel-form-desktop.png');
      await page.getByTestId('channel-submit').click();
      const card = page.getByTestId('channel-card').filter({ hasText: CHANNEL_NAME });
      await card.waitFor();
      channelId = (await card.getAttribute('data-channel-id'))!;
      expect(channelId).toMatch(/^pch_/);
      expect(await card.getByTestId('channel-callback-url').innerText()).toBe(
        `${baseUrl}/api/v1/payments/callbacks/${channelId}`,
      );
      expect(await card.getByTestId('channel-credentials').getAttribute('data-set')).toBe('true');
      expect(await card.getByTestId('channel-fee-text').innerText()).toBe('0.60%');
      expect(await card.getByTestId('channel-limits').innerText()).toBe('¥1.00 – ¥5,000.00');
      await screenshot(page, 'payment-channels-desktop.png');

      // Editing shows the settings but never the key: left empty, it is kept.
      await card.getByTestId('channel-edit').click();
      await page.getByTestId('channel-keep-credentials').waitFor();
      expect(await page.getByTestId('channel-credentials-signingKey').inputValue()).toBe('');
      await page.getByTestId('channel-name').fill(`${CHANNEL_NAME}A`);
      await page.getByTestId('channel-submit').click();
      await page
        .getByTestId('channel-card')
        .filter({ hasText: `${CHANNEL_NAME}A` })
        .waitFor();
      const stored = await admin.client.get<{ items: Array<{ id: string; credentialsSet: boolean }> }>(
        '/api/v1/admin/payment-channels',
      );
      expect(stored.body.items).toEqual([expect.objectContaining({ id: channelId, credentialsSet: true })]);

      await page.setViewportSize(PHONE);
      // Below antd's md breakpoint the header folds its sections behind the menu button.
      await page.getByTestId('header-menu').waitFor();
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'payment-channels-mobile.png');
      expect(adminBrowser.pageErrors).toEqual([]);
    } finally {
      await adminBrowser.close();
    }

    // A second channel whose maximum is below the price: offered, but disabled with the reason.
    const small = await admin.client.post('/api/v1/admin/payment-channels', {
      kind: 'sandbox',
      name: '小额通道',
      enabled: true,
      feeBps: 0,
      minAmount: 100,
      maxAmount: 500,
      settings: {},
      credentials: { signingKey: randomBytes(30).toString('base64url') },
    });
    expect(small.status, small.text).toBe(200);

    // ── a buyer with an empty wallet pays through the channel on the sandbox's checkout page ──
    const buyer = await signedIn(host, 'buyer', 'channel-buyer');
    const buyerBrowser = await browserAs(chromiumPath, baseUrl, buyer.user);
    try {
      const { page } = buyerBrowser;
      await page.goto(`${baseUrl}/products/${product.id}`);
      await page.getByTestId('product-buy').click();
      await walkCheckoutToPayment(page, RULE_ZH);
      const ours = page.locator(`[data-testid="checkout-method"][data-channel-id="${channelId}"]`);
      expect(await ours.innerText()).toContain(`${CHANNEL_NAME}A`);
      expect(await ours.innerText()).toContain('手续费 0.60%');
      const tooSmall = page.getByTestId('checkout-method').filter({ hasText: '小额通道' });
      expect(await tooSmall.getAttribute('data-disabled')).toBe('true');
      expect(await tooSmall.getByTestId('checkout-method-reason').innerText()).toContain('单笔最高 ¥5.00');
      await page.getByTestId('checkout-method-wallet').waitFor();
      await ours.click();
      await screenshot(page, 'payment-checkout-methods-desktop.png');
      await page.getByTestId('checkout-submit').click();

      await page.waitForURL('**/sandbox/pay/*');
      await page.getByTestId('sandbox-amount').filter({ hasText: '¥6.00' }).waitFor();
      await page.getByTestId('sandbox-pay').click();
      await page.waitForURL('**/orders/ord_*');
      const orderId = new URL(page.url()).pathname.split('/').at(-1)!;
      await page.locator('[data-testid="order-status"][data-status="delivered"]').first().waitFor();
      // The payment is named by the channel's display name, not its id.
      expect(await page.getByTestId('order-payments').innerText()).toContain(`${CHANNEL_NAME}A`);

      await page.getByTestId('reveal-keys').click();
      const secret = page.getByTestId('key-secret').first();
      await secret.waitFor();
      expect(keys).toContain(await secret.innerText());

      const recorded = await buyer.client.get<{ status: string; payments: Array<{ provider: string }> }>(
        `/api/v1/orders/${orderId}`,
      );
      expect(recorded.body.status).toBe('delivered');
      expect(recorded.body.payments.map((payment) => payment.provider)).toEqual([channelId]);
      expect(buyerBrowser.pageErrors).toEqual([]);
    } finally {
      await buyerBrowser.close();
    }

    // ── the admin finds nothing to resolve ──
    const alertsBrowser = await browserAs(chromiumPath, baseUrl, admin.user, PHONE);
    try {
      const { page } = alertsBrowser;
      await page.goto(`${baseUrl}/admin/payment-alerts`);
      await page.getByTestId('alerts-empty').waitFor();
      expect(await page.getByTestId('alert-card').count()).toBe(0);
      expect(await page.getByTestId('confirm-payment-warning').innerText()).toContain('卡密会交给买家');
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'payment-alerts-mobile.png');

      // Disabling the channel takes it off checkout's list.
      await page.goto(`${baseUrl}/admin/payment-channels`);
      const card = page.locator(`[data-testid="channel-card"][data-channel-id="${channelId}"]`);
      await card.getByTestId('channel-toggle').click();
      await card.getByTestId('channel-status').filter({ hasText: '已停用' }).waitFor();
      const offered = await host.client().get<{ items: Array<{ id: string }> }>('/api/v1/payment-channels');
      expect(offered.body.items.map((channel) => channel.id)).not.toContain(channelId);
      expect(alertsBrowser.pageErrors).toEqual([]);
    } finally {
      await alertsBrowser.close();
    }
    const open = await admin.client.get<{ items: unknown[] }>('/api/v1/admin/payment-alerts?open=true');
    expect(open.body.items).toEqual([]);
  });

  it('shows an admin a forged "paid" callback as an open alert in words, closed with a note; the buyer then pays from the order page', async () => {
    const signingKey = randomBytes(30).toString('base64url');
    const created = await admin.client.post<{ id: string }>('/api/v1/admin/payment-channels', {
      kind: 'sandbox',
      name: '告警测试通道',
      enabled: true,
      feeBps: 0,
      minAmount: 100,
      maxAmount: 500_000,
      settings: {},
      credentials: { signingKey },
    });
    expect(created.status, created.text).toBe(200);
    const channelId = created.body.id;
    const buyer = await signedIn(host, 'buyer', 'alert-buyer');
    const order = await placeOrder(buyer.client, product);
    const started = await buyer.client.post<{ paymentId: string; redirectUrl: string }>(
      `/api/v1/orders/${order.id}/pay`,
      { method: channelId },
    );
    expect(started.status, started.text).toBe(200);
    // Signed with the channel's own key, but the buyer never paid: the provider's query denies it.
    const forged = signSandboxParams(
      {
        out_trade_no: started.body.paymentId,
        trade_no: tradeNoOf(started.body.redirectUrl),
        total_amount: '600',
        currency: 'CNY',
        trade_status: 'TRADE_SUCCESS',
        notify_time: new Date().toISOString(),
      },
      Buffer.from(signingKey, 'utf8'),
    );
    const refused = await host
      .client()
      .post<{ code: string }>(`/api/v1/payments/callbacks/${channelId}`, forged, { csrf: false });
    expect(refused.body.code).toBe('PAYMENT_CALLBACK_REJECTED');

    const browser = await browserAs(chromiumPath, baseUrl, admin.user, PHONE);
    try {
      const { page } = browser;
      await page.goto(`${baseUrl}/admin/payment-alerts`);
      const alert = page.locator('[data-testid="alert-card"][data-open="true"]');
      await alert.waitFor();
      expect(await alert.getAttribute('data-kind')).toBe('callback_denied_by_query');
      expect(await alert.getByTestId('alert-kind').innerText()).toBe('回调被拒：渠道查询不认可这笔付款');
      expect(await alert.getByTestId('alert-payment-id').innerText()).toBe(started.body.paymentId);
      expect(await alert.getByTestId('alert-channel').innerText()).toBe(`告警测试通道 (${channelId})`);
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'payment-alert-open-mobile.png');

      await alert.getByTestId('alert-resolve').click();
      await page.getByTestId('alert-resolution').fill('伪造回调，渠道未收款；已核实并封禁来源');
      await page.getByTestId('alert-resolve-submit').click();
      await page.getByTestId('alerts-empty').waitFor();
      await page.getByTestId('alerts-show-resolved').click();
      const closed = page.locator('[data-testid="alert-card"][data-open="false"]');
      expect(await closed.innerText()).toContain('伪造回调，渠道未收款');
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
    const open = await admin.client.get<{ items: unknown[] }>('/api/v1/admin/payment-alerts?open=true');
    expect(open.body.items).toEqual([]);
    const unpaid = await buyer.client.get<{ status: string }>(`/api/v1/orders/${order.id}`);
    expect(unpaid.body.status).toBe('created');

    // The buyer then really pays, from the order page, through the same channel.
    const buyerBrowser = await browserAs(chromiumPath, baseUrl, buyer.user, PHONE);
    try {
      const { page } = buyerBrowser;
      await page.goto(`${baseUrl}/orders/${order.id}`);
      await page.getByTestId('order-payment-due').waitFor();
      await page.locator(`[data-testid="order-pay-method"][data-channel-id="${channelId}"]`).click();
      expect(await page.getByTestId('order-pay').innerText()).toContain('前往支付');
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'payment-order-methods-mobile.png');
      await page.getByTestId('order-pay').click();
      await page.waitForURL('**/sandbox/pay/*');
      await page.getByTestId('sandbox-pay').click();
      await page.waitForURL(`**/orders/${order.id}`);
      await page.locator('[data-testid="order-status"][data-status="delivered"]').first().waitFor();
      expect(buyerBrowser.pageErrors).toEqual([]);
    } finally {
      await buyerBrowser.close();
    }
    const after = await admin.client.get<{ items: unknown[] }>('/api/v1/admin/payment-alerts?open=true');
    expect(after.body.items).toEqual([]);
  });

  it('keeps a channel’s callback source IPs as an admin types them, refusing what is not an IP or CIDR block before saving', async () => {
    const created = await admin.client.post<{ id: string }>('/api/v1/admin/payment-channels', {
      kind: 'sandbox',
      name: '回调来源通道',
      enabled: true,
      feeBps: 0,
      minAmount: 100,
      maxAmount: 500_000,
      settings: {},
      credentials: { signingKey: randomBytes(30).toString('base64url') },
    });
    expect(created.status, created.text).toBe(200);
    const channelId = created.body.id;
    const sourcesOf = async () => {
      const listed = await admin.client.get<{ items: Array<{ id: string; callbackSources: string[] }> }>(
        '/api/v1/admin/payment-channels',
      );
      return listed.body.items.find((channel) => channel.id === channelId)?.callbackSources;
    };
    expect(await sourcesOf()).toEqual([]);

    const browser = await browserAs(chromiumPath, baseUrl, admin.user);
    try {
      const { page } = browser;
      const changes: string[] = [];
      page.on('request', (request) => {
        if (request.method() !== 'GET' && request.url().includes(`/payment-channels/${channelId}`))
          changes.push(request.method());
      });
      await page.goto(`${baseUrl}/admin/payment-channels`);
      const card = page.locator(`[data-testid="channel-card"][data-channel-id="${channelId}"]`);
      await card.getByTestId('channel-edit').click();
      const sources = page.getByTestId('channel-callback-sources');
      expect(await sources.inputValue()).toBe('');
      const fieldError = page.locator('.ant-form-item-explain-error');

      // A prefix longer than IPv4 has, and a host name: each refused under the field, nothing sent.
      for (const bad of ['203.0.113.0/33', 'example.com']) {
        await sources.fill(`198.51.100.7\n${bad}`);
        await page.getByTestId('channel-submit').click();
        await fieldError.filter({ hasText: `“${bad}” 不是 IP 地址或网段` }).waitFor();
      }
      await screenshot(page, 'payment-channel-callback-sources-invalid-desktop.png');
      expect(changes).toEqual([]);
      expect(await page.getByTestId('channel-error').count()).toBe(0);
      expect(await sourcesOf()).toEqual([]);

      await sources.fill('203.0.113.0/24\n2001:db8::/32');
      await fieldError.first().waitFor({ state: 'detached' });
      await page.getByTestId('channel-submit').click();
      await sources.waitFor({ state: 'detached' });
      expect(changes).toHaveLength(1);
      expect(await sourcesOf()).toEqual(['203.0.113.0/24', '2001:db8::/32']);

      // Reopened, the modal shows what was saved, one per line.
      await card.getByTestId('channel-edit').click();
      expect(await sources.inputValue()).toBe('203.0.113.0/24\n2001:db8::/32');
      await screenshot(page, 'payment-channel-callback-sources-desktop.png');
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
