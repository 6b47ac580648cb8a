import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createCategories,
  fundWallet,
  keysNamed,
  listCardKeyProduct,
  openShop,
  signedIn,
  type OpenShop,
  type Person,
  type ProductInfo,
} from '../helpers/commerce.js';
import { walkCheckoutToPayment } from './buyer-steps.js';
import { commerceHost } from './commerce.js';
import { openBrowser, screenshotPath, signIn, startKameng, type Kameng } from './harness.js';

const chromiumPath = inject('chromium');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const SHOP_NAME = '星辰游戏';
const RULE_ZH = '仅限安卓 QQ 区';
const GUEST_PASSWORD = 'lantern-58-query';

/** Screenshots show the page, not a passing toast, and the sticky header only at the top. */
const SCREENSHOT_STYLE =
  '.ant-message { display: none !important; } .app-header { position: static !important; }';

// Strings, because this file is type-checked without the DOM library.
const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');
const clipboardText = (page: Page) => page.evaluate<string>('navigator.clipboard.readText()');

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: screenshotPath(name),
    fullPage: true,
    animations: 'disabled',
    style: SCREENSHOT_STYLE,
  });
}

async function allowClipboard(context: BrowserContext, baseUrl: string): Promise<void> {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
}

/** Shows the keys of a delivered order, copies the first, and returns what the clipboard then holds. */
async function revealAndCopyFirstKey(page: Page): Promise<{ shown: string; copied: string }> {
  await page.getByTestId('reveal-keys').click();
  const secret = page.getByTestId('key-secret').first();
  await secret.waitFor();
  const copyButton = page.getByTestId('key-copy').first();
  await copyButton.click();
  await page.locator('[data-testid="key-copy"][data-copied="true"]').first().waitFor();
  return { shown: await secret.innerText(), copied: await clipboardText(page) };
}

/** A listed top-up product asking for a QQ number, delivered by hand within two hours. */
async function listTopupProduct(shop: OpenShop, categoryId: string): Promise<ProductInfo> {
  const created = await shop.client.post<ProductInfo>('/api/v1/merchant/products', {
    categoryId,
    kind: 'topup',
    title: 'QQ 会员代充 1 个月',
    price: 1_500,
    usageRules: [{ zh: RULE_ZH, en: 'Android QQ servers only' }],
    buyerFields: [{ key: 'qq', labelZh: 'QQ号', labelEn: 'QQ number', pattern: '^\\d{5,12}$' }],
    deliveryHours: 2,
  });
  expect(created.status, created.text).toBe(200);
  const listed = await shop.client.post<ProductInfo>(`/api/v1/merchant/products/${created.body.id}/status`, {
    status: 'listed',
  });
  expect(listed.status, listed.text).toBe(200);
  return listed.body;
}

