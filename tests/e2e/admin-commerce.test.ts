import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CategoryView } from '../../src/common/api/catalog.js';
import type { AdminMerchantView, MyShopView } from '../../src/common/api/merchants.js';
import type { ShopSettingsView } from '../../src/common/api/settings.js';
import {
  applicationFor,
  personIdNumber,
  signedIn,
  uniqueSuffix,
  type CommerceHost,
  type Person,
} from '../helpers/commerce.js';
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

/** Screenshots show the page, not a passing toast, and the sticky header only at the top. */
const SCREENSHOT_STYLE =
  '.ant-message { display: none !important; } .app-header { position: static !important; }';

// Strings, because this file is type-checked without the DOM library.
const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');
const pageText = (page: Page) => page.evaluate<string>('document.body.innerText');

async function screenshot(page: Page, name: string): Promise<void> {
  await page.addStyleTag({ content: SCREENSHOT_STYLE });
  await page.screenshot({ path: screenshotPath(name), fullPage: true, animations: 'disabled' });
}

describe.skipIf(!chromiumPath)('the admin commerce console in Chromium', () => {
  let kameng: Kameng;
  let baseUrl: string;
  let host: CommerceHost;
  let admin: Person;
  const rejectedShop = { name: `青云小铺${uniqueSuffix()}`, id: '', idNumber: personIdNumber() };
  const approvedShop = { name: `星辰游戏${uniqueSuffix()}`, id: '', idNumber: personIdNumber() };

  beforeAll(async () => {
    kameng = await startKameng();
    baseUrl = kameng.server.url;
    host = commerceHost(kameng);
    admin = await signedIn(host, 'admin', 'admin');
    for (const shop of [rejectedShop, approvedShop]) {
      const applicant = await signedIn(host, 'buyer', 'applicant');
      const applied = await applicant.client.post<MyShopView>(
        '/api/v1/merchant/application',
        applicationFor(shop.name, shop.idNumber),
      );
      expect(applied.status, applied.text).toBe(200);
      shop.id = applied.body.id;
    }
  });

  afterAll(async () => {
    await kameng?.close();
  });

  async function asAdmin(viewport = DESKTOP): Promise<BrowserSession> {
    const browser = await openBrowser(chromiumPath, {
      locale: 'zh-CN',
      viewport,
      isMobile: viewport === PHONE,
    });
    await signIn(browser.page, baseUrl, admin.user.email, admin.user.password);
    return browser;
  }

  async function merchantStatus(id: string) {
    const response = await admin.client.get<AdminMerchantView>(`/api/v1/admin/merchants/${id}`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  }

  async function openApplication(page: Page, shopName: string): Promise<void> {
    await page.goto(`${baseUrl}/admin/merchants`);
    const row = page.getByTestId('merchants-table').locator('tr', { hasText: shopName });
    await row.getByTestId('merchant-link').click();
    await page.getByTestId('merchant-detail').waitFor();
    expect(await page.getByTestId('merchant-detail-name').innerText()).toBe(shopName);
  }

  async function decide(page: Page, decision: 'approve' | 'reject', reason: string): Promise<void> {
    await page.getByTestId(`merchant-${decision}`).click();
    if (reason) await page.getByTestId('merchant-decision-reason').fill(reason);
    await page.getByTestId('merchant-decision-submit').click();
    const status = decision === 'approve' ? 'approved' : 'rejected';
    await page.locator(`[data-testid="merchant-detail"] [data-status="${status}"]`).waitFor();
  }

  it('reviews applications: the ID number only masked, one rejected with a reason, one approved', async () => {
    const browser = await asAdmin();
    const { page } = browser;
    try {
      await page.goto(`${baseUrl}/admin/merchants`);
      // Waiting for review is the default filter: both applications are listed.
      const table = page.getByTestId('merchants-table');
      await table.locator('tr', { hasText: approvedShop.name }).waitFor();
      await table.locator('tr', { hasText: rejectedShop.name }).waitFor();
      await screenshot(page, 'admin-merchants.png');

      await openApplication(page, rejectedShop.name);
      const masked = await page.getByTestId('merchant-identity-number').innerText();
      expect(masked).toMatch(/^\d{6}\*+\d{4}$/);
      expect(masked).toBe((await merchantStatus(rejectedShop.id)).identityNumberMasked);
      expect(await page.getByTestId('merchant-kyc-type').innerText()).toBe('个人');
      expect(await page.content()).not.toContain(rejectedShop.idNumber);
      expect(await pageText(page)).not.toContain(rejectedShop.idNumber);
      await screenshot(page, 'admin-merchant-review.png');

      // A rejection without a reason is stopped in the form; with one it goes through.
      await page.getByTestId('merchant-reject').click();
      await page.getByTestId('merchant-decision-submit').click();
      await page.getByText('请填写至少 2 个字符的原因。').waitFor();
      await page.getByTestId('merchant-decision-reason').fill('身份证照片不清晰，请重新上传');
      await page.getByTestId('merchant-decision-submit').click();
      await page.locator('[data-testid="merchant-detail"] [data-status="rejected"]').waitFor();
      expect(await page.getByTestId('merchant-review-note').innerText()).toBe('身份证照片不清晰，请重新上传');
      await page.getByTestId('merchant-history-entry').first().waitFor();
      expect(await page.getByTestId('merchant-history').innerText()).toContain(
        '身份证照片不清晰，请重新上传',
      );

      await openApplication(page, approvedShop.name);
      expect(await page.content()).not.toContain(approvedShop.idNumber);
      await decide(page, 'approve', '');

      const rejected = await merchantStatus(rejectedShop.id);
      expect([rejected.status, rejected.reviewNote]).toEqual(['rejected', '身份证照片不清晰，请重新上传']);
      expect((await merchantStatus(approvedShop.id)).status).toBe('approved');

      // The status filter finds the approved one under its new status.
      await page.goto(`${baseUrl}/admin/merchants?status=approved`);
      await page.getByTestId('merchants-table').locator('tr', { hasText: approvedShop.name }).waitFor();
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('creates a game and a kind of goods, renames the kind, and the shop lists them', async () => {
    const browser = await asAdmin();
    const { page } = browser;
    const game = `原神${uniqueSuffix()}`;
    const kind = `创世结晶${uniqueSuffix()}`;
    const renamed = `${kind}（官方）`;
    try {
      await page.goto(`${baseUrl}/admin/categories`);
      await page.getByTestId('categories-new-game').click();
      await page.getByTestId('category-name-zh').fill(game);
      await page.getByTestId('category-name-en').fill('Genshin Impact');
      await page.getByTestId('category-submit').click();
      const gameCard = page.getByTestId('category-game').filter({ hasText: game });
      await gameCard.waitFor();

      await gameCard.getByTestId('category-add-kind').click();
      await page.getByTestId('category-name-zh').fill(kind);
      await page.getByTestId('category-name-en').fill('Genesis Crystals');
      await page.getByTestId('category-submit').click();
      const kindRow = gameCard.getByTestId('category-kind').filter({ hasText: kind });
      await kindRow.waitFor();

      await kindRow.getByTestId('category-edit').click();
      await page.getByTestId('category-name-zh').fill(renamed);
      await page.getByTestId('category-name-en').fill('Genesis Crystals (official)');
      await page.getByTestId('category-submit').click();
      await gameCard.getByTestId('category-kind').filter({ hasText: renamed }).waitFor();
      await screenshot(page, 'admin-categories.png');

      const publicList = await host.client().get<{ items: CategoryView[] }>('/api/v1/categories');
      const gameView = publicList.body.items.find((category) => category.nameZh === game);
      expect(gameView).toMatchObject({ parentId: null, nameEn: 'Genshin Impact', status: 'active' });
      const kinds = publicList.body.items.filter((category) => category.parentId === gameView?.id);
      expect(kinds.map((category) => [category.nameZh, category.nameEn])).toEqual([
        [renamed, 'Genesis Crystals (official)'],
      ]);

      // Hidden, the kind leaves the shop's list but stays in the console.
      await gameCard
        .getByTestId('category-kind')
        .filter({ hasText: renamed })
        .getByTestId('category-toggle')
        .click();
      await gameCard.getByTestId('category-hidden-tag').waitFor();
      const afterHiding = await host.client().get<{ items: CategoryView[] }>('/api/v1/categories');
      expect(afterHiding.body.items.some((category) => category.nameZh === renamed)).toBe(false);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('changes the platform fee to 3.5 % with a reason, audited; a buyer is not shown the form', async () => {
    const browser = await asAdmin();
    const { page } = browser;
    try {
      await page.goto(`${baseUrl}/admin/settings`);
      const fee = page.getByTestId('settings-fee');
      await fee.waitFor();
      expect(await fee.inputValue()).toBe('5.00');
      expect(await page.getByTestId('settings-deposit').inputValue()).toBe('500.00');
      expect(await page.getByTestId('settings-last-changed-platformFeeBps').innerText()).toBe(
        '默认值，从未修改',
      );

      // The reason is required before anything is sent.
      await fee.fill('3.5');
      await page.getByTestId('settings-submit').click();
      await page.getByText('请填写至少 2 个字符的原因。').waitFor();
      expect(
        (await admin.client.get<ShopSettingsView>('/api/v1/admin/settings')).body.settings.platformFeeBps,
      ).toBe(500);

      await page.getByTestId('settings-reason').fill('春节活动，临时降低平台费率');
      await page.getByTestId('settings-submit').click();
      const lastChanged = page.getByTestId('settings-last-changed-platformFeeBps');
      await lastChanged.filter({ hasText: admin.user.email }).waitFor();
      expect(await fee.inputValue()).toBe('3.50');
      expect(await page.getByTestId('settings-last-changed-merchantDepositMinimum').innerText()).toBe(
        '默认值，从未修改',
      );
      await screenshot(page, 'admin-settings.png');

      const settings = await admin.client.get<ShopSettingsView>('/api/v1/admin/settings');
      expect(settings.body.settings.platformFeeBps).toBe(350);
      expect(settings.body.lastChanged.platformFeeBps?.by?.email).toBe(admin.user.email);
      const audit = await admin.client.get<{ items: Array<{ actor: { id: string }; details: unknown }> }>(
        '/api/v1/admin/audit-log',
        { query: { action: 'settings.update' } },
      );
      expect(audit.body.items).toHaveLength(1);
      expect(audit.body.items[0]).toMatchObject({
        actor: { id: admin.user.id },
        details: {
          before: { platformFeeBps: 500 },
          after: { platformFeeBps: 350 },
          reason: '春节活动，临时降低平台费率',
        },
      });
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }

    const buyer = await signedIn(host, 'buyer', 'curious');
    const buyerBrowser = await openBrowser(chromiumPath, { locale: 'zh-CN', viewport: DESKTOP });
    try {
      await signIn(buyerBrowser.page, baseUrl, buyer.user.email, buyer.user.password);
      await buyerBrowser.page.goto(`${baseUrl}/admin/settings`);
      await buyerBrowser.page.getByTestId('forbidden').waitFor();
      expect(await buyerBrowser.page.getByTestId('settings-form').count()).toBe(0);
      expect(await buyerBrowser.page.getByTestId('settings-fee').count()).toBe(0);
      expect(await buyerBrowser.page.getByTestId('nav-admin-settings').count()).toBe(0);
      expect(buyerBrowser.pageErrors).toEqual([]);
    } finally {
      await buyerBrowser.close();
    }
  });

  it('shows an auditor the settings without a form', async () => {
    const auditor = await signedIn(host, 'auditor', 'auditor');
    const browser = await openBrowser(chromiumPath, { locale: 'zh-CN', viewport: DESKTOP });
    const { page } = browser;
    try {
      await signIn(page, baseUrl, auditor.user.email, auditor.user.password);
      await page.goto(`${baseUrl}/admin/settings`);
      await page.getByTestId('settings-read-only').waitFor();
      expect(await page.getByTestId('settings-value-platformFeeBps').innerText()).toBe('3.50 %');
      expect(await page.getByTestId('settings-form').count()).toBe(0);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('fits every console screen on a 375 px phone, in Chinese and English', async () => {
    const browser = await asAdmin(PHONE);
    const { page } = browser;
    try {
      for (const [path, testId, name] of [
        ['/admin/merchants?status=all', 'merchants-table', 'phone-admin-merchants.png'],
        [`/admin/merchants/${rejectedShop.id}`, 'merchant-detail', 'phone-admin-merchant-review.png'],
        ['/admin/categories', 'categories-tree', 'phone-admin-categories.png'],
        ['/admin/settings', 'settings-form', 'phone-admin-settings.png'],
      ] as const) {
        await page.goto(`${baseUrl}${path}`);
        await page.getByTestId(testId).waitFor();
        expect({ path, width: await pageWidth(page) }).toEqual({ path, width: PHONE.width });
        await screenshot(page, name);
      }
      await page.getByTestId('lang-en').click();
      expect(await page.getByTestId('settings-submit').innerText()).toBe('Save settings');
      expect(await page.getByTestId('settings-last-changed-platformFeeBps').innerText()).toContain(
        admin.user.email,
      );
      expect(await pageWidth(page)).toBe(PHONE.width);
      await screenshot(page, 'phone-admin-settings-en.png');
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
