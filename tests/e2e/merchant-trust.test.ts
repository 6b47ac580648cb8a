import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CreditView } from '../../src/common/api/credit.js';
import type { OrderView } from '../../src/common/api/orders.js';
import type { PayoutView } from '../../src/common/api/payouts.js';
import { openAccount } from '../../src/server/modules/ledger/index.js';
import { DAY_MS } from '../../src/server/platform/clock.js';
import {
  createCategories,
  fundWallet,
  keysNamed,
  listCardKeyProduct,
  openShop,
  signedIn,
  type OpenShop,
  type Person,
} from '../helpers/commerce.js';
import { post, transfer } from '../helpers/ledger.js';
import { payWithWallet, placeOrder } from '../helpers/orders.js';
import { commerceHost } from './commerce.js';
import {
  browserAs,
  DESKTOP,
  documentWidth,
  PHONE,
  screenshot,
  startKameng,
  type BrowserSession,
  type Kameng,
} from './harness.js';

const chromiumPath = inject('chromium');
const SHOP_NAME = '信用测试游戏';
const PRICE = 1_000;
/** Earnings settled 8 days ago: past a new shop's 7-day reserve. */
const MATURED = 12_345;

/**
 * Merchant trust in the browser (issue 5, deliverables 5–8): the shop's credit and payouts in the
 * console, an admin paying a payout and setting a sanction, the shop page's credit and closing notice.
 */
