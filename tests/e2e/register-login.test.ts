import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { codeFrom } from '../helpers/smtp.js';
import { openBrowser, screenshotPath, seedUser, signIn, startKameng, type Kameng } from './harness.js';

const chromiumPath = inject('chromium');
const DESKTOP = { width: 1280, height: 900 };

/** What each language must show; the other one is switched through first to prove the switch works. */
const LANGUAGES = [
  {
    lang: 'zh-CN',
    other: 'en',
    browserLocale: 'zh-CN',
    signInLabel: '登 录',
    otherSignInLabel: 'Sign in',
    registerLabel: '注册并发送验证码',
    successLabel: '成功',
    displayName: '测试用户',
  },
  {
    lang: 'en',
    other: 'zh-CN',
    browserLocale: 'en-US',
    signInLabel: 'Sign in',
    otherSignInLabel: '登 录',
    registerLabel: 'Sign up and send the code',
    successLabel: 'Succeeded',
    displayName: 'Test Buyer',
  },
] as const;

const PASSWORD = 'Lantern-harbour-58!';

describe.skipIf(!chromiumPath)('the web app in Chromium', () => {
  let kameng: Kameng;
  let baseUrl: string;

  beforeAll(async () => {
    kameng = await startKameng();
    baseUrl = kameng.server.url;
  });

  afterAll(async () => {
    await kameng?.close();
  });

  for (const language of LANGUAGES) {
    it(`registers, verifies the email, signs in and shows the account in ${language.lang}`, async () => {
      const browser = await openBrowser(chromiumPath, { locale: language.browserLocale, viewport: DESKTOP });
      const { page } = browser;
      try {
        await page.goto(`${baseUrl}/`);
        const languageSwitch = page.getByTestId('lang-switch');
        await languageSwitch.getByTestId(`lang-${language.other}`).click();
        expect(await page.getByTestId('header-login').innerText()).toBe(language.otherSignInLabel);
        await languageSwitch.getByTestId(`lang-${language.lang}`).click();
        expect(await page.getByTestId('header-login').innerText()).toBe(language.signInLabel);

        // A full page load keeps the chosen language (localStorage).
        await page.goto(`${baseUrl}/register`);
        expect(await page.getByTestId('register-submit').innerText()).toBe(language.registerLabel);

        const email = `e2e-${language.lang.toLowerCase()}-${Date.now()}@example.com`;
        await page.getByTestId('register-email').fill(email);
        await page.getByTestId('register-display-name').fill(language.displayName);
        await page.getByTestId('register-password').fill(PASSWORD);
        await page.getByTestId('register-password-confirm').fill(PASSWORD);
        await page.getByTestId('register-submit').click();
        await page.waitForURL('**/verify-email');

        const code = codeFrom(await kameng.smtp.waitFor(email));
        await page.getByTestId('verify-code').fill(code);
        await page.getByTestId('verify-submit').click();
        await page.waitForURL('**/login');
        await page.getByTestId('login-notice').waitFor();
        expect(await page.getByTestId('login-email').inputValue()).toBe(email);

        await page.getByTestId('login-password').fill(PASSWORD);
        await page.getByTestId('login-submit').click();
        await page.getByTestId('header-user').waitFor();
        expect(await page.getByTestId('header-user').innerText()).toContain(language.displayName);

        await page.getByTestId('header-user').click();
        await page.waitForURL('**/account');
        expect(await page.getByTestId('account-email').innerText()).toBe(email);
        expect(await page.getByTestId('account-display-name').innerText()).toContain(language.displayName);
        const success = page.getByTestId('login-history').getByTestId('login-result-success').first();
        await success.waitFor();
        expect(await success.innerText()).toBe(language.successLabel);

        await page.screenshot({
          path: screenshotPath(`account-${language.lang}.png`),
          fullPage: true,
          animations: 'disabled',
        });
        expect(browser.pageErrors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  }

  it('fits a 375 px wide phone without sideways scrolling', async () => {
    const admin = {
      email: `phone-${Date.now()}@example.com`,
      password: PASSWORD,
      displayName: 'Phone Admin',
    };
    await seedUser(kameng, { ...admin, roles: ['admin'] });
    const browser = await openBrowser(chromiumPath, {
      locale: 'zh-CN',
      viewport: { width: 375, height: 812 },
      isMobile: true,
    });
    const { page } = browser;
    // A string, because this file is type-checked without the DOM library.
    const pageWidth = () => page.evaluate<number>('document.documentElement.scrollWidth');
    try {
      await page.goto(`${baseUrl}/`);
      await page.getByTestId('home-title').waitFor();
      expect(await pageWidth()).toBeLessThanOrEqual(375);

      // The language switch stays in the header; links and session buttons fold into a drawer.
      await page.getByTestId('lang-en').click();
      await page.getByTestId('header-menu').click();
      await page.getByTestId('header-register').click();
      await page.waitForURL('**/register');
      await page.getByTestId('header-register').waitFor({ state: 'hidden' });
      expect(await page.getByTestId('register-submit').innerText()).toBe('Sign up and send the code');
      expect(await pageWidth()).toBeLessThanOrEqual(375);
      await page.screenshot({
        path: screenshotPath('mobile-register.png'),
        fullPage: true,
        animations: 'disabled',
      });

      // Wide tables scroll inside their card, never the page.
      await signIn(page, baseUrl, admin.email, admin.password);
      for (const [path, testId] of [
        ['/account', 'login-history'],
        ['/admin/users', 'admin-users-table'],
        ['/admin/audit-log', 'audit-log'],
        ['/no-such-page', 'not-found'],
      ] as const) {
        await page.goto(`${baseUrl}${path}`);
        await page.getByTestId(testId).waitFor();
        expect({ path, width: await pageWidth() }).toEqual({ path, width: 375 });
      }
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('opens the user admin to admins only, and lets an admin disable an account with a reason', async () => {
    const stamp = Date.now();
    const admin = { email: `admin-${stamp}@example.com`, password: PASSWORD, displayName: 'Admin' };
    const buyer = { email: `buyer-${stamp}@example.com`, password: PASSWORD, displayName: 'Buyer' };
    await seedUser(kameng, { ...admin, roles: ['admin'] });
    await seedUser(kameng, { ...buyer, roles: ['buyer'] });

    const browser = await openBrowser(chromiumPath, { locale: 'zh-CN', viewport: DESKTOP });
    const { page } = browser;
    try {
      await signIn(page, baseUrl, buyer.email, buyer.password);
      await page.goto(`${baseUrl}/admin/users`);
      await page.getByTestId('forbidden').waitFor();
      expect(await page.getByTestId('admin-users-table').count()).toBe(0);
      expect(await page.getByTestId('nav-admin-users').count()).toBe(0);

      await page.getByTestId('header-logout').click();
      await page.getByTestId('header-login').waitFor();
      await signIn(page, baseUrl, admin.email, admin.password);

      // Signed in, the language switch also saves the choice to the account.
      const saved = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH',
      );
      await page.getByTestId('lang-en').click();
      expect((await saved).status()).toBe(200);

      await page.getByTestId('nav-admin').click();
      await page.getByTestId('nav-admin-users').click();
      await page.waitForURL('**/admin/users');
      const emails = page.getByTestId('admin-users-table').getByTestId('admin-user-email');
      await emails.first().waitFor();
      expect(await emails.allInnerTexts()).toEqual(expect.arrayContaining([admin.email, buyer.email]));

      const buyerRow = page.getByRole('row').filter({ hasText: buyer.email });
      await buyerRow.getByRole('button', { name: 'Disable' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('admin-reason').fill('e2e: reported for fraud');
      await dialog.getByRole('button', { name: 'Disable' }).click();
      await buyerRow.getByText('Disabled', { exact: true }).waitFor();

      await page.getByTestId('nav-admin').click();
      await page.getByTestId('nav-audit-log').click();
      await page.getByTestId('audit-log').getByText('Account disabled').first().waitFor();
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
