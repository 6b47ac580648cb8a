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
  resizeViewport,
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
  let admin: Person;

  beforeAll(async () => {
    kameng = await startKameng();
    baseUrl = kameng.server.url;
    host = commerceHost(kameng);
    admin = await signedIn(host, 'admin', 'admin');
    shop = await openShop(host, admin.client, SHOP_NAME);
    const categories = await createCategories(admin.client, '原神', '月卡');
    product = await listCardKeyProduct(shop, categories.kindId, {
      title: '原神 空月祝福',
      price: PRICE,
      keys: keysNamed('DSP', 8),
    });
  });

  afterAll(async () => {
    await kameng?.close();
  });

  /** A buyer who paid for `quantity` card keys from the wallet: the order is delivered. */
  async function aDeliveredOrder(name: string, quantity = 1): Promise<{ buyer: Person; order: OrderView }> {
    const buyer = await signedIn(host, 'buyer', name);
    await fundWallet(host, buyer.user.id, PRICE * quantity);
    const placed = await placeOrder(buyer.client, product, { quantity });
    const order = await payWithWallet(buyer.client, placed.id);
    expect(order.status).toBe('delivered');
    return { buyer, order };
  }

  /** A delivered order whose buyer has opened a dispute through the API. */
  async function aDisputedOrder(
    name: string,
    reason: DisputeView['reason'],
    description: string,
  ): Promise<{ buyer: Person; order: OrderView; dispute: DisputeView }> {
    const { buyer, order } = await aDeliveredOrder(name);
    const opened = await buyer.client.post<DisputeView>(`/api/v1/orders/${order.id}/dispute`, {
      reason,
      description,
    });
    expect(opened.status, opened.text).toBe(200);
    return { buyer, order, dispute: opened.body };
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

  it('a buyer disputes a bad key, the shop replaces just that key from the 售后 page, the buyer accepts and the order settles', async () => {
    const { buyer, order } = await aDeliveredOrder('dispute-buyer', 2);
    const phone = await browserAs(buyer, PHONE);
    const desk = await browserAs(shop, DESKTOP);
    try {
      const buyerPage = phone.page;
      await buyerPage.goto(`${baseUrl}/orders/${order.id}`);
      const [badKey, goodKey] = await revealKeys(buyerPage);
      expect([badKey?.replaced, goodKey?.replaced]).toEqual(['false', 'false']);

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
      // Both delivered keys are offered by their last four characters, all chosen; the shop keeps the good one.
      const choice = drawer.getByTestId('dispute-replace-key');
      await choice.nth(1).waitFor();
      expect(await choice.count()).toBe(2);
      for (let i = 0; i < 2; i++) expect(await choice.nth(i).isChecked()).toBe(true);
      const hintOf = (secret = '') => `…${secret.slice(-4)}`;
      await drawer
        .locator(`[data-testid="dispute-replace-key"][data-hint="${hintOf(goodKey?.secret)}"]`)
        .uncheck();
      const chosen = drawer.locator(
        `[data-testid="dispute-replace-key"][data-hint="${hintOf(badKey?.secret)}"]`,
      );
      expect(await chosen.isChecked()).toBe(true);
      const badKeyId = await chosen.getAttribute('data-key-id');
      await drawer.getByTestId('dispute-answer-note').fill('已补发新卡密，请查收');
      await screenshot(shopPage, 'dispute-merchant-replace-desktop.png');
      await drawer.getByTestId('dispute-answer-submit').click();
      await drawer.locator('[data-testid="dispute-status"][data-status="awaiting_buyer"]').waitFor();
      expect(await drawer.getByTestId('dispute-answer').innerText()).toContain('商家已补发 1 张新卡密');
      await screenshot(shopPage, 'dispute-merchant-answered-desktop.png');
      const shopOrder = await shop.client.get<{ deliveredKeys: Array<{ id: string; replaced: boolean }> }>(
        `/api/v1/merchant/orders/${order.id}`,
      );
      expect(shopOrder.body.deliveredKeys).toHaveLength(3);
      expect(shopOrder.body.deliveredKeys.filter((key) => key.replaced).map((key) => key.id)).toEqual([
        badKeyId,
      ]);
      await shopPage.keyboard.press('Escape');
      await resizeViewport(shopPage, PHONE);
      await shopPage.getByTestId('disputes-tab-all').click();
      await shopPage.locator('[data-testid="dispute-row"][data-status="awaiting_buyer"]').waitFor();
      expect(await documentWidth(shopPage)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(shopPage, 'dispute-merchant-list-phone.png');

      // The buyer sees the new key, the bad one struck through and marked, the good one untouched, and accepts.
      await buyerPage.reload();
      await panel.locator('[data-testid="dispute-status"][data-status="awaiting_buyer"]').waitFor();
      expect(await panel.getByTestId('dispute-countdown').getAttribute('data-holder')).toBe('buyer');
      const keys = await revealKeys(buyerPage);
      expect(keys).toHaveLength(3);
      expect(keys.find((key) => key.secret === badKey?.secret)?.replaced).toBe('true');
      expect(keys.find((key) => key.secret === goodKey?.secret)?.replaced).toBe('false');
      expect(keys.filter((key) => key.replaced === 'false')).toHaveLength(2);
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
    const { buyer, order, dispute } = await aDisputedOrder(
      'escalating-buyer',
      'wrong_item',
      '买的是月卡，兑换出来是 60 原石',
    );
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
      // Measured only once the page has laid itself out for the phone (it is not lenient: an overflowing
      // page settles at its overflowing width).
      await resizeViewport(agentPage, PHONE);
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
      // An agent's decision can be appealed within 7 days (by each side once).
      await panel.getByTestId('dispute-appeal-open').waitFor();
      expect(await panel.getByTestId('dispute-appeal').count()).toBe(0);
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

      // The buyer appeals; an admin upholds the decision. The buyer's one appeal is used, the shop's is not.
      await panel.getByTestId('dispute-appeal-open').click();
      await buyerPage.getByTestId('dispute-appeal-note').fill('商品与描述不符，应全额退款');
      await buyerPage.getByTestId('dispute-appeal-ok').click();
      await panel.locator('[data-testid="dispute-status"][data-status="appealed"]').waitFor();
      const appeal = panel.locator('[data-testid="dispute-appeal"][data-side="buyer"]');
      expect(await appeal.getAttribute('data-result')).toBe('pending');
      expect(await appeal.innerText()).toContain('等待平台管理员复核');
      expect(await panel.getByTestId('dispute-appeal-open').count()).toBe(0);
      const upheld = await admin.client.post(`/api/v1/admin/disputes/${dispute.id}/appeal-decision`, {
        result: 'upheld',
        note: '证据不足以改判',
      });
      expect(upheld.status, upheld.text).toBe(200);
      await buyerPage.reload();
      // Back to 已处理 while the shop may still appeal; the buyer sees the result and no second appeal.
      await panel.locator('[data-testid="dispute-status"][data-status="resolved"]').waitFor();
      expect(await appeal.getAttribute('data-result')).toBe('upheld');
      expect(await appeal.getByTestId('dispute-appeal-result').innerText()).toBe('申诉结果：维持原裁决');
      expect(await panel.getByTestId('dispute-appeal-open').count()).toBe(0);
      expect(await documentWidth(buyerPage)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(buyerPage, 'dispute-buyer-appeal-upheld-phone.png');
      const seenByShop = await shop.client.get<DisputeView>(`/api/v1/merchant/disputes/${dispute.id}`);
      expect(seenByShop.body).toMatchObject({
        status: 'resolved',
        buyerAppealed: true,
        merchantAppealed: false,
        appealResult: 'upheld',
      });
      expect(desk.pageErrors).toEqual([]);
      expect(phone.pageErrors).toEqual([]);
    } finally {
      await desk.close();
      await phone.close();
    }
  });

  it('a buyer who withdrew opens the dispute again, and the shop has a fresh 24 h', async () => {
    const { buyer, order, dispute } = await aDisputedOrder(
      'reopening-buyer',
      'not_received',
      '卡密页面是空的',
    );
    const phone = await browserAs(buyer, PHONE);
    try {
      const page = phone.page;
      await page.goto(`${baseUrl}/orders/${order.id}`);
      const panel = page.getByTestId('dispute-panel');
      // The shop promised to fix it in the chat: the buyer withdraws.
      await panel.locator('[data-testid="dispute-status"][data-status="awaiting_merchant"]').waitFor();
      await panel.getByTestId('dispute-withdraw').click();
      await page.getByTestId('dispute-withdraw-ok').click();
      await panel.locator('[data-testid="dispute-status"][data-status="withdrawn"]').waitFor();
      expect(await panel.getByTestId('dispute-outcome').innerText()).toBe('买家已撤销');
      await panel.getByTestId('dispute-reopen').waitFor();
      await screenshot(page, 'dispute-buyer-withdrawn-phone.png');
      // The order can still be disputed (delivered): the same dispute opens again with the same form.
      await panel.getByTestId('dispute-reopen').click();
      await page.locator('.ant-modal-title').filter({ hasText: '重新申请售后' }).waitFor();
      await page.getByTestId('dispute-reason-key_invalid').click();
      await page.getByTestId('dispute-description-input').fill('商家说会补发，但一直没有收到新卡密');
      await page.getByTestId('dispute-open-submit').click();

      await panel.locator('[data-testid="dispute-status"][data-status="awaiting_merchant"]').waitFor();
      expect(await panel.getAttribute('data-dispute-id')).toBe(dispute.id);
      expect(await panel.getByTestId('dispute-reason').innerText()).toBe('卡密无效/已被使用');
      expect(await panel.getByTestId('dispute-countdown').innerText()).toMatch(
        /^商家须在 2[34]:\d\d:\d\d 内处理/,
      );
      expect(await panel.getByTestId('dispute-reopen').count()).toBe(0);
      expect(await page.getByTestId('order-confirm').count()).toBe(0);
      expect(await page.getByTestId('order-timeline').innerText()).toContain(
        '买家重新申请售后：卡密无效/已被使用',
      );
      expect(await documentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'dispute-buyer-reopened-phone.png');

      const stored = await shop.client.get<DisputeView>(`/api/v1/merchant/disputes/${dispute.id}`);
      expect(stored.body).toMatchObject({
        status: 'awaiting_merchant',
        reason: 'key_invalid',
        outcome: null,
      });
      expect(phone.pageErrors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