describe.skipIf(!chromiumPath)('merchant trust in Chromium', () => {
  let kameng: Kameng;
  let baseUrl: string;
  let host: ReturnType<typeof commerceHost>;
  let admin: Person;
  let shop: OpenShop;

  beforeAll(async () => {
    kameng = await startKameng();
    baseUrl = kameng.server.url;
    host = commerceHost(kameng);
    admin = await signedIn(host, 'admin', 'admin');
    shop = await openShop(host, admin.client, SHOP_NAME);

    // This server runs on the real clock, so a reserve period cannot pass during the test: the shop's
    // matured earnings are posted into its payable account with entries stamped 8 days ago (from the
    // corrections account, which stands here for the escrow of orders settled back then). Nothing else
    // has touched either account yet, so their entry times still only go forward.
    const db = host.database.handle.db;
    const settledAt = new Date(Date.now() - 8 * DAY_MS);
    const source = await openAccount(db, settledAt, { kind: 'platform_adjustment', currency: 'CNY' });
    const payable = await openAccount(db, settledAt, {
      kind: 'merchant_payable',
      currency: 'CNY',
      ownerId: shop.merchantId,
    });
    const seeded = await post(
      db,
      host.database.dialect,
      transfer([
        { accountId: source.id, amount: -MATURED },
        { accountId: payable.id, amount: MATURED },
      ]),
      settledAt,
    );
    expect(seeded.outcome).toBe('posted');

    // And one real sale, confirmed now: a completed order for the score, earnings still maturing.
    const categories = await createCategories(admin.client, '原神', '月卡');
    const product = await listCardKeyProduct(shop, categories.kindId, {
      title: '原神 空月祝福',
      price: PRICE,
      keys: keysNamed('TRUST', 2),
    });
    const buyer = await signedIn(host, 'buyer', 'trust-buyer');
    await fundWallet(host, buyer.user.id, PRICE);
    const order = await payWithWallet(buyer.client, (await placeOrder(buyer.client, product)).id);
    const confirmed = await buyer.client.post<OrderView>(`/api/v1/orders/${order.id}/confirm`);
    expect(confirmed.body.status, confirmed.text).toBe('settled');
  });

  afterAll(async () => {
    await kameng?.close();
  });

  const browserFor = (person: Person | null, viewport = DESKTOP): Promise<BrowserSession> =>
    browserAs(chromiumPath, baseUrl, person?.user ?? null, viewport);

  it('a shop sees its credit and what it can withdraw, asks for all of it, an admin pays it with a reference, the shop sees it paid', async () => {
    const credit = (await shop.client.get<CreditView>('/api/v1/merchant/credit')).body;
    expect(credit).toMatchObject({ score: 62, facts: { completedOrders: 1 } });
    const desk = await browserFor(shop);
    const staff = await browserFor(admin);
    try {
      const page = desk.page;
      await page.goto(`${baseUrl}/merchant`);
      await page.getByTestId('merchant-dashboard').waitFor();
      expect(await page.getByTestId('merchant-sanction').count()).toBe(0);
      await page.getByTestId('merchant-section-credit').click();
      await page.waitForURL('**/merchant/credit');
      const detail = page.getByTestId('merchant-credit');
      expect(await detail.getByTestId('credit-score').innerText()).toBe('62');
      expect(await detail.getByTestId('credit-dispute-rate').innerText()).toBe('0%');
      expect(await detail.getByTestId('credit-level').getAttribute('data-level')).toBe('none');
      const parts = detail.getByTestId('credit-part');
      expect(await parts.count()).toBe(5);
      expect(await detail.locator('[data-code="volume"]').getAttribute('data-points')).toBe('2');
      expect(await detail.locator('[data-code="volume"]').innerText()).toContain('完成 1 笔订单');
      expect(await detail.getByTestId('credit-facts').innerText()).toContain('完成订单');
      await screenshot(page, 'trust-merchant-credit-desktop.png');

      await page.getByTestId('merchant-section-payouts').click();
      await page.waitForURL('**/merchant/payouts');
      const summary = page.getByTestId('payout-summary');
      await summary.waitFor();
      expect(await summary.getByTestId('payout-withdrawable').innerText()).toBe('¥123.45');
      expect(await summary.getByTestId('payout-maturing').innerText()).toBe('¥9.50');
      expect(await summary.getByTestId('payout-tier').innerText()).toContain('新店');
      expect(await summary.getByTestId('payout-tier').innerText()).toContain('保留期 7 天');
      await page.getByTestId('payout-amount-all').click();
      expect(await page.getByTestId('payout-amount').inputValue()).toBe('123.45');
      await page.getByTestId('payout-submit').click();
      const requested = page.locator('[data-testid="payout-row"][data-status="requested"]');
      await requested.waitFor();
      await expect.poll(() => summary.getByTestId('payout-withdrawable').innerText()).toBe('¥0.00');
      await page.getByTestId('payout-nothing').waitFor();
      await screenshot(page, 'trust-merchant-payout-requested-desktop.png');

      const adminPage = staff.page;
      await adminPage.getByTestId('nav-admin').click();
      await adminPage.getByTestId('nav-admin-payouts').click();
      await adminPage.waitForURL('**/admin/payouts');
      const row = adminPage.locator('tr', { has: adminPage.getByTestId('payout-row') }).filter({
        hasText: SHOP_NAME,
      });
      await row.waitFor();
      expect(await row.getByTestId('payout-amount').innerText()).toBe('¥123.45');
      await row.getByTestId('payout-approve').click();
      await adminPage.getByTestId('payout-reference-input').fill('ICBC-20261130-0001');
      await screenshot(adminPage, 'trust-admin-payout-approve-desktop.png');
      await adminPage.getByTestId('payout-decision-submit').click();
      await row.waitFor({ state: 'detached' });
      await adminPage.goto(`${baseUrl}/admin/payouts?status=paid`);
      const paidRow = adminPage.locator('tr', { has: adminPage.getByTestId('payout-row') }).filter({
        hasText: SHOP_NAME,
      });
      expect(await paidRow.getByTestId('payout-reference').innerText()).toBe('ICBC-20261130-0001');
      await adminPage.setViewportSize(PHONE);
      // The table switches to its one-column phone layout once the breakpoint is seen.
      await expect.poll(() => documentWidth(adminPage)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(adminPage, 'trust-admin-payouts-phone.png');

      await page.reload();
      const paid = page.locator('[data-testid="payout-row"][data-status="paid"]');
      await paid.waitFor();
      expect(await page.getByTestId('payout-status').first().innerText()).toBe('已打款');
      expect(await page.getByTestId('payout-reference').first().innerText()).toBe('ICBC-20261130-0001');
      await page.setViewportSize(PHONE);
      // The table switches to its one-column phone layout once the breakpoint is seen.
      await expect.poll(() => documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'trust-merchant-payouts-phone.png');
      await page.getByTestId('lang-en').click();
      await page.getByText('Payout history').waitFor();
      expect(await page.getByTestId('payout-status').first().innerText()).toBe('Paid');
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'trust-merchant-payouts-en-phone.png');
      // The choice is saved with the account: back to Chinese for the shop's next sessions.
      await page.getByTestId('lang-zh-CN').click();
      await page.getByText('提现记录').waitFor();

      const stored = await shop.client.get<{ items: PayoutView[] }>('/api/v1/merchant/payouts');
      expect(stored.body.items).toMatchObject([
        { status: 'paid', amount: MATURED, externalReference: 'ICBC-20261130-0001' },
      ]);
      expect(desk.pageErrors).toEqual([]);
      expect(staff.pageErrors).toEqual([]);
    } finally {
      await desk.close();
      await staff.close();
    }
  });

  it('an admin sees the shop’s credit and sets a warning; the shop’s dashboard shows it with the way to appeal', async () => {
    const staff = await browserFor(admin);
    const phone = await browserFor(shop, PHONE);
    try {
      const adminPage = staff.page;
      await adminPage.goto(`${baseUrl}/admin/merchants/${shop.merchantId}`);
      const card = adminPage.getByTestId('merchant-credit');
      await card.getByTestId('credit-score').waitFor();
      expect(await card.getByTestId('credit-score').innerText()).toBe('62');
      expect(await card.getByTestId('credit-current').getAttribute('data-level')).toBe('none');
      await card.getByTestId('sanction-open').click();
      await adminPage.getByTestId('sanction-warning').click();
      await adminPage.getByTestId('sanction-reason').fill('多名买家投诉回复慢，予以预警');
      await adminPage.getByTestId('sanction-submit').click();
      await card.locator('[data-testid="credit-current"][data-level="warning"]').waitFor();
      expect(await card.getByTestId('credit-formula-level').getAttribute('data-level')).toBe('none');
      expect(await card.innerText()).toContain('管理员手动设置');
      await adminPage.getByTestId('merchant-history').getByText('多名买家投诉回复慢，予以预警').waitFor();
      await screenshot(adminPage, 'trust-admin-merchant-credit-desktop.png');

      const page = phone.page;
      await page.goto(`${baseUrl}/merchant`);
      const alert = page.locator('[data-testid="merchant-sanction"][data-level="warning"]');
      await alert.waitFor();
      await alert.getByTestId('merchant-sanction-reason').waitFor();
      expect(await alert.getByTestId('merchant-sanction-reason').innerText()).toContain('平台管理员设置');
      expect(await alert.innerText()).toContain('联系平台客服申诉');
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'trust-merchant-warning-phone.png');
      expect(staff.pageErrors).toEqual([]);
      expect(phone.pageErrors).toEqual([]);
    } finally {
      await staff.close();
      await phone.close();
    }
  });

  it('the shop page shows the credit score with its formula; the shop announces closing and the page shows the notice', async () => {
    const visitor = await browserFor(null, PHONE);
    const owner = await browserFor(shop, PHONE);
    try {
      const page = visitor.page;
      await page.goto(`${baseUrl}/shops/${shop.merchantId}`);
      const credit = page.getByTestId('shop-credit');
      await credit.getByTestId('credit-score').waitFor();
      expect(await credit.getByTestId('credit-score').innerText()).toBe('62');
      expect(await credit.getByTestId('credit-dispute-rate').innerText()).toBe('0%');
      const words = await credit.getByTestId('credit-parts').innerText();
      for (const part of ['基础分', '成交量', '响应速度', '售后败诉', '超时未发货'])
        expect(words).toContain(part);
      expect(await page.getByTestId('shop-closing').count()).toBe(0);
      await credit.getByTestId('credit-formula-open').click();
      const formula = page.getByTestId('credit-formula');
      await formula.waitFor();
      expect(await formula.innerText()).toContain('信用分 = 60 + 成交量 + 响应速度 − 售后败诉 − 超时未发货');
      await screenshot(page, 'trust-shop-formula-phone.png');
      await page.keyboard.press('Escape');
      await formula.waitFor({ state: 'detached' });
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'trust-shop-credit-phone.png');

      const shopConsole = owner.page;
      await shopConsole.goto(`${baseUrl}/merchant`);
      await shopConsole.getByTestId('closing-open').click();
      expect(await shopConsole.getByTestId('closing-rules').innerText()).toContain('继续营业 30 天');
      await shopConsole.getByTestId('closing-submit').click();
      // Neither a reason nor the confirmation yet: the dialog stays.
      await shopConsole.locator('.ant-form-item-explain-error').first().waitFor();
      await shopConsole.getByTestId('closing-reason').fill('业务调整，停止经营');
      await shopConsole.getByTestId('closing-understood').check();
      await screenshot(shopConsole, 'trust-merchant-closing-dialog-phone.png');
      await shopConsole.getByTestId('closing-submit').click();
      const notice = shopConsole.locator('[data-testid="merchant-closing"][data-state="selling"]');
      await notice.waitFor();
      expect(await notice.innerText()).toContain('业务调整，停止经营');
      expect(await documentWidth(shopConsole)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(shopConsole, 'trust-merchant-closing-phone.png');

      const stored = await shop.client.get<{ shop: { closing: { closesAt: string } | null } }>(
        '/api/v1/merchant/shop',
      );
      const closesAt = stored.body.shop.closing?.closesAt ?? '';
      expect(Date.parse(closesAt) - Date.now()).toBeGreaterThan(29 * DAY_MS);
      const date = new Intl.DateTimeFormat('zh-CN', { dateStyle: 'long' }).format(new Date(closesAt));

      await page.reload();
      const closing = page.locator('[data-testid="shop-closing"][data-stopped="false"]');
      await closing.waitFor();
      expect(await closing.getByTestId('shop-closing-date').innerText()).toBe(
        `停业公告：本店将于 ${date} 停止营业`,
      );
      expect(await closing.getByTestId('shop-closing-reason').innerText()).toBe('原因：业务调整，停止经营');
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'trust-shop-closing-phone.png');
      await page.getByTestId('lang-en').click();
      await page.getByText('Closing notice: this shop closes on').waitFor();
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'trust-shop-closing-en-phone.png');
      expect(visitor.pageErrors).toEqual([]);
      expect(owner.pageErrors).toEqual([]);
    } finally {
      await visitor.close();
      await owner.close();
    }
  });
});