describe.skipIf(!chromiumPath)('the storefront and buyer screens in Chromium', () => {
  let kameng: Kameng;
  let baseUrl: string;
  let host: ReturnType<typeof commerceHost>;
  let buyerProduct: ProductInfo;
  let buyerKeys: string[];
  let guestProduct: ProductInfo;
  let guestKeys: string[];
  let shop: OpenShop;
  let topupProduct: ProductInfo;

  beforeAll(async () => {
    kameng = await startKameng();
    baseUrl = kameng.server.url;
    host = commerceHost(kameng);
    const admin = await signedIn(host, 'admin', 'admin');
    shop = await openShop(host, admin.client, SHOP_NAME);
    const categories = await createCategories(admin.client);
    buyerKeys = keysNamed('BUYER', 4);
    buyerProduct = await listCardKeyProduct(shop, categories.kindId, {
      title: '王者荣耀 60 点券',
      price: 600,
      keys: buyerKeys,
    });
    guestKeys = keysNamed('GUEST', 2);
    guestProduct = await listCardKeyProduct(shop, categories.kindId, {
      title: '和平精英 60 点券',
      price: 650,
      keys: guestKeys,
    });
    topupProduct = await listTopupProduct(shop, categories.kindId);
  });

  afterAll(async () => {
    await kameng?.close();
  });

  async function fundedBuyer(name: string): Promise<Person> {
    const buyer = await signedIn(host, 'buyer', name);
    await fundWallet(host, buyer.user.id, 10_000);
    return buyer;
  }

  it('lets a buyer find a product from the home page, pay from the wallet, copy the key and confirm receipt', async () => {
    const buyer = await fundedBuyer('buyer-desktop');
    const browser = await openBrowser(chromiumPath, { locale: 'zh-CN', viewport: DESKTOP });
    const { page, context } = browser;
    try {
      await allowClipboard(context, baseUrl);
      await signIn(page, baseUrl, buyer.user.email, buyer.user.password);
      await page.goto(`${baseUrl}/`);
      await page.getByTestId('home-title').waitFor();
      await page.getByTestId('home-categories').getByText('王者荣耀').first().waitFor();
      await page.getByTestId('home-products').getByTestId('product-card').first().waitFor();
      expect(await page.getByTestId('promise-escrow').innerText()).toContain('担保交易');
      await shot(page, 'shop-home-desktop.png');

      const search = page.getByTestId('home-search').locator('input');
      await search.fill('王者');
      await search.press('Enter');
      await page.waitForURL('**/search?q=*');
      // Scoped to the results: the home page's cards may still be on screen while the search loads.
      const card = page
        .getByTestId('search-results')
        .locator(`[data-testid="product-card"][data-product-id="${buyerProduct.id}"]`);
      await card.waitFor();
      // The search matched only the one title.
      expect(await page.getByTestId('search-results').getByTestId('product-card').count()).toBe(1);
      expect(await card.innerText()).toContain('¥6.00');
      expect(await card.innerText()).toContain(SHOP_NAME);
      await card.click();

      await page.waitForURL(`**/products/${buyerProduct.id}`);
      await page.getByTestId('shop-card').waitFor();
      expect(await page.getByTestId('product-price').innerText()).toBe('¥6.00');
      expect(await page.getByTestId('product-stock').innerText()).toBe('库存 4');
      expect(await page.getByTestId('product-rules').innerText()).toContain(RULE_ZH);
      expect(await page.getByTestId('product-escrow').innerText()).toMatch(
        /确认收货期：发货后 \d+ 小时内可申请售后，之后自动确认并结算给商家/,
      );
      expect(await page.getByTestId('shop-link').innerText()).toBe(SHOP_NAME);
      expect(await page.getByTestId('shop-deposit').innerText()).toBe('¥500.00');
      expect(await page.getByTestId('shop-verified').innerText()).toContain('个人');
      await shot(page, 'shop-product-desktop.png');

      await page.getByTestId('product-buy').click();
      await page.getByTestId('checkout').waitFor();
      expect(await page.getByTestId('checkout-total').innerText()).toBe('¥6.00');
      await walkCheckoutToPayment(page, RULE_ZH);
      await page.getByTestId('checkout-balance').filter({ hasText: '¥100.00' }).waitFor();
      expect(await page.getByTestId('checkout-pay-total').innerText()).toBe('¥6.00');
      await shot(page, 'shop-checkout-desktop.png');
      await page.getByTestId('checkout-submit').click();

      await page.waitForURL('**/orders/ord_*');
      const orderId = new URL(page.url()).pathname.split('/').at(-1)!;
      await page.locator('[data-testid="order-status"][data-status="delivered"]').first().waitFor();
      // The payment step names the channel as the buyer knows it.
      expect(await page.getByTestId('order-timeline').innerText()).toContain('钱包余额');
      await page.getByTestId('order-confirm-deadline').waitFor();
      expect(await page.getByTestId('order-payments').innerText()).toContain('钱包余额');

      const { shown, copied } = await revealAndCopyFirstKey(page);
      expect(buyerKeys).toContain(shown);
      expect(copied).toBe(shown);
      expect(await page.getByTestId('key-copy').first().innerText()).toBe('已复制');
      await shot(page, 'shop-order-desktop.png');

      await page.getByTestId('order-confirm').click();
      expect(await page.getByTestId('order-confirm-text').innerText()).toContain(SHOP_NAME);
      await page.getByTestId('order-confirm-ok').click();
      await page.locator('[data-testid="order-status"][data-status="settled"]').first().waitFor();
      expect(await page.getByTestId('order-status').first().innerText()).toBe('已结算');

      // What the server recorded: the order settled, the wallet paid ¥6, the keys revealed were the
      // ones uploaded for it.
      const recorded = await buyer.client.get<{ status: string; amount: number }>(
        `/api/v1/orders/${orderId}`,
      );
      expect(recorded.body).toMatchObject({ status: 'settled', amount: 600 });
      const balances = await buyer.client.get<{ items: Array<{ kind: string; balance: number }> }>(
        '/api/v1/me/balances',
      );
      expect(balances.body.items.find((item) => item.kind === 'user_wallet')?.balance).toBe(9_400);
      const keys = await buyer.client.post<{ keys: Array<{ secret: string }> }>(
        `/api/v1/orders/${orderId}/keys`,
      );
      expect(keys.body.keys.map((key) => key.secret)).toEqual([shown]);

      await page.getByTestId('nav-mine').click();
      await page.getByTestId('nav-orders').click();
      await page.waitForURL('**/orders');
      await page.getByTestId('my-order-link').filter({ hasText: '王者荣耀 60 点券' }).waitFor();
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('lets a guest buy a card key through the sandbox and open it with the query password', async () => {
    const browser = await openBrowser(chromiumPath, { locale: 'zh-CN', viewport: DESKTOP });
    const { page, context } = browser;
    try {
      await allowClipboard(context, baseUrl);
      await page.goto(`${baseUrl}/products/${guestProduct.id}`);
      await page.getByTestId('product-buy').click();
      await page.getByTestId('checkout-guest-email').fill('guest-buyer@example.com');
      await page.getByTestId('checkout-guest-password').fill(GUEST_PASSWORD);
      await walkCheckoutToPayment(page, RULE_ZH);
      await page.getByTestId('checkout-submit').click();

      await page.waitForURL('**/sandbox/pay/*');
      expect(await page.getByTestId('sandbox-label').innerText()).toContain(
        '沙箱支付（演示用，不会真实扣款）',
      );
      await page.getByTestId('sandbox-amount').filter({ hasText: '¥6.50' }).waitFor();
      expect(await page.getByTestId('sandbox-status').getAttribute('data-status')).toBe('waiting');
      await shot(page, 'shop-sandbox-desktop.png');
      await page.getByTestId('sandbox-pay').click();

      await page.waitForURL('**/guest/orders?order=*');
      const orderId = new URL(page.url()).searchParams.get('order')!;
      expect(await page.getByTestId('guest-order-id').inputValue()).toBe(orderId);

      await page.getByTestId('guest-password').fill('not-the-password');
      await page.getByTestId('guest-lookup-submit').click();
      const problem = page.getByTestId('guest-problem');
      await problem.waitFor();
      expect(await problem.getAttribute('data-code')).toBe('ORDER_NOT_FOUND');
      expect(await problem.innerText()).toContain('订单不存在');

      await page.getByTestId('guest-password').fill(GUEST_PASSWORD);
      await page.getByTestId('guest-lookup-submit').click();
      await page.getByTestId('guest-order').waitFor();
      await page
        .getByTestId('guest-order')
        .locator('[data-testid="order-status"][data-status="delivered"]')
        .first()
        .waitFor();
      const { shown, copied } = await revealAndCopyFirstKey(page);
      expect(guestKeys).toContain(shown);
      expect(copied).toBe(shown);
      await shot(page, 'shop-guest-order-desktop.png');

      const recorded = await host
        .client()
        .post<{ status: string; guest: boolean }>('/api/v1/guest/orders/lookup', {
          orderId,
          password: GUEST_PASSWORD,
        });
      expect(recorded.body).toMatchObject({ status: 'delivered', guest: true });
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('tops up the wallet through the sandbox, then buys a top-up that the shop delivers by hand', async () => {
    const buyer = await signedIn(host, 'buyer', 'buyer-topup');
    const browser = await openBrowser(chromiumPath, { locale: 'zh-CN', viewport: DESKTOP });
    const { page } = browser;
    try {
      await signIn(page, baseUrl, buyer.user.email, buyer.user.password);
      await page.getByTestId('nav-mine').click();
      await page.getByTestId('nav-wallet').click();
      await page.waitForURL('**/account/wallet');
      await page.getByTestId('wallet-available').filter({ hasText: '¥0.00' }).waitFor();
      await page.getByTestId('wallet-amount').fill('50');
      await page.getByTestId('wallet-topup').click();
      await page.waitForURL('**/sandbox/pay/*');
      await page.getByTestId('sandbox-amount').filter({ hasText: '¥50.00' }).waitFor();
      await page.getByTestId('sandbox-pay').click();
      await page.waitForURL('**/account/wallet?payment=*');
      await page.locator('[data-testid="wallet-payment-status"][data-status="succeeded"]').waitFor();
      await page.getByTestId('wallet-available').filter({ hasText: '¥50.00' }).waitFor();
      await shot(page, 'shop-wallet-desktop.png');

      await page.goto(`${baseUrl}/products/${topupProduct.id}`);
      expect(await page.getByTestId('product-stock').innerText()).toBe('代充');
      expect(await page.getByTestId('product-delivery').innerText()).toBe('付款后 2 小时内发货');
      await page.getByTestId('product-buy').click();
      // The QQ number is checked on the page with the product's own pattern before anything is sent.
      await page.getByTestId('checkout-field-qq').fill('abc');
      await page.getByTestId('checkout-next').click();
      await page.locator('.ant-form-item-explain-error').filter({ hasText: 'QQ号格式不正确' }).waitFor();
      await page.getByTestId('checkout-field-qq').fill('12345678');
      await walkCheckoutToPayment(page, RULE_ZH);
      await page.getByTestId('checkout-submit').click();

      await page.waitForURL('**/orders/ord_*');
      const orderId = new URL(page.url()).pathname.split('/').at(-1)!;
      await page.locator('[data-testid="order-status"][data-status="paid"]').first().waitFor();
      expect(await page.getByTestId('order-page').innerText()).toContain('12345678');
      // The buyer sees the shop's deadline counting down, and what happens if it passes (2 h promised).
      const due = await page.getByTestId('order-delivery-due').innerText();
      expect(due).toMatch(/商家须在 1:5\d:\d\d 内交付/);
      expect(due).toContain('自动全额退款');

      const delivered = await shop.client.post(`/api/v1/merchant/orders/${orderId}/deliver`, {
        note: '充值单号 TX-20261122-001',
      });
      expect(delivered.status, delivered.text).toBe(200);
      await page.reload();
      await page.locator('[data-testid="order-status"][data-status="delivered"]').first().waitFor();
      expect(await page.getByTestId('order-delivery-note').innerText()).toContain('TX-20261122-001');
      expect(await page.getByTestId('order-keys').count()).toBe(0);
      const recorded = await buyer.client.get<{ buyerInput: Record<string, string> }>(
        `/api/v1/orders/${orderId}`,
      );
      expect(recorded.body.buyerInput).toEqual({ qq: '12345678' });
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('fits the home, product, checkout and order pages on a 375 px wide phone', async () => {
    const buyer = await fundedBuyer('buyer-phone');
    const browser = await openBrowser(chromiumPath, { locale: 'zh-CN', viewport: PHONE, isMobile: true });
    const { page, context } = browser;
    try {
      await allowClipboard(context, baseUrl);
      await signIn(page, baseUrl, buyer.user.email, buyer.user.password);
      await page.goto(`${baseUrl}/`);
      await page.getByTestId('home-products').getByTestId('product-card').first().waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await shot(page, 'shop-home-mobile.png');

      await page.goto(`${baseUrl}/products/${buyerProduct.id}`);
      await page.getByTestId('shop-card').waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await shot(page, 'shop-product-mobile.png');

      await page.getByTestId('product-buy').click();
      await walkCheckoutToPayment(page, RULE_ZH);
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await shot(page, 'shop-checkout-mobile.png');
      await page.getByTestId('checkout-submit').click();

      await page.waitForURL('**/orders/ord_*');
      await page.locator('[data-testid="order-status"][data-status="delivered"]').first().waitFor();
      const { shown } = await revealAndCopyFirstKey(page);
      expect(buyerKeys).toContain(shown);
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await shot(page, 'shop-order-mobile.png');
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('shows the product page in English on a phone, without horizontal scrolling', async () => {
    const browser = await openBrowser(chromiumPath, { locale: 'en-US', viewport: PHONE, isMobile: true });
    const { page, context } = browser;
    try {
      await context.addInitScript("localStorage.setItem('kameng.locale', 'en')");
      await page.goto(`${baseUrl}/products/${guestProduct.id}`);
      await page.getByTestId('shop-card').waitFor();
      expect(await page.getByTestId('product-rules').innerText()).toContain('Android QQ servers only');
      expect(await page.getByTestId('product-escrow').innerText()).toMatch(
        /Confirmation period: you can raise a problem within \d+ hours of delivery/,
      );
      expect(await page.getByTestId('product-buy').innerText()).toBe('Buy now');
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await shot(page, 'shop-product-mobile-en.png');

      await page.getByTestId('product-buy').click();
      await page.getByTestId('checkout-guest-email').waitFor();
      expect(await page.getByTestId('checkout').innerText()).toContain('Query password');
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

      // Top-ups need an account: a guest is sent to sign in instead of a checkout.
      await page.goto(`${baseUrl}/products/${topupProduct.id}`);
      await page.getByTestId('product-buy').click();
      expect(await page.getByTestId('checkout-sign-in').innerText()).toContain('Sign in to buy');
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
