import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createCategories,
  fundWallet,
  keysNamed,
  listCardKeyProduct,
  openShop,
  signedIn,
  type OpenShop,
  type ProductInfo,
} from '../helpers/commerce.js';
import { payWithWallet, placeOrder } from '../helpers/orders.js';
import { expectImageShown, orangePng, sendChatMessage } from './chat-steps.js';
import { commerceHost } from './commerce.js';
import { openBrowser, screenshot, signIn, startKameng, type Kameng } from './harness.js';

const chromiumPath = inject('chromium');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const SHOP_NAME = '晨星点卡';
const QUESTION = '卡密提示已被使用，截图如下';
const ANSWER = '抱歉，已为你补发新卡密，请查收。';

// Strings, because this file is type-checked without the DOM library.
const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

describe.skipIf(!chromiumPath)('order chat in Chromium', () => {
  let kameng: Kameng;
  let baseUrl: string;
  let shop: OpenShop;
  let product: ProductInfo;
  let imageFile: string;

  beforeAll(async () => {
    kameng = await startKameng();
    baseUrl = kameng.server.url;
    const host = commerceHost(kameng);
    const admin = await signedIn(host, 'admin', 'admin');
    shop = await openShop(host, admin.client, SHOP_NAME);
    const categories = await createCategories(admin.client);
    product = await listCardKeyProduct(shop, categories.kindId, { keys: keysNamed('CHAT', 2) });
    imageFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-chat-')), 'screenshot.jpg');
    // A PNG under a .jpg name: the server goes by the bytes.
    fs.writeFileSync(imageFile, orangePng());
  });

  afterAll(async () => {
    await kameng?.close();
    if (imageFile) fs.rmSync(path.dirname(imageFile), { recursive: true, force: true });
  });

  it('carries a buyer’s message with an image to the shop’s inbox, and the shop’s answer back', async () => {
    const host = commerceHost(kameng);
    const buyer = await signedIn(host, 'buyer', 'chat-buyer');
    await fundWallet(host, buyer.user.id, 10_000);
    const order = await placeOrder(buyer.client, product);
    await payWithWallet(buyer.client, order.id);

    const phone = await openBrowser(chromiumPath, { locale: 'zh-CN', viewport: PHONE, isMobile: true });
    const desk = await openBrowser(chromiumPath, { locale: 'zh-CN', viewport: DESKTOP });
    try {
      const buyerPage = phone.page;
      await signIn(buyerPage, baseUrl, buyer.user.email, buyer.user.password);
      await buyerPage.goto(`${baseUrl}/orders/${order.id}`);
      const chat = buyerPage.getByTestId('order-chat');
      await chat.waitFor();
      expect(await chat.innerText()).toContain('联系商家');
      await sendChatMessage(chat, QUESTION, imageFile);
      await expectImageShown(buyerPage);
      expect(await buyerPage.getByTestId('chat-input').inputValue()).toBe('');
      expect(await chat.getByTestId('chat-author').first().innerText()).toBe('我');
      expect(await pageWidth(buyerPage)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(buyerPage, 'chat-order-phone.png');

      const shopPage = desk.page;
      await signIn(shopPage, baseUrl, shop.user.email, shop.user.password);
      await shopPage.goto(`${baseUrl}/merchant/messages`);
      const item = shopPage.locator(`[data-testid="chat-inbox-item"][data-order="${order.id}"]`);
      await item.waitFor();
      expect(await item.getAttribute('data-awaiting')).toBe('true');
      expect(await item.getByTestId('chat-inbox-preview').innerText()).toContain(QUESTION);
      await screenshot(shopPage, 'chat-inbox-desktop.png');
      await item.click();

      const drawer = shopPage.getByTestId('order-detail');
      const shopChat = drawer.getByTestId('order-chat');
      await shopChat.getByTestId('chat-body').filter({ hasText: QUESTION }).waitFor();
      expect(await shopChat.getByTestId('chat-author').first().innerText()).toBe('买家');
      await expectImageShown(shopPage);
      await sendChatMessage(shopChat, ANSWER);
      await screenshot(shopPage, 'chat-merchant-drawer-desktop.png');
      await shopPage.keyboard.press('Escape');
      await shopPage
        .locator(`[data-testid="chat-inbox-item"][data-order="${order.id}"][data-awaiting="false"]`)
        .waitFor();

      await buyerPage.reload();
      const answer = buyerPage.getByTestId('chat-message').filter({ hasText: ANSWER });
      await answer.waitFor();
      expect(await answer.getAttribute('data-author')).toBe('merchant');
      expect(await answer.getByTestId('chat-author').innerText()).toBe(SHOP_NAME);

      // What the server stored: the image as the PNG it is, both messages in order.
      const stored = await buyer.client.get<{
        items: Array<{ body: string; authorType: string; attachment: { contentType: string } | null }>;
      }>(`/api/v1/orders/${order.id}/messages`);
      expect(stored.body.items.map((m) => [m.authorType, m.body, m.attachment?.contentType ?? null])).toEqual(
        [
          ['buyer', QUESTION, 'image/png'],
          ['merchant', ANSWER, null],
        ],
      );

      // The answer counts toward the shop's response time on its public page.
      await buyerPage.goto(`${baseUrl}/shops/${shop.merchantId}`);
      const responseTime = buyerPage.getByTestId('shop-response-time');
      await responseTime.waitFor();
      expect(await responseTime.innerText()).toMatch(/平均首次回复 (不到 1 分钟|\d+ 分钟)/);
      expect(await pageWidth(buyerPage)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(buyerPage, 'chat-shop-response-phone.png');
      expect(phone.pageErrors).toEqual([]);
      expect(desk.pageErrors).toEqual([]);
    } finally {
      await phone.close();
      await desk.close();
    }
  });
});
