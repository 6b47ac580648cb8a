import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DisputeView } from '../../src/common/api/disputes.js';
import type { OrderView } from '../../src/common/api/orders.js';
import { formatMoney } from '../../src/common/money.js';
import {
  createCategories,
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
import {
  browserAs,
  documentWidth,
  PHONE,
  resizeViewport,
  screenshot,
  startKameng,
  type Kameng,
} from './harness.js';

const chromiumPath = inject('chromium');
const RULE_ZH = '仅限安卓 QQ 区';
const PRICE = 880;
const PRICE_TEXT = '¥8.80';

/** Where a buyer's refunds go (issue 6), on the order page of an order paid through the sandbox. */
describe.skipIf(!chromiumPath)('refund destination in Chromium', () => {
  let kameng: Kameng;
  let baseUrl: string;
  let host: ReturnType<typeof commerceHost>;
  let shop: OpenShop;
  let product: ProductInfo;

  beforeAll(async () => {
    kameng = await startKameng();
    baseUrl = kameng.server.url;
    host = commerceHost(kameng);
    const admin = await signedIn(host, 'admin', 'admin');
    shop = await openShop(host, admin.client, '退款去向测试店');
    const categories = await createCategories(admin.client);
    product = await listCardKeyProduct(shop, categories.kindId, {
      title: '和平精英 60 点券',
      price: PRICE,
      keys: keysNamed('REFUNDTO', 3),
    });
  });

  afterAll(async () => {
    await kameng?.close();
  });

  /** Buys the product in the browser and pays on the built-in sandbox's checkout page; the order's id. */
  async function buyThroughSandbox(page: Page): Promise<string> {
    await page.goto(`${baseUrl}/products/${product.id}`);
    await page.getByTestId('product-buy').click();
    await walkCheckoutToPayment(page, RULE_ZH);
    await page.locator('[data-testid="checkout-method"][data-channel-id="sandbox"]').click();
    await page.getByTestId('checkout-submit').click();
    await page.waitForURL('**/sandbox/pay/*');
    await page.getByTestId('sandbox-amount').filter({ hasText: PRICE_TEXT }).waitFor();
    await page.getByTestId('sandbox-pay').click();
    await page.waitForURL('**/orders/ord_*');
    await page.locator('[data-testid="order-status"][data-status="delivered"]').first().waitFor();
    return new URL(page.url()).pathname.split('/').at(-1)!;
  }

  const orderOf = async (buyer: Person, orderId: string) =>
    (await buyer.client.get<OrderView>(`/api/v1/orders/${orderId}`)).body;

  async function walletOf(buyer: Person): Promise<number> {
    const balances = await buyer.client.get<{ items: Array<{ kind: string; balance: number }> }>(
      '/api/v1/me/balances',
    );
    return balances.body.items.find((b) => b.kind === 'user_wallet')?.balance ?? 0;
  }

  it('lets a buyer who paid through the sandbox send the order’s refunds to the wallet, and keeps the choice', async () => {
    const buyer = await signedIn(host, 'buyer', 'refund-choice');
    const browser = await browserAs(chromiumPath, baseUrl, buyer.user);
    try {
      const { page } = browser;
      const orderId = await buyThroughSandbox(page);
      const card = page.getByTestId('refund-destination');
      await card.waitFor();
      const choice = card.getByTestId('refund-destination-choice');
      const option = (value: OrderView['refundTo']) => choice.locator(`input[value="${value}"]`);
      expect(await card.locator('.ant-card-head-title').innerText()).toBe('退款方式');
      // The default names the channel the money came through, by its display name.
      expect(await choice.innerText()).toContain('原路退回（沙箱支付）');
      expect(await option('original').isChecked()).toBe(true);
      expect(await option('wallet').isChecked()).toBe(false);
      // Nothing has failed, so there is nothing to take to the wallet.
      expect(await page.getByTestId('refund-failed-offer').count()).toBe(0);
      await screenshot(page, 'refund-destination-original-desktop.png');

      await choice.locator('.ant-radio-wrapper').filter({ hasText: '退到余额' }).click();
      // The group shows the order's stored choice, so it turns only once the server has it.
      await choice.locator('.ant-radio-wrapper-checked').filter({ hasText: '退到余额' }).waitFor();
      expect((await orderOf(buyer, orderId)).refundTo).toBe('wallet');

      await page.reload();
      await card.waitFor();
      expect(await option('wallet').isChecked()).toBe(true);
      expect(await option('original').isChecked()).toBe(false);
      await screenshot(page, 'refund-destination-wallet-desktop.png');

      await resizeViewport(page, PHONE);
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'refund-destination-wallet-phone.png');
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('offers a refund the provider gave up on to the wallet, and one click puts it there and ends the order refunded', async () => {
    const buyer = await signedIn(host, 'buyer', 'refund-failed');
    const browser = await browserAs(chromiumPath, baseUrl, buyer.user);
    try {
      const { page } = browser;
      const orderId = await buyThroughSandbox(page);
      const paid = await orderOf(buyer, orderId);
      expect(paid.refundTo).toBe('original');
      const paymentId = paid.payments[0]!.id;
      const db = kameng.server.database.db;
      // This server runs its jobs: the sandbox would refund at once. It refuses a refund beyond what is
      // left of the trade, so with the trade marked as refunded in full the refund stays at the provider
      // until it is marked given up below (as the refund job does after its last attempt).
      const blocked = await db
        .updateTable('sandbox_trades')
        .set((eb) => ({ refunded_amount: eb.ref('amount') }))
        .where('out_trade_no', '=', paymentId)
        .executeTakeFirst();
      expect(Number(blocked.numUpdatedRows)).toBe(1);

      // The buyer disputes the order and the shop refunds all of it, back the way the money came.
      const opened = await buyer.client.post<DisputeView>(`/api/v1/orders/${orderId}/dispute`, {
        reason: 'key_invalid',
        description: '卡密提示已被使用',
      });
      expect(opened.status, opened.text).toBe(200);
      const answered = await shop.client.post<DisputeView>(
        `/api/v1/merchant/disputes/${opened.body.id}/respond`,
        { action: 'refund', note: '全额退款' },
      );
      expect(answered.status, answered.text).toBe(200);
      expect((await orderOf(buyer, orderId)).status).toBe('refunding');
      const givenUp = await db
        .updateTable('refunds')
        .set({
          status: 'failed',
          last_error: 'refund exceeds the paid amount',
          completed_at: new Date().toISOString(),
        })
        .where('payment_id', '=', paymentId)
        .where('status', 'in', ['requested', 'processing'])
        .executeTakeFirst();
      expect(Number(givenUp.numUpdatedRows)).toBe(1);
      const walletBefore = await walletOf(buyer);

      await page.reload();
      const offer = page.getByTestId('refund-failed-offer');
      await offer.waitFor();
      expect(await offer.innerText()).toContain(`支付渠道未能退回 ${PRICE_TEXT}`);
      await page.locator('[data-testid="order-status"][data-status="refunding"]').first().waitFor();
      expect(await page.getByTestId('order-refund').innerText()).toContain('退款失败');
      await screenshot(page, 'refund-failed-offer-desktop.png');
      // The alert and its button fit a phone; the buyer takes the refund from there.
      await resizeViewport(page, PHONE);
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'refund-failed-offer-phone.png');

      await page.getByTestId('refund-failed-to-wallet').click();
      await page.locator('[data-testid="order-status"][data-status="refunded"]').first().waitFor();
      // A refunded order has nothing left to send anywhere: the card goes.
      await page.getByTestId('refund-destination').waitFor({ state: 'detached' });
      const line = await page.getByTestId('order-refund').innerText();
      expect(line).toContain(`退款 ${PRICE_TEXT} 到余额`);
      expect(line).toContain('已退款');
      await screenshot(page, 'refund-failed-taken-to-wallet-phone.png');

      const refunded = await orderOf(buyer, orderId);
      expect(refunded.status).toBe('refunded');
      expect(refunded.payments[0]!.refunds).toMatchObject([
        { amount: PRICE, status: 'succeeded', destination: 'wallet' },
      ]);
      expect(await walletOf(buyer)).toBe(walletBefore + PRICE);

      // The account page shows the money in the wallet.
      await page.goto(`${baseUrl}/account`);
      expect(await page.getByTestId('account-balance-CNY').innerText()).toBe(
        formatMoney(walletBefore + PRICE, 'CNY'),
      );
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
