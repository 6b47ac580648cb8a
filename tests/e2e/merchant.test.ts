import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createCategories,
  fundWallet,
  openShop,
  personIdNumber,
  signedIn,
  type Categories,
  type OpenShop,
  type Person,
} from '../helpers/commerce.js';
import { choose } from './antd.js';
import { commerceHost } from './commerce.js';
import {
  openBrowser,
  screenshotPath,
  signIn,
  startKameng,
  type BrowserSession,
  type Kameng,
} from './harness.js';

const chromiumPath = inject('chromium');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(name), fullPage: true, animations: 'disabled' });
}

describe.skipIf(!chromiumPath)('the merchant console in Chromium', () => {
  let kameng: Kameng;
  let baseUrl: string;
  let host: ReturnType<typeof commerceHost>;
  let admin: Person;
  let shop: OpenShop;
  let categories: Categories;

  beforeAll(async () => {
    kameng = await startKameng();
    baseUrl = kameng.server.url;
    host = commerceHost(kameng);
    admin = await signedIn(host, 'admin', 'admin');
    shop = await openShop(host, admin.client, '星辰游戏');
    categories = await createCategories(admin.client, '原神', '创世结晶');
  });

  afterAll(async () => {
    await kameng?.close();
  });

  async function browserAs(
    person: Person,
    viewport = DESKTOP,
  ): Promise<BrowserSession & { pageWidth: () => Promise<number> }> {
    const browser = await openBrowser(chromiumPath, {
      locale: 'zh-CN',
      viewport,
      isMobile: viewport === PHONE,
    });
    await signIn(browser.page, baseUrl, person.user.email, person.user.password);
    // A string, because this file is type-checked without the DOM library.
    const pageWidth = () => browser.page.evaluate<number>('document.documentElement.scrollWidth');
    return { ...browser, pageWidth };
  }

  it('takes a new seller from the application through the review to an open shop after the deposit', async () => {
    const applicant = await signedIn(host, 'buyer', 'applicant');
    const browser = await browserAs(applicant);
    const { page } = browser;
    try {
      await page.getByTestId('nav-merchant').first().click();
      await page.waitForURL('**/merchant');
      await page.getByTestId('merchant-intro').waitFor();

      const idNumber = personIdNumber();
      const wrongCheckDigit = idNumber.slice(0, -1) + (idNumber.endsWith('0') ? '1' : '0');
      await page.getByTestId('apply-shop-name').fill('月光小铺');
      await page.getByTestId('apply-description').fill('正规渠道，当天发货');
      await page.getByTestId('apply-legal-name').fill('李四光');
      await page.getByTestId('apply-identity-number').fill(wrongCheckDigit);
      await page.getByTestId('apply-contact-name').fill('李先生');
      await page.getByTestId('apply-contact-phone').fill('13900139000');
      await page.getByTestId('apply-contact-email').fill('moon@example.com');
      await shot(page, 'merchant-apply-zh-CN.png');
      await page.getByTestId('apply-submit').click();

      // The server checks the GB 11643 check digit; its message shows under the field.
      const fieldError = page.locator('#identityNumber_help, [id$="identityNumber_help"]').first();
      await fieldError.waitFor();
      expect(await fieldError.innerText()).toContain('证件号码校验失败');
      expect((await applicant.client.get<{ shop: null }>('/api/v1/merchant/shop')).body.shop).toBeNull();

      await page.getByTestId('apply-identity-number').fill(idNumber);
      await page.getByTestId('apply-submit').click();
      await page.getByTestId('merchant-applying').waitFor();
      expect(await page.getByTestId('merchant-shop-status').innerText()).toBe('审核中');

      const applied = await applicant.client.get<{ shop: { id: string; status: string } }>(
        '/api/v1/merchant/shop',
      );
      expect(applied.body.shop.status).toBe('applying');
      const reviewed = await admin.client.post(`/api/v1/admin/merchants/${applied.body.shop.id}/review`, {
        decision: 'approve',
      });
      expect(reviewed.status, reviewed.text).toBe(200);

      // Approved but the wallet is empty: the deposit step points to the wallet page.
      await page.reload();
      await page.getByTestId('merchant-deposit').waitFor();
      expect(await page.getByTestId('deposit-minimum').innerText()).toBe('¥500.00');
      expect(await page.getByTestId('deposit-wallet').innerText()).toBe('¥0.00');
      await page.getByTestId('deposit-short').waitFor();
      expect(await page.getByTestId('deposit-top-up').getAttribute('href')).toBe('/account/wallet');
      expect(await page.getByTestId('deposit-pay').isDisabled()).toBe(true);

      await fundWallet(host, applicant.user.id, 60_000);
      await page.reload();
      await page.getByTestId('merchant-deposit').waitFor();
      await expect.poll(() => page.getByTestId('deposit-wallet').innerText()).toBe('¥600.00');
      expect(await page.getByTestId('deposit-amount').inputValue()).toBe('500.00');
      await shot(page, 'merchant-deposit-zh-CN.png');
      await page.getByTestId('deposit-pay').click();

      await page.getByTestId('merchant-dashboard').waitFor();
      expect(await page.getByTestId('merchant-shop-status').innerText()).toBe('营业中');
      expect(await page.getByTestId('dashboard-deposit').innerText()).toBe('¥500.00');
      expect(await page.getByTestId('dashboard-available').innerText()).toBe('¥0.00');
      expect(await page.getByTestId('merchant-public-page').getAttribute('href')).toBe(
        `/shops/${applied.body.shop.id}`,
      );
      await shot(page, 'merchant-dashboard-zh-CN.png');

      const opened = await applicant.client.get<{ shop: { status: string; deposit: { balance: number } } }>(
        '/api/v1/merchant/shop',
      );
      expect(opened.body.shop).toMatchObject({ status: 'active', deposit: { balance: 50_000 } });
      const balances = await applicant.client.get<{ items: Array<{ kind: string; balance: number }> }>(
        '/api/v1/me/balances',
      );
      expect(balances.body.items.find((account) => account.kind === 'user_wallet')?.balance).toBe(10_000);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('creates a card-key product, uploads keys with a report of duplicates and rejects, and lists it', async () => {
    const browser = await browserAs(shop);
    const { page } = browser;
    const title = `原神 创世结晶 60 ${randomUUID().slice(0, 6)}`;
    try {
      await page.goto(`${baseUrl}/merchant/products`);
      await page.getByTestId('product-create').click();
      await page.getByTestId('product-form').waitFor();
      await choose(page, 'product-game', '原神');
      await choose(page, 'product-category', '创世结晶');
      await page.getByTestId('product-title').fill(title);
      await page.getByTestId('product-price').fill('6.50');
      await page.getByTestId('product-add-rule').click();
      await page.getByTestId('product-rule-zh-0').fill('仅限官服');
      await page.getByTestId('product-rule-en-0').fill('Official servers only');
      await shot(page, 'merchant-product-form-zh-CN.png');
      await page.getByTestId('product-save').click();

      const row = page.locator('tr', { has: page.getByText(title, { exact: true }) });
      await row.waitFor();
      expect(await row.getByTestId('product-row-status').getAttribute('data-status')).toBe('draft');
      const mine = await shop.client.get<{ items: Array<{ id: string; title: string; price: number }> }>(
        '/api/v1/merchant/products',
      );
      const product = mine.body.items.find((item) => item.title === title);
      expect(product?.price).toBe(650);

      await row.getByTestId('product-keys').click();
      await page.waitForURL(`**/merchant/products/${product!.id}/keys`);
      await page.getByTestId('keys-upload').waitFor();
      const keys = ['GEN-0001-AAAA', 'GEN-0002-BBBB', 'GEN-0001-AAAA', 'X'.repeat(600), 'GEN-0003-CCCC'];
      await page.getByTestId('keys-paste').fill(keys.join('\n'));
      await page.getByTestId('keys-upload-submit').click();

      await page.getByTestId('key-report').waitFor();
      expect(await page.getByTestId('report-submitted').innerText()).toBe('5');
      expect(await page.getByTestId('report-accepted').innerText()).toBe('3');
      expect(await page.getByTestId('report-duplicates').innerText()).toBe('1');
      expect(await page.getByTestId('report-rejected').innerText()).toBe('1');
      const lines = page.getByTestId('key-report-lines');
      expect(await lines.locator('tbody tr.ant-table-row').count()).toBe(2);
      expect(await lines.getByTestId('report-problem-duplicate').innerText()).toBe('与本次上传的其他行重复');
      expect(await lines.getByTestId('report-problem-rejected').innerText()).toBe('超过 512 个字符');
      await expect.poll(() => page.getByTestId('keys-count-available').innerText()).toBe('3');
      // The keys are gone from the page once uploaded: never shown to the merchant again.
      expect(await page.getByTestId('keys-paste').inputValue()).toBe('');
      expect(await page.content()).not.toContain('GEN-0001-AAAA');
      await shot(page, 'merchant-keys-zh-CN.png');

      // A CSV file is read in the browser and sent as text: a row's cells become one key.
      await page.getByTestId('keys-format-csv').click();
      await page.getByTestId('keys-csv-file').setInputFiles({
        name: 'keys.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('卡号,密码\nCSV-0001,PW-1\nGEN-0002-BBBB\n', 'utf8'),
      });
      await page.getByText('已选择：keys.csv').waitFor();
      await page.getByTestId('keys-upload-submit').click();
      await expect.poll(() => page.getByTestId('report-submitted').innerText()).toBe('3');
      expect(await page.getByTestId('report-accepted').innerText()).toBe('2');
      expect(
        await page.getByTestId('key-report-lines').getByTestId('report-problem-duplicate').innerText(),
      ).toBe('库存中已有相同卡密');
      await expect.poll(() => page.getByTestId('keys-count-available').innerText()).toBe('5');

      await page.getByTestId('keys-back').click();
      await page.waitForURL('**/merchant/products');
      await row.getByTestId('product-list').click();
      await expect
        .poll(() => row.getByTestId('product-row-status').getAttribute('data-status'))
        .toBe('listed');
      expect(await row.getByTestId('product-row-stock').innerText()).toBe('5');
      await shot(page, 'merchant-products-zh-CN.png');

      const onSale = await host
        .client()
        .get<{ items: Array<{ id: string; stock: number | null; status: string }> }>(
          `/api/v1/products?merchantId=${shop.merchantId}`,
        );
      expect(onSale.body.items.find((item) => item.id === product!.id)).toMatchObject({
        stock: 5,
        status: 'listed',
      });
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('shows a paid top-up under 待发货 with the game account and a countdown, and delivers it', async () => {
    const created = await shop.client.post<{ id: string }>('/api/v1/merchant/products', {
      categoryId: categories.kindId,
      kind: 'topup',
      title: '原神 代充 6480 创世结晶',
      price: 64_800,
      buyerFields: [{ key: 'game_account', labelZh: '游戏账号', labelEn: 'Game account' }],
      deliveryHours: 2,
    });
    expect(created.status, created.text).toBe(200);
    const listed = await shop.client.post<{ id: string; rulesVersion: string }>(
      `/api/v1/merchant/products/${created.body.id}/status`,
      { status: 'listed' },
    );
    expect(listed.status, listed.text).toBe(200);

    const buyer = await signedIn(host, 'buyer', 'player');
    await fundWallet(host, buyer.user.id, 100_000);
    const order = await buyer.client.post<{ id: string }>(
      '/api/v1/orders',
      {
        productId: listed.body.id,
        quantity: 1,
        buyerInput: { game_account: '800123456' },
        rulesVersion: listed.body.rulesVersion,
        acknowledgeNoReasonReturnExclusion: true,
      },
      { headers: { 'idempotency-key': randomUUID() } },
    );
    expect(order.status, order.text).toBe(200);
    const paid = await buyer.client.post(
      `/api/v1/orders/${order.body.id}/pay`,
      { method: 'wallet' },
      { headers: { 'idempotency-key': randomUUID() } },
    );
    expect(paid.status, paid.text).toBe(200);

    const browser = await browserAs(shop);
    const { page } = browser;
    try {
      await page.goto(`${baseUrl}/merchant/orders`);
      const card = page.locator(`[data-testid="merchant-order"][data-order-id="${order.body.id}"]`);
      await card.waitFor();
      expect(await card.getByTestId('order-status').innerText()).toBe('待发货');
      expect(await card.getByTestId('order-input-game_account').innerText()).toBe('800123456');
      expect(await card.getByTestId('order-amount').innerText()).toBe('¥648.00');
      const countdown = card.getByTestId('order-countdown');
      expect(await countdown.getAttribute('data-urgent')).toBe('false');
      const first = await countdown.innerText();
      expect(first).toMatch(/^剩余 1:5\d:\d\d$/);
      await expect.poll(() => countdown.innerText(), { timeout: 5000 }).not.toBe(first);
      await shot(page, 'merchant-orders-zh-CN.png');

      await card.getByTestId('order-deliver').click();
      await page.getByTestId('deliver-note').fill('已充值，流水号 TX-20261122-0001');
      await page.getByTestId('deliver-submit').click();
      await card.waitFor({ state: 'detached' });

      const seen = await buyer.client.get<{ status: string; deliveryNote: string }>(
        `/api/v1/orders/${order.body.id}`,
      );
      expect(seen.body).toMatchObject({
        status: 'delivered',
        deliveryNote: '已充值，流水号 TX-20261122-0001',
      });

      await page.getByTestId('orders-tab-delivered').click();
      const delivered = page.locator(`[data-testid="merchant-order"][data-order-id="${order.body.id}"]`);
      await delivered.getByTestId('order-details').click();
      const detail = page.getByTestId('order-detail');
      await detail.getByTestId('order-timeline').waitFor();
      expect(await detail.getByTestId('order-detail-note').innerText()).toBe(
        '已充值，流水号 TX-20261122-0001',
      );
      expect(await detail.getByTestId('order-timeline').innerText()).toContain('待发货 → 已发货');
      await shot(page, 'merchant-order-detail-zh-CN.png');
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('refunds a paid service it cannot deliver, and the buyer has the money back at once', async () => {
    const created = await shop.client.post<{ id: string }>('/api/v1/merchant/products', {
      categoryId: categories.kindId,
      kind: 'manual',
      title: '原神 深渊代打 12 层满星',
      price: 8_800,
      deliveryHours: 24,
    });
    expect(created.status, created.text).toBe(200);
    const listed = await shop.client.post<{ id: string; rulesVersion: string }>(
      `/api/v1/merchant/products/${created.body.id}/status`,
      { status: 'listed' },
    );
    const buyer = await signedIn(host, 'buyer', 'refunded');
    await fundWallet(host, buyer.user.id, 8_800);
    const order = await buyer.client.post<{ id: string }>('/api/v1/orders', {
      productId: listed.body.id,
      quantity: 1,
      rulesVersion: listed.body.rulesVersion,
      acknowledgeNoReasonReturnExclusion: true,
    });
    expect(order.status, order.text).toBe(200);
    await buyer.client.post(`/api/v1/orders/${order.body.id}/pay`, { method: 'wallet' });

    const browser = await browserAs(shop);
    const { page } = browser;
    try {
      await page.goto(`${baseUrl}/merchant/orders`);
      const card = page.locator(`[data-testid="merchant-order"][data-order-id="${order.body.id}"]`);
      await card.getByTestId('order-refund').click();
      // A reason is required before anything is refunded.
      await page.getByTestId('refund-submit').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      await page.getByTestId('refund-reason').fill('代打师本周排满，无法按时完成');
      await page.getByTestId('refund-submit').click();
      await card.waitFor({ state: 'detached' });

      const seen = await buyer.client.get<{
        status: string;
        timeline: Array<{ to: string; note: string | null }>;
      }>(`/api/v1/orders/${order.body.id}`);
      expect(seen.body.status).toBe('refunded');
      expect(seen.body.timeline.at(-1)?.note).toContain('代打师本周排满');
      const balances = await buyer.client.get<{ items: Array<{ kind: string; balance: number }> }>(
        '/api/v1/me/balances',
      );
      expect(balances.body.items.find((b) => b.kind === 'user_wallet')?.balance).toBe(8_800);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('shows a new API key once, which works until it is revoked (in English)', async () => {
    const browser = await browserAs(shop);
    const { page } = browser;
    try {
      await page.goto(`${baseUrl}/merchant/api-keys`);
      await page.getByTestId('lang-en').click();
      await page.getByTestId('api-key-create').click();
      await page.getByTestId('api-key-name-input').fill('My ERP');
      await page.getByTestId('api-key-create-submit').click();
      const tokenBox = page.getByTestId('api-token');
      await tokenBox.waitFor();
      const token = (await tokenBox.innerText()).trim();
      expect(token.length).toBeGreaterThan(20);
      expect(await page.getByText('The key is shown this once').count()).toBe(1);
      await shot(page, 'merchant-api-key-token-en.png');
      await page.getByTestId('api-token-done').click();
      await tokenBox.waitFor({ state: 'detached' });
      expect(await page.content()).not.toContain(token);

      const row = page.locator('tr', { has: page.getByText('My ERP', { exact: true }) });
      await row.waitFor();
      expect(await row.getByTestId('api-key-state').getAttribute('data-state')).toBe('active');
      expect(
        token.startsWith((await row.getByTestId('api-key-prefix').innerText()).replaceAll('…', '')),
      ).toBe(true);

      const machine = host.client();
      const bearer = { headers: { authorization: `Bearer ${token}` } };
      const allowed = await machine.get<{ items: unknown[] }>('/api/v1/merchant/orders', bearer);
      expect(allowed.status, allowed.text).toBe(200);
      await shot(page, 'merchant-api-keys-en.png');

      await row.getByTestId('api-key-revoke').click();
      await page.getByTestId('api-key-revoke-confirm').click();
      await expect.poll(() => row.getByTestId('api-key-state').getAttribute('data-state')).toBe('revoked');
      const refused = await machine.get('/api/v1/merchant/orders', bearer);
      expect(refused.status).toBe(401);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('fits every console screen on a 375 px phone without sideways scrolling', async () => {
    const browser = await browserAs(shop, PHONE);
    const { page, pageWidth } = browser;
    try {
      for (const [path, testId, name] of [
        ['/merchant', 'merchant-dashboard', 'dashboard'],
        ['/merchant/products', 'products-table', 'products'],
        ['/merchant/orders?status=delivered', 'merchant-orders', 'orders'],
        ['/merchant/api-keys', 'api-keys-table', 'api-keys'],
      ] as const) {
        await page.goto(`${baseUrl}${path}`);
        await page.getByTestId(testId).waitFor();
        expect({ path, width: await pageWidth() }).toEqual({ path, width: 375 });
        await shot(page, `mobile-merchant-${name}.png`);
      }
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
