import { expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.js';
import { useTestApp } from '../helpers/test-app.js';

interface Problem {
  code: string;
}

describeEachDialect('CSRF protection', (dialect) => {
  const app = useTestApp(dialect);

  async function signedIn() {
    const user = await app().seedUser({
      email: `csrf-${Math.random().toString(36).slice(2)}@example.com`,
      password: 'a long enough passphrase',
    });
    const client = app().client();
    await client.login(user.email, user.password);
    return client;
  }

  it('refuses a signed-in state change without the token', async () => {
    const client = await signedIn();
    const response = await client.patch<Problem>('/api/v1/me', { displayName: 'x y' }, { csrf: false });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('CSRF_TOKEN_INVALID');
  });

  it('refuses a token that is not the session token, even if it matches a cookie the attacker planted', async () => {
    const client = await signedIn();
    client.cookies.set('kameng_csrf', 'attacker-chosen');
    const response = await client.patch<Problem>(
      '/api/v1/me',
      { displayName: 'x y' },
      { headers: { 'x-csrf-token': 'attacker-chosen' } },
    );
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('CSRF_TOKEN_INVALID');
  });

  it('accepts the session token echoed in X-CSRF-Token', async () => {
    const client = await signedIn();
    const response = await client.patch('/api/v1/me', { displayName: 'ok name' });
    expect(response.status).toBe(200);
  });

  it('protects anonymous forms (login CSRF) with the double-submit cookie', async () => {
    const client = app().client();
    const noToken = await client.post<Problem>(
      '/api/v1/auth/login',
      { email: 'a@example.com', password: 'whatever x' },
      { csrf: false },
    );
    expect(noToken.body.code).toBe('CSRF_TOKEN_INVALID');
    const token = await client.get<{ csrfToken: string }>('/api/v1/auth/csrf');
    expect(token.body.csrfToken).toBe(client.cookies.get('kameng_csrf'));
    const withToken = await client.post<Problem>('/api/v1/auth/login', {
      email: 'a@example.com',
      password: 'whatever x',
    });
    expect(withToken.body.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('refuses state changes coming from another site even with a valid token', async () => {
    const client = await signedIn();
    const bySite = await client.patch<Problem>(
      '/api/v1/me',
      { displayName: 'x y' },
      { headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expect(bySite.body.code).toBe('CSRF_ORIGIN_REJECTED');
    const byOrigin = await client.patch<Problem>(
      '/api/v1/me',
      { displayName: 'x y' },
      { headers: { origin: 'https://evil.example' } },
    );
    expect(byOrigin.body.code).toBe('CSRF_ORIGIN_REJECTED');
    const sameOrigin = await client.patch(
      '/api/v1/me',
      { displayName: 'x y' },
      {
        headers: { origin: 'http://localhost:80', host: 'localhost:80', 'sec-fetch-site': 'same-origin' },
      },
    );
    expect(sameOrigin.status).toBe(200);
  });

  it('rotates the token at login and at logout', async () => {
    const user = await app().seedUser({
      email: `rot-${dialect}@example.com`,
      password: 'a long enough passphrase',
    });
    const client = app().client();
    await client.get('/api/v1/auth/csrf');
    const anonymous = client.cookies.get('kameng_csrf');
    await client.login(user.email, user.password);
    const session = client.cookies.get('kameng_csrf');
    expect(session).not.toBe(anonymous);
    await client.post('/api/v1/auth/logout');
    expect(client.cookies.get('kameng_csrf')).not.toBe(session);
  });
});
