import { expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.js';
import { useTestApp } from '../helpers/test-app.js';

interface Problem {
  code: string;
  detail: string;
  status: number;
}
interface HistoryPage {
  items: Array<{ id: string; at: string; ip: string; userAgent: string | null; result: string }>;
  nextCursor: string | null;
}

describeEachDialect('login, sessions and throttling', (dialect) => {
  const app = useTestApp(dialect);
  let counter = 0;
  const seed = () =>
    app().seedUser({
      email: `login${++counter}-${dialect}@example.com`,
      password: 'a perfectly fine passphrase',
    });

  it('signs in with a session cookie that is HttpOnly, SameSite=Lax and bounded to 12 hours', async () => {
    const user = await seed();
    const client = app().client();
    const response = await client.post<{ status: string; user: { email: string }; csrfToken: string }>(
      '/api/v1/auth/login',
      {
        email: user.email.toUpperCase(),
        password: user.password,
      },
    );
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('signed_in');
    expect(response.body.user.email).toBe(user.email);
    const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    const session = setCookie.find((c) => c.startsWith('kameng_session='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Max-Age=43200/);
    expect(session).not.toMatch(/Secure/);
    const csrf = setCookie.find((c) => c.startsWith('kameng_csrf='));
    expect(csrf).not.toMatch(/HttpOnly/);
    expect(client.cookies.get('kameng_csrf')).toBe(response.body.csrfToken);
    expect((await client.get('/api/v1/me')).status).toBe(200);
  });

  it('marks cookies Secure when the request came over TLS through a trusted proxy', async () => {
    const { createTestApp } = await import('../helpers/test-app.js');
    const proxied = await createTestApp(dialect, { config: { KAMENG_TRUST_PROXY: 'true' } });
    try {
      const user = await proxied.seedUser({
        email: 'tls@example.com',
        password: 'a perfectly fine passphrase',
      });
      const response = await proxied.client().post(
        '/api/v1/auth/login',
        { email: user.email, password: user.password },
        {
          headers: { 'x-forwarded-proto': 'https' },
        },
      );
      const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
      expect(setCookie.find((c) => c.startsWith('kameng_session='))).toMatch(/Secure/);
    } finally {
      await proxied.close();
    }
  });

  it('tells a page who is signed in without an error when nobody is', async () => {
    const user = await seed();
    const client = app().client();
    const before = await client.get<{ user: null }>('/api/v1/auth/session');
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ user: null });
    await client.login(user.email, user.password);
    const after = await client.get<{ user: { email: string } }>('/api/v1/auth/session');
    expect(after.body.user.email).toBe(user.email);
  });

  it('never stores the session token itself', async () => {
    const user = await seed();
    const client = app().client();
    await client.login(user.email, user.password);
    const token = client.cookies.get('kameng_session')!;
    const rows = await app().database.handle.db.selectFrom('sessions').select(['token_hash']).execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(token.length).toBeGreaterThanOrEqual(43);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const user = await seed();
    const client = app().client();
    const unknown = await client.post<Problem>('/api/v1/auth/login', {
      email: 'nobody-here@example.com',
      password: user.password,
    });
    const wrong = await client.post<Problem>('/api/v1/auth/login', {
      email: user.email,
      password: 'not the password',
    });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('rotates the session at login and revokes the one the browser held before', async () => {
    const first = await seed();
    const second = await seed();
    const client = app().client();
    await client.login(first.email, first.password);
    const before = client.cookies.get('kameng_session')!;
    await client.login(second.email, second.password);
    const after = client.cookies.get('kameng_session')!;
    expect(after).not.toBe(before);
    const stale = app().client();
    stale.cookies.set('kameng_session', before);
    expect((await stale.get('/api/v1/me')).status).toBe(401);
    const revoked = await app()
      .database.handle.db.selectFrom('sessions')
      .select(['revoked_reason'])
      .where('user_id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(revoked.revoked_reason).toBe('replaced_at_login');
  });

  it('ends the session after 30 minutes idle, and keeps it alive while used', async () => {
    const user = await seed();
    const client = app().client();
    await client.login(user.email, user.password);
    for (let i = 0; i < 4; i++) {
      app().clock.advance(25 * 60_000);
      expect((await client.get('/api/v1/me')).status, `after ${(i + 1) * 25} minutes of activity`).toBe(200);
    }
    app().clock.advance(30 * 60_000 + 1000);
    const expired = await client.get<Problem>('/api/v1/me');
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('AUTH_REQUIRED');
    expect(client.cookies.has('kameng_session')).toBe(false);
  });

  it('ends the session after 12 hours however active it is', async () => {
    const user = await seed();
    const client = app().client();
    await client.login(user.email, user.password);
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      app().clock.advance(20 * 60_000);
      expect((await client.get('/api/v1/me')).status).toBe(200);
    }
    app().clock.advance(21 * 60_000);
    expect((await client.get('/api/v1/me')).status).toBe(401);
  });

  it('signs out: the cookie is cleared and the old token is dead', async () => {
    const user = await seed();
    const client = app().client();
    await client.login(user.email, user.password);
    const token = client.cookies.get('kameng_session')!;
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
    expect(client.cookies.has('kameng_session')).toBe(false);
    const replay = app().client();
    replay.cookies.set('kameng_session', token);
    expect((await replay.get('/api/v1/me')).status).toBe(401);
  });

  it('throttles an account after 5 wrong passwords with Retry-After, even for the right password', async () => {
    const user = await seed();
    const client = app().client({ ip: '198.51.100.7' });
    for (let i = 0; i < 5; i++) {
      expect(
        (await client.post('/api/v1/auth/login', { email: user.email, password: `wrong ${i}` })).status,
      ).toBe(401);
    }
    const throttled = await client.post<Problem>('/api/v1/auth/login', {
      email: user.email,
      password: user.password,
    });
    expect(throttled.status).toBe(429);
    expect(throttled.body.code).toBe('AUTH_LOGIN_THROTTLED');
    const retryAfter = Number(throttled.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    app().clock.advance(retryAfter * 1000);
    expect(
      (await client.post('/api/v1/auth/login', { email: user.email, password: user.password })).status,
    ).toBe(200);
  });

  it('throttles 20 wrong passwords in a row from one IP across many accounts', async () => {
    const client = app().client({ ip: '192.0.2.99' });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const response = await client.post('/api/v1/auth/login', {
        email: `spray${i}-${dialect}@example.com`,
        password: 'guess guess guess',
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    // Another IP is not affected.
    const user = await seed();
    await app().client({ ip: '192.0.2.100' }).login(user.email, user.password);
  });

  it('does not let a burst of concurrent guesses get past the account limit', async () => {
    const user = await seed();
    const client = app().client({ ip: '198.51.100.20' });
    const responses = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        client.post('/api/v1/auth/login', { email: user.email, password: `guess ${i}` }),
      ),
    );
    const checked = responses.filter((r) => r.status === 401).length;
    const throttled = responses.filter((r) => r.status === 429).length;
    expect(checked).toBe(5);
    expect(throttled).toBe(10);
  });

  it('a successful login resets the account failure count', async () => {
    const user = await seed();
    const client = app().client({ ip: '198.51.100.30' });
    for (let i = 0; i < 4; i++)
      await client.post('/api/v1/auth/login', { email: user.email, password: 'nope nope' });
    await client.login(user.email, user.password);
    for (let i = 0; i < 4; i++) {
      expect(
        (await client.post('/api/v1/auth/login', { email: user.email, password: 'nope nope' })).status,
      ).toBe(401);
    }
  });

  it('shows the user their login history: time, IP, device and result, newest first, paged', async () => {
    const user = await seed();
    const browser = app().client({ ip: '203.0.113.5' });
    await browser.post(
      '/api/v1/auth/login',
      { email: user.email, password: 'wrong wrong' },
      { headers: { 'user-agent': 'Mozilla/5.0 (iPhone)' } },
    );
    app().clock.advance(1000);
    await browser.post(
      '/api/v1/auth/login',
      { email: user.email, password: user.password },
      { headers: { 'user-agent': 'Mozilla/5.0 (iPhone)' } },
    );
    const page = await browser.get<HistoryPage>('/api/v1/me/login-history', { query: { limit: '1' } });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0]).toMatchObject({
      ip: '203.0.113.5',
      userAgent: 'Mozilla/5.0 (iPhone)',
      result: 'success',
    });
    const next = await browser.get<HistoryPage>('/api/v1/me/login-history', {
      query: { limit: '1', cursor: page.body.nextCursor! },
    });
    expect(next.body.items[0]).toMatchObject({ result: 'bad_credentials' });
    expect(next.body.nextCursor).toBeNull();
  });

  it('refuses a disabled account after checking the password, and records why', async () => {
    const user = await seed();
    await app()
      .database.handle.db.updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', user.id)
      .execute();
    const response = await app()
      .client()
      .post<Problem>('/api/v1/auth/login', { email: user.email, password: user.password });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('AUTH_ACCOUNT_DISABLED');
    const wrong = await app()
      .client()
      .post<Problem>('/api/v1/auth/login', { email: user.email, password: 'not it at all' });
    expect(wrong.body.code).toBe('AUTH_INVALID_CREDENTIALS');
    const results = await app()
      .database.handle.db.selectFrom('login_attempts')
      .select('result')
      .where('user_id', '=', user.id)
      .orderBy('id')
      .execute();
    expect(results.map((r) => r.result)).toEqual(['disabled', 'bad_credentials']);
  });

  it('deletes sessions a month after they ended and codes a week after they were made, once a day', async () => {
    const user = await seed();
    await app().client().login(user.email, user.password);
    await app().client().post('/api/v1/auth/password-reset', { email: user.email });
    const db = app().database.handle.db;
    const count = async (table: 'sessions' | 'email_challenges') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = { sessions: await count('sessions'), challenges: await count('email_challenges') };
    expect(before.sessions).toBeGreaterThan(0);
    app().clock.advance(12 * 3_600_000 + 31 * 86_400_000);
    await app().deliverPendingWork();
    expect(await count('sessions')).toBe(0);
    expect(await count('email_challenges')).toBe(0);
  });

  it('lets a user change their display name and language', async () => {
    const user = await seed();
    const client = app().client();
    await client.login(user.email, user.password);
    const updated = await client.patch<{ displayName: string; locale: string }>('/api/v1/me', {
      displayName: '  新名字 ',
      locale: 'en',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ displayName: '新名字', locale: 'en' });
    expect((await client.patch<Problem>('/api/v1/me', {})).status).toBe(400);
  });
});
