import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DisputeView } from '../../src/common/api/disputes.js';
import type { OrderView } from '../../src/common/api/orders.js';
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
import { payWithWallet, placeOrder } from '../helpers/orders.js';
import { revealKeys } from './buyer-steps.js';
import { commerceHost } from './commerce.js';
import {
  documentWidth,
  openBrowser,
  screenshot,
  signIn,
  startKameng,
  type BrowserSession,
  type Kameng,
} from './harness.js';

const chromiumPath = inject('chromium');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const SHOP_NAME = '售后测试点卡';
const PRICE = 1_000;

/** Buyer protection in the browser (issue 5): a dispute from the order page to its end, on both sides. */
describe.skipIf(!chromiumPath)('disputes in Chromium', () => {
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
    shop = await openShop(host, admin.client, SHOP_NAME);
    const categories = await createCategories(admin.client, '原神', '月卡');
    product = await listCardKeyProduct(shop, categories.kindId, {
      title: '原神 空月祝福',
      price: PRICE,
      keys: keysNamed('DSP', 4),
    });
  });

  afterAll(async () => {
    await kameng?.close();
  });

  /** A buyer who paid for one card key from the wallet: the order is delivered. */
  async function aDeliveredOrder(name: string): Promise<{ buyer: Person; order: OrderView }> {
    const buyer = await signedIn(host, 'buyer', name);
    await fundWallet(host, buyer.user.id, PRICE);
    const order = await payWithWallet(buyer.client, (await placeOrder(buyer.client, product)).id);
    expect(order.status).toBe('delivered');
    return { buyer, order };
  }

  async function browserAs(person: Person, viewport = DESKTOP): Promise<BrowserSession> {
    const browser = await openBrowser(chromiumPath, {
      locale: 'zh-CN',
      viewport,
      isMobile: viewport === PHONE,
    });
    await signIn(browser.page, baseUrl, person.user.email, person.user.password);
    return browser;
  }

  it('a buyer disputes a bad key, the shop replaces it from the 售后 page, the buyer accepts and the order settles', async () => {
    const { buyer, order } = await aDeliveredOrder('dispute-buyer');
    const phone = await browserAs(buyer, PHONE);
    const desk = await browserAs(shop, DESKTOP);
    try {
      const buyerPage = phone.page;
      await buyerPage.goto(`${baseUrl}/orders/${order.id}`);
      const [firstKey] = await revealKeys(buyerPage);
      expect(firstKey?.replaced).toBe('false');

      await buyerPage.getByTestId('dispute-open').click();
      await buyerPage.getByTestId('dispute-reason-key_invalid').click();
      await buyerPage.getByTestId('dispute-description-input').fill('卡密提示已被使用，无法兑换');
      await screenshot(buyerPage, 'dispute-open-phone.png');
      await buyerPage.getByTestId('dispute-open-submit').click();

      const panel = buyerPage.getByTestId('dispute-panel');
      await panel.locator('[data-testid="dispute-status"][data-status="awaiting_merchant"]').waitFor();
      expect(await panel.getByTestId('dispute-reason').innerText()).toBe('卡密无效/已被使用');
      const countdown = panel.getByTestId('dispute-countdown');
      expect(await countdown.getAttribute('data-holder')).toBe('merchant');
      expect(await countdown.innerText()).toMatch(/^商家须在 2[34]:\d\d:\d\d 内处理/);
      // While the dispute runs the buyer cannot confirm (the shop would be paid).
      expect(await buyerPage.getByTestId('order-confirm').count()).toBe(0);
      expect(await documentWidth(buyerPage)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(buyerPage, 'dispute-buyer-waiting-phone.png');

      // The shop: 售后 in the console, the dispute first under 等待商家处理, answered with new keys.
      const shopPage = desk.page;
      await shopPage.goto(`${baseUrl}/merchant`);
      await shopPage.getByTestId('merchant-section-disputes').click();
      await shopPage.waitForURL('**/merchant/disputes');
      const row = shopPage.locator(`[data-testid="dispute-row"][data-dispute-id]`).first();
      await row.waitFor();
      expect(await row.getAttribute('data-status')).toBe('awaiting_merchant');
      const shopCountdown = shopPage.getByTestId('dispute-countdown').first();
      expect(await shopCountdown.getAttribute('data-urgent')).toBe('false');
      await screenshot(shopPage, 'dispute-merchant-list-desktop.png');
      await shopPage.getByTestId('dispute-row-open').first().click();

      const drawer = shopPage.getByTestId('dispute-detail');
      expect(await drawer.getByTestId('dispute-description').innerText()).toBe('卡密提示已被使用，无法兑换');
      await drawer.getByTestId('dispute-action-replace').click();
      await drawer.getByTestId('dispute-answer-note').fill('已补发新卡密，请查收');
      await drawer.getByTestId('dispute-answer-submit').click();
      await drawer.locator('[data-testid="dispute-status"][data-status="awaiting_buyer"]').waitFor();
      expect(await drawer.getByTestId('dispute-answer').innerText()).toContain('商家已补发 1 张新卡密');
      await screenshot(shopPage, 'dispute-merchant-answered-desktop.png');
      await shopPage.keyboard.press('Escape');
      await shopPage.setViewportSize(PHONE);
      await shopPage.getByTestId('disputes-tab-all').click();
      await shopPage.locator('[data-testid="dispute-row"][data-status="awaiting_buyer"]').waitFor();
      expect(await documentWidth(shopPage)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(shopPage, 'dispute-merchant-list-phone.png');

      // The buyer sees the new key, the old one struck through and marked, and accepts.
      await buyerPage.reload();
      await panel.locator('[data-testid="dispute-status"][data-status="awaiting_buyer"]').waitFor();
      expect(await panel.getByTestId('dispute-countdown').getAttribute('data-holder')).toBe('buyer');
      const keys = await revealKeys(buyerPage);
      expect(keys).toHaveLength(2);
      expect(keys.find((key) => key.secret === firstKey?.secret)?.replaced).toBe('true');
      expect(keys.filter((key) => key.replaced === 'false')).toHaveLength(1);
      expect(await buyerPage.getByTestId('key-replaced').innerText()).toBe('已替换');
      await screenshot(buyerPage, 'dispute-buyer-replaced-phone.png');
      await buyerPage.getByTestId('dispute-accept').click();
      await buyerPage.getByTestId('dispute-accept-ok').click();

      await buyerPage.locator('[data-testid="order-status"][data-status="settled"]').first().waitFor();
      expect(await buyerPage.getByTestId('order-status').first().innerText()).toBe('已结算');
      await panel.locator('[data-testid="dispute-outcome"][data-outcome="replaced"]').waitFor();
      expect(await panel.getByTestId('dispute-accept').count()).toBe(0);
      const timeline = await buyerPage.getByTestId('order-timeline').innerText();
      for (const step of [
        '售后 · 等待商家处理',
        '买家申请售后：卡密无效/已被使用',
        '商家补发卡密',
        '处理结果：补发卡密',
        '补发卡密后结算给商家',
      ])
        expect(timeline).toContain(step);
      expect(timeline).not.toMatch(/opened_|merchant_replace|resolved_|dispute_replaced/);
      expect(await documentWidth(buyerPage)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(buyerPage, 'dispute-buyer-settled-phone.png');

      const stored = await buyer.client.get<DisputeView>(`/api/v1/orders/${order.id}/dispute`);
      expect(stored.body).toMatchObject({ status: 'resolved', outcome: 'replaced', decidedBy: 'buyer' });
      expect(phone.pageErrors).toEqual([]);
      expect(desk.pageErrors).toEqual([]);
    } finally {
      await phone.close();
      await desk.close();
    }
  });

  it('an agent decides an escalated dispute with a partial refund, and the buyer sees the refund', async () => {
    const { buyer, order } = await aDeliveredOrder('escalating-buyer');
    const opened = await buyer.client.post<DisputeView>(`/api/v1/orders/${order.id}/dispute`, {
      reason: 'wrong_item',
      description: '买的是月卡，兑换出来是 60 原石',
    });
    expect(opened.status, opened.text).toBe(200);
    const dispute = opened.body;
    const chat = await buyer.client.post(`/api/v1/orders/${order.id}/messages`, {
      body: '兑换记录截图：只到账 60 原石',
    });
    expect(chat.status, chat.text).toBe(200);
    const contested = await shop.client.post(`/api/v1/merchant/disputes/${dispute.id}/respond`, {
      action: 'contest',
      note: '卡密对应的就是月卡，见发货记录',
    });
    expect(contested.status, contested.text).toBe(200);
    const escalated = await buyer.client.post(`/api/v1/disputes/${dispute.id}/escalate`, {
      note: '商家的发货记录与到账不符',
    });
    expect(escalated.status, escalated.text).toBe(200);

    const agent = await signedIn(host, 'agent', 'agent');
    const desk = await browserAs(agent, DESKTOP);
    const phone = await browserAs(buyer, PHONE);
    try {
      const agentPage = desk.page;
      // Agents find the queue under 管理后台; the admin-only pages are not offered to them.
      await agentPage.getByTestId('nav-admin').click();
      await agentPage.getByTestId('nav-admin-disputes').click();
      await agentPage.waitForURL('**/admin/disputes');
      expect(await agentPage.getByTestId('nav-admin-users').count()).toBe(0);
      const row = agentPage.locator(`[data-testid="queue-row"][data-dispute-id="${dispute.id}"]`);
      await row.waitFor();
      expect(await agentPage.getByTestId('dispute-countdown').first().getAttribute('data-holder')).toBe(
        'platform',
      );
      await screenshot(agentPage, 'dispute-queue-desktop.png');
      await row.getByTestId('queue-open').click();

      const decision = agentPage.getByTestId('dispute-decision-page');
      await decision.waitFor();
      expect(await decision.getByTestId('dispute-answer').innerText()).toContain('卡密对应的就是月卡');
      await agentPage
        .getByTestId('staff-chat')
        .getByTestId('chat-body')
        .filter({ hasText: '兑换记录截图' })
        .waitFor();
      expect(
        await agentPage.getByTestId('dispute-order').getByTestId('order-timeline').innerText(),
      ).toContain('买家申请平台介入');
      await agentPage.getByTestId('decision-refund_partial').click();
      await agentPage.getByTestId('decision-amount').fill('3.50');
      await agentPage.getByTestId('decision-note').fill('双方证据不足以全额退款，退还差价');
      await screenshot(agentPage, 'dispute-decision-desktop.png');
      await agentPage.getByTestId('decision-submit').click();
      await agentPage.locator('[data-testid="dispute-decision-page"][data-status="resolved"]').waitFor();
      await agentPage.getByTestId('decision-none').waitFor();
      await agentPage.setViewportSize(PHONE);
      expect(await documentWidth(agentPage)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(agentPage, 'dispute-decided-phone.png');

      const buyerPage = phone.page;
      await buyerPage.goto(`${baseUrl}/orders/${order.id}`);
      await buyerPage.getByTestId('order-refunded-amount').waitFor();
      expect(await buyerPage.getByTestId('order-refunded-amount').innerText()).toBe('¥3.50');
      const panel = buyerPage.getByTestId('dispute-panel');
      expect(await panel.getByTestId('dispute-refund').innerText()).toBe('¥3.50');
      expect(await panel.getByTestId('dispute-outcome').innerText()).toBe('部分退款');
      expect(await panel.getByTestId('dispute-decision-note').innerText()).toBe(
        '双方证据不足以全额退款，退还差价',
      );
      // An agent's decision can be appealed within 7 days.
      await panel.getByTestId('dispute-appeal-open').waitFor();
      expect(await buyerPage.getByTestId('order-status').first().getAttribute('data-status')).toBe('settled');
      expect(await buyerPage.getByTestId('order-refund').first().innerText()).toContain(
        '售后退款（商品不符）',
      );
      expect(await documentWidth(buyerPage)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(buyerPage, 'dispute-buyer-refunded-phone.png');

      const wallet = await buyer.client.get<{ items: Array<{ kind: string; balance: number }> }>(
        '/api/v1/me/balances',
      );
      expect(wallet.body.items.find((account) => account.kind === 'user_wallet')?.balance).toBe(350);
      expect(desk.pageErrors).toEqual([]);
      expect(phone.pageErrors).toEqual([]);
    } finally {
      await desk.close();
      await phone.close();
    }
  });
});
