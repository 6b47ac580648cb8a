import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SignedCheckpoint } from '../../src/common/ledger/checkpoint.js';
import { seedDemo, type DemoLogin } from '../../src/server/demo.js';
import { openBrowser, screenshotPath, signIn, startKameng, type Kameng } from './harness.js';

const chromiumPath = inject('chromium');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

/**
 * The demo's history for buyer1 (src/server/demo-ledger.ts), oldest first: top-up ¥200, purchase ¥30,
 * 500 钻 for ¥50, top-up ¥100, purchase ¥45, its refund, and ¥68 held for an open order.
 */
const BUYER1 = {
  balance: '¥220.00',
  held: '¥68.00',
  available: '¥152.00',
  zuan: '380 钻',
  refund: '退款：原神 创世结晶 ×60',
  hold: '下单冻结：Steam 钱包 ¥68',
  zuanSpend: '使用钻：和平精英 月卡',
};
/** The refund's point on the chart: sixth of the seven CNY lines, oldest first. */
const REFUND_POINT = 5;
/** The hold is buyer1's seventh CNY entry; table rows are keyed by the entry's sequence number. */
const HOLD_SEQ = 7;

/** Screenshots show the page, not a passing toast, and the sticky header only at the top. */
const SCREENSHOT_STYLE =
  '.ant-message { display: none !important; } .app-header { position: static !important; }';

// Strings, because this file is type-checked without the DOM library.
const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

/**
 * Waits until the chart's canvas has something drawn on it (ECharts paints on an animation frame). Polled
 * from here with page.evaluate (the DevTools protocol), not page.waitForFunction: its in-page polling
 * compiles a string predicate with eval, which the shop's CSP (script-src 'self') refuses.
 */
const chartDrawn = (page: Page) =>
  expect
    .poll(
      () =>
        page.evaluate<boolean>(`(() => {
    const canvas = document.querySelector('[data-testid="balance-chart"] canvas');
    if (!canvas || canvas.width === 0) return false;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
    return painted > 1000;
  })()`),
      { timeout: 15_000 },
    )
    .toBe(true);

/**
 * Two animation frames: a full-page screenshot resizes the viewport (the scrollbar comes and goes), and
 * the chart follows its container a frame later. A point's position is read only once that has settled.
 */
const layoutSettled = (page: Page) =>
  page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');

/** Where the chart draws a point, from the hook the page installs under automation (charts/testHook.ts). */
const chartPoint = (page: Page, dataIndex: number) =>
  page.evaluate<{ x: number; y: number } | null>(
    `window.__kamengCharts?.pointPosition('balance-chart', 0, ${dataIndex}) ?? null`,
  );

async function reasons(page: Page): Promise<string[]> {
  return page.getByTestId('statement-lines').getByTestId('statement-reason').allInnerTexts();
}

async function openStatement(page: Page, baseUrl: string, firstReason: string): Promise<void> {
  await page.goto(`${baseUrl}/account/statement`);
  await page.getByTestId('statement-reason').filter({ hasText: firstReason }).waitFor();
  await page.getByTestId('balance-chart').locator('canvas').first().waitFor();
}

