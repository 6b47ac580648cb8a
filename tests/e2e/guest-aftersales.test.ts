import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DisputeView } from '../../src/common/api/disputes.js';
import {
  createCategories,
  keysNamed,
  listCardKeyProduct,
  openShop,
  signedIn,
  type OpenShop,
  type ProductInfo,
} from '../helpers/commerce.js';
import { expectImageShown, orangePng, sendChatMessage } from './chat-steps.js';
import { revealKeys, walkCheckoutToPayment } from './buyer-steps.js';
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
const SHOP_NAME = '游客售后点卡';
const GUEST_PASSWORD = 'guest-lantern-77';
const QUESTION = '卡密提示已被使用，截图如下';
const ANSWER = '已为你补发新卡密，请在售后里确认。';

/**
 * A guest (no account) gets the same chat and after-sales as a signed-in buyer, with the 2-hour pass the
 * order lookup returns; only the keys still need the query password.
 */
describe.skipIf(!chromiumPath)('guest after-sales in Chromium', () => {
  let kameng: Kameng;
  let baseUrl: string;
  let shop: OpenShop;
  let product: ProductInfo;
  let keys: string[];

  beforeAll(async () => {
    kameng = await startKameng();
    baseUrl = kameng.server.url;
    const host = commerceHost(kameng);
    const admin = await signedIn(host, 'admin', 'admin');
    shop = await openShop(host, admin.client, SHOP_NAME);
    const categories = await createCategories(admin.client, '和平精英', '点券');
    keys = keysNamed('GST', 3);
    product = await listCardKeyProduct(shop, categories.kindId, {
      title: '和平精英 60 点券',
      price: 650,
      keys,
    });
  });

  afterAll(async () => {
    await kameng?.close();
  });

  /** Buys one key as a guest through the sandbox and opens the order with the query password. */
  async function buyAsGuest(page: Page): Promise<string> {
    await page.goto(`${baseUrl}/products/${product.id}`);
    await page.getByTestId('product-buy').click();
    await page.getByTestId('checkout-guest-email').fill('guest-aftersales@example.com');
    await page.getByTestId('checkout-guest-password').fill(GUEST_PASSWORD);
    await walkCheckoutToPayment(page, '仅限安卓 QQ 区');
    await page.getByTestId('checkout-submit').click();
    await page.waitForURL('**/sandbox/pay/*');
    await page.getByTestId('sandbox-pay').click();
    await page.waitForURL('**/guest/orders?order=*');
    const orderId = new URL(page.url()).searchParams.get('order')!;
    await page.getByTestId('guest-password').fill(GUEST_PASSWORD);
    await page.getByTestId('guest-lookup-submit').click();
    await page
      .getByTestId('guest-order')
      .locator('[data-testid="order-status"][data-status="delivered"]')
      .first()
      .waitFor();
    return orderId;
  }

  it('a guest chats with the shop, disputes a bad key, sees the replacement, accepts, and is asked for the password when the pass is refused', async () => {
    const phone = await browserAs(chromiumPath, baseUrl, null, PHONE);
    let desk: BrowserSession | undefined;
    try {
      const page = phone.page;
      const orderId = await buyAsGuest(page);
      const [firstKey] = await revealKeys(page);
      expect(keys).toContain(firstKey?.secret);
      expect(await page.getByTestId('guest-pass-note').innerText()).toContain('2 小时');

      // The chat, as the guest: text and a screenshot, whose thumbnail loads through the pass in its URL.
      const chat = page.getByTestId('order-chat');
      expect(await chat.innerText()).toContain('联系商家');
      await sendChatMessage(chat, QUESTION, {
        name: 'screenshot.png',
        mimeType: 'image/png',
        buffer: orangePng(),
      });
      await expectImageShown(page);
      expect(await chat.getByTestId('chat-author').first().innerText()).toBe('我');

      // 申请售后, as a signed-in buyer would.
      await page.getByTestId('dispute-open').click();
      await page.getByTestId('dispute-reason-key_invalid').click();
      await page.getByTestId('dispute-description-input').fill('卡密提示已被使用，无法兑换');
      await page.getByTestId('dispute-open-submit').click();
      const panel = page.getByTestId('dispute-panel');
      await panel.locator('[data-testid="dispute-status"][data-status="awaiting_merchant"]').waitFor();
      expect(await panel.getByTestId('dispute-countdown').getAttribute('data-holder')).toBe('merchant');
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'guest-dispute-waiting-phone.png');

      // The shop replaces the key from 售后, then reads the guest's message and answers in the order's chat.
      desk = await browserAs(chromiumPath, baseUrl, shop.user, DESKTOP);
      const shopPage = desk.page;
      await shopPage.goto(`${baseUrl}/merchant/disputes`);
      await shopPage.locator('[data-testid="dispute-row"][data-status="awaiting_merchant"]').waitFor();
      await shopPage.getByTestId('dispute-row-open').first().click();
      const drawer = shopPage.getByTestId('dispute-detail');
      await drawer.getByTestId('dispute-action-replace').click();
      await drawer.getByTestId('dispute-answer-submit').click();
      await drawer.locator('[data-testid="dispute-status"][data-status="awaiting_buyer"]').waitFor();
      await drawer.getByTestId('dispute-open-order').click();
      const shopChat = shopPage.getByTestId('order-detail').getByTestId('order-chat');
      await shopChat.getByTestId('chat-body').filter({ hasText: QUESTION }).waitFor();
      await expectImageShown(shopPage);
      await sendChatMessage(shopChat, ANSWER);
      await screenshot(shopPage, 'guest-dispute-merchant-chat-desktop.png');

      // The guest refreshes with the pass (no password): the answer, the shop's message, the new key.
      await page.getByTestId('guest-refresh').click();
      await panel.locator('[data-testid="dispute-status"][data-status="awaiting_buyer"]').waitFor();
      expect(await panel.getByTestId('dispute-answer').innerText()).toContain('商家已补发 1 张新卡密');
      const answer = chat.getByTestId('chat-message').filter({ hasText: ANSWER });
      await answer.waitFor();
      expect(await answer.getByTestId('chat-author').innerText()).toBe(SHOP_NAME);
      const shown = await revealKeys(page);
      expect(shown).toHaveLength(2);
      expect(shown.find((key) => key.secret === firstKey?.secret)?.replaced).toBe('true');
      expect(shown.filter((key) => key.replaced === 'false')).toHaveLength(1);
      await screenshot(page, 'guest-dispute-replaced-phone.png');

      await page.getByTestId('dispute-accept').click();
      await page.getByTestId('dispute-accept-ok').click();
      const guestOrder = page.getByTestId('guest-order');
      await guestOrder.locator('[data-testid="order-status"][data-status="settled"]').first().waitFor();
      await panel.locator('[data-testid="dispute-outcome"][data-outcome="replaced"]').waitFor();
      expect(await guestOrder.getByTestId('order-timeline').innerText()).toContain('补发卡密后结算给商家');
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'guest-dispute-settled-phone.png');

      // The pass lasts 2 hours; the browser tests run on the real clock, so the order is read once with a
      // pass whose time is up, and the real server refuses it as it would the expired one.
      const expiredPass = `${orderId}.1.${'0'.repeat(64)}`;
      const theOrder = (url: URL) => url.pathname === `/api/v1/guest/orders/${orderId}`;
      await page.route(theOrder, (route) =>
        route.continue({ headers: { ...route.request().headers(), 'x-guest-pass': expiredPass } }),
      );
      await page.getByTestId('guest-refresh').click();
      await page.getByTestId('guest-pass-expired').waitFor();
      expect(await page.getByTestId('guest-order').count()).toBe(0);
      expect(await page.getByTestId('guest-password').inputValue()).toBe('');
      expect(await page.getByTestId('guest-order-id').inputValue()).toBe(orderId);
      await screenshot(page, 'guest-pass-expired-phone.png');
      await page.unroute(theOrder);

      await page.getByTestId('guest-password').fill(GUEST_PASSWORD);
      await page.getByTestId('guest-lookup-submit').click();
      await guestOrder.locator('[data-testid="order-status"][data-status="settled"]').first().waitFor();
      await chat.getByTestId('chat-body').filter({ hasText: ANSWER }).waitFor();
      expect(await page.getByTestId('guest-pass-expired').count()).toBe(0);

      const stored = await shop.client.get<DisputeView>(
        `/api/v1/merchant/disputes/${await panel.getAttribute('data-dispute-id')}`,
      );
      expect(stored.body).toMatchObject({ status: 'resolved', outcome: 'replaced', decidedBy: 'buyer' });
      expect(phone.pageErrors).toEqual([]);
      expect(desk.pageErrors).toEqual([]);
    } finally {
      await phone.close();
      await desk?.close();
    }
  });
});
