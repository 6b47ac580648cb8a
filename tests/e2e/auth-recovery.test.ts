import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { codeFrom } from '../helpers/smtp.js';
import { openBrowser, seedUser, startKameng, type Kameng } from './harness.js';

const chromiumPath = inject('chromium');
const DESKTOP = { width: 1280, height: 900 };
const PASSWORD = 'Lantern-harbour-58!';

describe.skipIf(!chromiumPath)('signing in when things go wrong, in Chromium', () => {
  let kameng: Kameng;
  let baseUrl: string;

  beforeAll(async () => {
    kameng = await startKameng();
    baseUrl = kameng.server.url;
  });

  afterAll(async () => {
    await kameng?.close();
  });

  it("shows the server's own explanation for a wrong password, a weak password and a wrong code", async () => {
    const email = `mistakes-${Date.now()}@example.com`;
    await seedUser(kameng, { email, password: PASSWORD, displayName: 'Careless', roles: ['buyer'] });
    const browser = await openBrowser(chromiumPath, { locale: 'en-US', viewport: DESKTOP });
    const { page } = browser;
    try {
      await page.goto(`${baseUrl}/login`);
      await page.getByTestId('lang-en').click();
      await page.getByTestId('login-email').fill(email);
      await page.getByTestId('login-password').fill('not-my-password');
      await page.getByTestId('login-submit').click();
      expect(await page.getByTestId('login-error').innerText()).toContain('Email or password is incorrect.');

      await page.goto(`${baseUrl}/register`);
      const newcomer = `newcomer-${Date.now()}@example.com`;
      await page.getByTestId('register-email').fill(newcomer);
      await page.getByTestId('register-password').fill('password123');
      await page.getByTestId('register-password-confirm').fill('password123');
      await page.getByTestId('register-submit').click();
      await page.getByText('Password not accepted:').waitFor();
      expect(page.url()).toMatch(/\/register$/);

      await page.getByTestId('register-password').fill('Quiet-river-stone-7');
      await page.getByTestId('register-password-confirm').fill('Quiet-river-stone-7');
      await page.getByTestId('register-submit').click();
      await page.waitForURL('**/verify-email');
      const code = codeFrom(await kameng.smtp.waitFor(newcomer));
      const wrongCode = code === '000000' ? '111111' : '000000';
      await page.getByTestId('verify-code').fill(wrongCode);
      await page.getByTestId('verify-submit').click();
      expect(await page.getByTestId('verify-error').innerText()).toContain(
        'The code is wrong or has expired.',
      );
      expect(await page.getByTestId('verify-remaining').innerText()).toBe('Attempts left: 4.');
      expect(await page.getByTestId('verify-resend').isDisabled()).toBe(true);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('resets a forgotten password with an emailed code, and a sign-in asked for by a page returns to it', async () => {
    const email = `forgetful-${Date.now()}@example.com`;
    const newPassword = 'Copper-kettle-whistles-3';
    await seedUser(kameng, { email, password: PASSWORD, displayName: '健忘的人', roles: ['buyer'] });
    const browser = await openBrowser(chromiumPath, { locale: 'zh-CN', viewport: DESKTOP });
    const { page } = browser;
    try {
      await page.goto(`${baseUrl}/account`);
      await page.waitForURL('**/login?next=%2Faccount');
      await page.getByTestId('login-forgot').click();
      await page.getByTestId('forgot-email').fill(email);
      await page.getByTestId('forgot-send').click();
      await page.getByTestId('forgot-sent-to').waitFor();

      const code = codeFrom(await kameng.smtp.waitFor(email));
      await page.getByTestId('forgot-code').fill(code);
      await page.getByTestId('forgot-new-password').fill(newPassword);
      await page.getByTestId('forgot-new-password-confirm').fill(newPassword);
      await page.getByTestId('forgot-submit').click();
      await page.waitForURL('**/login');
      expect(await page.getByTestId('login-notice').innerText()).toBe('密码已重置，请使用新密码登录。');
      expect(await page.getByTestId('login-email').inputValue()).toBe(email);

      await page.getByTestId('login-password').fill(newPassword);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('header-user').waitFor();

      await page.goto(`${baseUrl}/login?next=%2Faccount`);
      await page.getByTestId('login-email').fill(email);
      await page.getByTestId('login-password').fill(newPassword);
      await page.getByTestId('login-submit').click();
      await page.waitForURL('**/account');
      expect(await page.getByTestId('account-email').innerText()).toBe(email);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