describe.skipIf(!chromiumPath)('the ledger screens in Chromium', () => {
  let kameng: Kameng;
  let baseUrl: string;
  let buyer1: DemoLogin;
  let buyer2: DemoLogin;
  let keyId: string;
  let latest: SignedCheckpoint;

  beforeAll(async () => {
    kameng = await startKameng();
    baseUrl = kameng.server.url;
    const logins = await seedDemo(kameng.server.kameng);
    const byEmail = (prefix: string) => logins.find((login) => login.email.startsWith(prefix))!;
    buyer1 = byEmail('buyer1@');
    buyer2 = byEmail('buyer2@');
    keyId = ((await (await fetch(`${baseUrl}/api/v1/ledger/public-key`)).json()) as { keyId: string }).keyId;
    // The checkpoint job may publish an empty checkpoint at start-up before the demo publishes its own:
    // the latest one is the demo's either way.
    latest = (await (await fetch(`${baseUrl}/api/v1/ledger/checkpoints/latest`)).json()) as SignedCheckpoint;
  });

  afterAll(async () => {
    await kameng?.close();
  });

  it('shows a buyer their balance, lines, chart, line details, 钻, the CSV export and a verified balance', async () => {
    const browser = await openBrowser(chromiumPath, { locale: 'zh-CN', viewport: DESKTOP });
    const { page } = browser;
    try {
      await signIn(page, baseUrl, buyer1.email, buyer1.password);
      await page.getByTestId('nav-mine').click();
      await page.getByTestId('nav-account').click();
      expect(await page.getByTestId('account-balance-CNY').innerText()).toBe(BUYER1.balance);
      expect(await page.getByTestId('account-balance-ZUAN').innerText()).toBe(BUYER1.zuan);
      await page.getByTestId('account-statement-link').click();
      await page.waitForURL('**/account/statement');
      await page.getByTestId('statement-reason').filter({ hasText: BUYER1.hold }).waitFor();

      expect(await page.getByTestId('balance-balance').innerText()).toBe(BUYER1.balance);
      expect(await page.getByTestId('balance-held').innerText()).toBe(BUYER1.held);
      expect(await page.getByTestId('balance-available').innerText()).toBe(BUYER1.available);
      const lines = await reasons(page);
      expect(lines).toHaveLength(7);
      expect(lines).toContain(BUYER1.refund);
      expect(lines[0]).toBe(BUYER1.hold);
      const holdRow = page.locator(`tr[data-row-key="${HOLD_SEQ}"]`);
      expect(await holdRow.locator('[data-kind="hold"]').innerText()).toBe('冻结');

      await chartDrawn(page);
      await page.screenshot({
        path: screenshotPath('statement-zh-CN.png'),
        fullPage: true,
        animations: 'disabled',
        style: SCREENSHOT_STYLE,
      });

      // A real click on the canvas where the refund's point is drawn.
      await layoutSettled(page);
      const point = await chartPoint(page, REFUND_POINT);
      expect(point).not.toBeNull();
      await page.getByTestId('balance-chart').click({ position: point! });
      const detail = page.getByTestId('line-detail');
      await detail.getByTestId('line-detail-reason').waitFor();
      expect(await detail.getByTestId('line-detail-reason').innerText()).toBe(BUYER1.refund);
      expect(await detail.getByTestId('line-detail-transfer').innerText()).toContain('demo-transfer-');
      await page.keyboard.press('Escape');
      await detail.getByTestId('line-detail-reason').waitFor({ state: 'hidden' });

      await holdRow.click();
      await detail.getByTestId('line-detail-reason').filter({ hasText: BUYER1.hold }).waitFor();
      await page.keyboard.press('Escape');
      await detail.getByTestId('line-detail-reason').waitFor({ state: 'hidden' });

      // Filtered to refunds, the table and the export both hold the one refund.
      await page.getByTestId('statement-cause').click();
      await page.locator('.ant-select-item-option[title="退款"]').click();
      await expect
        .poll(
          () => page.locator('[data-testid="statement-lines"] [data-testid="statement-reason"]').count(),
          {
            timeout: 15_000,
          },
        )
        .toBe(1);
      expect(await reasons(page)).toEqual([BUYER1.refund]);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('statement-export-csv').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^kameng-statement-CNY-.*\.csv$/);
      const csv = fs.readFileSync(await download.path());
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = csv.subarray(3).toString('utf8').trimEnd().split('\r\n');
      expect(rows[0]).toMatch(/^time,seq,kind,/);
      expect(rows).toHaveLength(2);
      expect(rows[1]).toContain(BUYER1.refund);

      await page.getByTestId('statement-cause').hover();
      await page.locator('.statement-cause .ant-select-clear').click();
      await page.getByTestId('currency-ZUAN').click();
      await page.getByTestId('statement-reason').filter({ hasText: BUYER1.zuanSpend }).waitFor();
      expect(await page.getByTestId('balance-balance').innerText()).toBe(BUYER1.zuan);
      expect(await reasons(page)).toHaveLength(2);

      await page.getByTestId('verify-run').click();
      const result = page.getByTestId('verify-result');
      await result.waitFor();
      expect(await result.getAttribute('data-ok')).toBe('true');
      expect(await page.getByTestId('verify-checkpoint').innerText()).toBe(`#${latest.body.sequence}`);
      expect(await page.getByTestId('verify-key-id').innerText()).toBe(keyId);
      await page.getByTestId('proof-show-transfers').click();
      await page.getByTestId('proof-transfers').waitFor();
      const card = page.getByTestId('verify-card');
      const checks = card.locator('[data-testid="proof-check"], [data-testid="proof-transfer"]');
      const passed = card.locator(
        '[data-testid="proof-check"][data-ok="true"], [data-testid="proof-transfer"][data-ok="true"]',
      );
      // Format, signature, two balances, the transfers line and buyer1's nine transfers at least.
      expect(await checks.count()).toBeGreaterThanOrEqual(14);
      expect(await passed.count()).toBe(await checks.count());
      expect(new Set(await page.getByTestId('proof-check-mark').allInnerTexts())).toEqual(new Set(['✓']));
      expect(await page.getByTestId('verify-offline-command').innerText()).toContain(
        'npx kameng proof verify',
      );
      await page.getByTestId('verify-card').screenshot({
        path: screenshotPath('verify-zh-CN.png'),
        animations: 'disabled',
        style: SCREENSHOT_STYLE,
      });
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('words the statement in English for an English-speaking buyer, and shows anyone the signed checkpoints', async () => {
    const browser = await openBrowser(chromiumPath, { locale: 'en-US', viewport: DESKTOP });
    const { page } = browser;
    try {
      // buyer2's account speaks English: signing in switches the page to it.
      await signIn(page, baseUrl, buyer2.email, buyer2.password);
      await openStatement(page, baseUrl, 'Bought 250 钻');
      expect(await page.getByTestId('balance-balance').innerText()).toBe('¥110.00');
      expect(await reasons(page)).toContain('Refund: 原神 创世结晶 ×60');

      await page.getByTestId('header-logout').click();
      await page.getByTestId('header-login').waitFor();
      await page.getByTestId('nav-checkpoints').click();
      await page.waitForURL('**/ledger/checkpoints');
      const first = page.locator('tr[data-row-key="1"]');
      await first.waitFor();
      expect(await first.getByTestId('checkpoint-sequence').innerText()).toBe('#1');
      const newest = page.locator(`tr[data-row-key="${latest.body.sequence}"]`);
      // What the demo's users own in CNY at its checkpoint (wallets, merchants' deposits and payables),
      // as signed, shown with its digits grouped. (The demo's open dispute keeps ¥6 in escrow, which is
      // nobody's yet; the order settled after a replaced key moved ¥6 from the buyer, ¥5.70 to the shop.)
      expect(latest.body.totals.CNY).toBe(172_325);
      expect(await newest.innerText()).toContain('¥1,723.25');
      await page.getByTestId('ledger-key-id').waitFor();
      expect(await page.getByTestId('ledger-key-id').innerText()).toBe(keyId);
      await page.screenshot({
        path: screenshotPath('checkpoints-en.png'),
        fullPage: true,
        animations: 'disabled',
        style: SCREENSHOT_STYLE,
      });
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('fits the statement and the checkpoints on a 375 px wide phone', async () => {
    const browser = await openBrowser(chromiumPath, { locale: 'zh-CN', viewport: PHONE, isMobile: true });
    const { page } = browser;
    try {
      await signIn(page, baseUrl, buyer1.email, buyer1.password);
      await openStatement(page, baseUrl, BUYER1.hold);
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
      const chartBox = await page.getByTestId('balance-chart').boundingBox();
      expect(chartBox!.width).toBeLessThanOrEqual(PHONE.width);
      await chartDrawn(page);

      await page.locator(`tr[data-row-key="${HOLD_SEQ}"]`).click();
      await page.getByTestId('line-detail-reason').filter({ hasText: BUYER1.hold }).waitFor();
      await page.keyboard.press('Escape');

      await page.getByTestId('verify-run').click();
      await page.getByTestId('verify-result').waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({
        path: screenshotPath('statement-mobile.png'),
        fullPage: true,
        animations: 'disabled',
        style: SCREENSHOT_STYLE,
      });

      await page.goto(`${baseUrl}/ledger/checkpoints`);
      await page.locator('tr[data-row-key="1"]').waitFor();
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
