import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/server/config.js';
import { startServer, type RunningServer } from '../../src/server/main.js';
import { createUser, hashPassword } from '../../src/server/modules/accounts/index.js';
import type { Role } from '../../src/common/roles.js';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp.js';

/** A real Kameng server on a free port with a fresh data dir, mailing to a real SMTP capture server. */
export interface Kameng {
  server: RunningServer;
  smtp: SmtpCapture;
  close(): Promise<void>;
}

/** `config`: more environment for loadConfig (e.g. KAMENG_PUBLIC_URL, which channels that call back need). */
export async function startKameng(config: Record<string, string> = {}): Promise<Kameng> {
  const smtp = await startSmtpCapture();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-e2e-'));
  const server = await startServer({
    config: loadConfig({
      KAMENG_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      SMTP_URL: smtp.url,
      KAMENG_LOG_LEVEL: 'warn',
      KAMENG_SANDBOX_PAYMENTS: 'true',
      ...config,
    }),
    demo: false,
  });
  return {
    server,
    smtp,
    close: async () => {
      await server.shutdown('test end');
      await smtp.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Seeds an account directly through the server's own code, skipping the email round trip. */
export async function seedUser(
  kameng: Kameng,
  account: { email: string; password: string; displayName: string; roles: Role[] },
): Promise<string> {
  const passwordHash = await hashPassword(account.password);
  return kameng.server.kameng.ctx.transact((trx) =>
    createUser(trx, new Date(), {
      email: account.email,
      passwordHash,
      displayName: account.displayName,
      locale: 'zh-CN',
      roles: account.roles,
      emailVerified: true,
      reason: 'test_seed',
    }),
  );
}

// Flags for headless Chromium as root in a container (ARCHITECTURE.md "Running").
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions on the page: a test ends by asserting there were none. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openBrowser(
  executablePath: string,
  options: { locale: string; viewport: { width: number; height: number }; isMobile?: boolean },
): Promise<BrowserSession> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: options.locale,
    viewport: options.viewport,
    isMobile: options.isMobile ?? false,
    hasTouch: options.isMobile ?? false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    page,
    context,
    pageErrors,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

/** A zh-CN browser at `viewport` (a phone at PHONE), signed in as `account`, or as nobody with null. */
export async function browserAs(
  executablePath: string,
  baseUrl: string,
  account: { email: string; password: string } | null,
  viewport = DESKTOP,
): Promise<BrowserSession> {
  const browser = await openBrowser(executablePath, {
    locale: 'zh-CN',
    viewport,
    isMobile: viewport === PHONE,
  });
  if (account) await signIn(browser.page, baseUrl, account.email, account.password);
  return browser;
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** reports/e2e/<name>, the folder created if needed. */
export function screenshotPath(name: string): string {
  const dir = fileURLToPath(new URL('../../reports/e2e', import.meta.url));
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/**
 * A full-page screenshot in reports/e2e that shows the page itself: no passing toast, and the sticky
 * header only at the top.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: screenshotPath(name),
    fullPage: true,
    animations: 'disabled',
    style: '.ant-message { display: none !important; } .app-header { position: static !important; }',
  });
}

/** Antd's `md` breakpoint: below it the header's sections move into a drawer behind `header-menu`. */
const MD_BREAKPOINT = 768;
/** Animation frames the document's width must hold before it counts as laid out (~170 ms at 60 Hz). */
const STABLE_FRAMES = 10;
/** A width still changing after this long is a page that never settles: an error, not a measurement. */
const SETTLE_TIMEOUT_MS = 5_000;

/**
 * Resizes the viewport and waits until the page has followed: the header is in its layout for the new
 * width (components reading `Grid.useBreakpoint` re-render after a matchMedia event, frames after the
 * resize — measuring before that saw the desktop layout, 581 px wide at 375) and the document's width
 * has stopped changing.
 */
export async function resizeViewport(page: Page, viewport: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(viewport);
  await page
    .getByTestId('header-menu')
    .waitFor({ state: viewport.width < MD_BREAKPOINT ? 'visible' : 'hidden' });
  await documentWidth(page);
}

/**
 * The document's width in CSS pixels once it has held for a few animation frames: wider than the viewport
 * means the page scrolls sideways. Waiting for it to settle is not leniency: a page that really overflows
 * settles at its overflowing width and the caller's check fails; one that never settles is an error.
 */
export function documentWidth(page: Page): Promise<number> {
  // A string, because the tests are type-checked without the DOM library; evaluated as a whole (not
  // polled like waitForFunction's strings, which the page's CSP refuses to eval).
  return page.evaluate<number>(`new Promise((done, fail) => {
    const giveUpAt = performance.now() + ${SETTLE_TIMEOUT_MS};
    let width = -1;
    let frames = 0;
    const measure = () => {
      const now = document.documentElement.scrollWidth;
      frames = now === width ? frames + 1 : 0;
      width = now;
      if (frames >= ${STABLE_FRAMES}) done(width);
      else if (performance.now() > giveUpAt) fail(new Error('the page width kept changing: ' + width));
      else requestAnimationFrame(measure);
    };
    requestAnimationFrame(measure);
  })`);
}
