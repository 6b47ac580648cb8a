import { expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.js';
import { useTestApp } from '../helpers/test-app.js';
import type { TestClient, TestResponse } from '../helpers/client.js';

/**
 * Bad input on every route, as a user holding every role (so access control lets it through to
 * validation): the answer is always a 4xx problem+json with a code, never a 500 and never a stack.
 */
const ONE_MB = 'x'.repeat(1_000_000);

const GARBAGE_BODIES: Array<[string, string]> = [
  ['malformed JSON', '{"email": '],
  ['JSON null', 'null'],
  ['a bare number', '42'],
  ['a string', '"hello"'],
  ['an array', '[1,2,3]'],
  [
    'wrong types',
    JSON.stringify({
      email: 12,
      password: ['x'],
      code: { a: 1 },
      status: true,
      roles: 'admin',
      verificationId: 7,
      reason: null,
      displayName: 3,
      locale: 5,
      resetId: [],
      newPassword: {},
    }),
  ],
  ['unknown fields only', JSON.stringify({ zzz: 1, __proto__: { isAdmin: true } })],
  ['a 1 MB string', JSON.stringify({ email: ONE_MB })],
  ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['prototype pollution', '{"constructor":{"prototype":{"polluted":true}},"__proto__":{"polluted":true}}'],
];

const GARBAGE_QUERIES = [
  '?limit=abc',
  '?limit=-5',
  '?limit=1000000',
  '?cursor=%E0%A4%A',
  `?cursor=${'z'.repeat(5000)}`,
  '?q[]=1&q[]=2',
  '?limit=1&limit=2',
];

function fill(url: string, value: string): string {
  return url.replace(/:(\w+)/g, value);
}

function expectProblem(response: TestResponse, what: string): void {
  expect(response.status, `${what}: ${response.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, what).toBeLessThan(500);
  expect(String(response.headers['content-type']), what).toContain('application/problem+json');
  const body = response.body as { code?: unknown; stack?: unknown };
  expect(typeof body.code, what).toBe('string');
  expect(response.text, what).not.toMatch(/\bat .+\.(ts|js):\d+/);
}

describeEachDialect('garbage in, problem+json out', (dialect) => {
  const app = useTestApp(dialect);
  let client: TestClient;

  it('prepares a caller with every role', async () => {
    const user = await app().seedUser({
      email: `root-${dialect}@example.com`,
      password: 'a long enough passphrase',
      roles: ['buyer', 'merchant', 'agent', 'admin', 'auditor'],
    });
    client = app().client();
    await client.login(user.email, user.password);
  });

  it('answers every garbage body on every state-changing route with a 4xx problem', async () => {
    const unsafe = app().kameng.routes.filter((r) => r.method !== 'GET');
    expect(unsafe.filter((r) => r.takesBody).length).toBeGreaterThan(5);
    for (const route of unsafe) {
      for (const [name, payload] of GARBAGE_BODIES) {
        // A route that takes no body accepts an empty one, which Fastify cannot tell from JSON null.
        if (!route.takesBody && name === 'JSON null') continue;
        const response = await client.request(
          route.method,
          fill(route.url, 'usr_01JD000000000000000000000A'),
          undefined,
          {
            payload,
            headers: { 'content-type': 'application/json' },
          },
        );
        expectProblem(response, `${route.method} ${route.url} with ${name}`);
      }
    }
  });

  it('answers garbage path parameters and query strings with a 4xx problem or ignores what a route does not read', async () => {
    for (const route of app().kameng.routes.filter((r) => r.method === 'GET')) {
      for (const query of GARBAGE_QUERIES) {
        const response = await client.get(fill(route.url, '..%2F..%2Fetc%2Fpasswd') + query);
        expect(response.status, `${route.url}${query}`).toBeLessThan(500);
        if (response.status >= 400) expectProblem(response, `${route.url}${query}`);
      }
    }
    // Routes that do read a query refuse bad values outright.
    for (const url of [
      '/api/v1/me/login-history?limit=abc',
      '/api/v1/admin/users?limit=0',
      '/api/v1/admin/audit-log?cursor=%25%25%25',
    ]) {
      expectProblem(await client.get(url), url);
    }
  });

  it('refuses a body on a route that takes none', async () => {
    const noBody = app().kameng.routes.filter((r) => r.method !== 'GET' && !r.takesBody);
    expect(noBody.map((r) => r.url)).toContain('/api/v1/auth/logout');
    expectProblem(await client.post('/api/v1/auth/logout', { logoutEveryone: true }), 'logout with a body');
  });

  it('still works after all that', async () => {
    expect((await client.get('/api/v1/me')).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
