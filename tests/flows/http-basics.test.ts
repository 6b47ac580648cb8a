import { expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/server/db/migrations/index.js';
import { describeEachDialect } from '../helpers/databases.js';
import { useTestApp } from '../helpers/test-app.js';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors?: Array<{ location: string; path: string; code: string; message: string }>;
}

describeEachDialect('HTTP basics', (dialect) => {
  const app = useTestApp(dialect);

  it('reports health with the database reachable and the schema version', async () => {
    const response = await app().client().get<{
      status: string;
      database: { dialect: string; reachable: boolean };
      schema: { version: string; pending: string[] };
    }>('/api/health');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.database).toMatchObject({ dialect, reachable: true });
    expect(response.body.schema.version).toBe(Object.keys(MIGRATIONS).at(-1));
    expect(response.body.schema.pending).toEqual([]);
  });

  it('serves Prometheus metrics with request counts and latency by route and status', async () => {
    const client = app().client();
    await client.get('/api/v1/me');
    await client.get('/api/v1/shop');
    const response = await client.get('/api/metrics');
    expect(response.status).toBe(200);
    expect(String(response.headers['content-type'])).toContain('text/plain');
    expect(response.text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/v1\/me",status="401"\} \d+/,
    );
    expect(response.text).toMatch(
      /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/v1\/shop",status="200"\} \d+/,
    );
  });

  it('labels unknown URLs as unmatched so metrics cannot explode in cardinality', async () => {
    const client = app().client();
    await client.get('/api/v1/no-such-thing-12345');
    const response = await client.get('/api/metrics');
    expect(response.text).not.toContain('no-such-thing-12345');
    expect(response.text).toMatch(/route="unmatched",status="404"/);
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas', async () => {
    const response = await app()
      .client()
      .get<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> }>(
        '/api/openapi.json',
      );
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/me', '/api/health']),
    );
    expect(JSON.stringify(response.body.paths['/api/v1/auth/register']?.post?.requestBody)).toContain(
      'password',
    );
  });

  it('documents the merchant API with examples a shop can copy', async () => {
    const { body } = await app()
      .client()
      .get<{ paths: Record<string, Record<string, { requestBody?: unknown; responses?: unknown }>> }>(
        '/api/openapi.json',
      );
    const example = (path: string, part: 'requestBody' | 'responses') =>
      JSON.stringify(body.paths[path]?.post?.[part] ?? null);
    expect(example('/api/v1/merchant/products/{productId}/keys', 'requestBody')).toContain('WZRY60-7F3A');
    expect(example('/api/v1/merchant/products/{productId}/keys', 'responses')).toContain('in_stock');
    expect(example('/api/v1/merchant/orders/{orderId}/deliver', 'requestBody')).toContain('充值流水号');
    expect(example('/api/v1/merchant/api-keys', 'requestBody')).toContain('orders:fulfil');
  });

  it('serves the API docs viewer', async () => {
    const response = await app().client().get('/api/docs/');
    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger');
  });

  it('answers unknown routes with problem+json, never a stack trace', async () => {
    const response = await app().client().get<Problem>('/api/v1/nowhere');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND', type: '/api/problems/NOT_FOUND' });
    expect(response.body.requestId).toMatch(/^req_/);
  });

  it('writes detail in the language the client asks for', async () => {
    const zh = await app().client({ locale: 'zh-CN,zh;q=0.9' }).get<Problem>('/api/v1/me');
    const en = await app().client({ locale: 'en-US,en;q=0.8' }).get<Problem>('/api/v1/me');
    expect(zh.body.detail).toBe('请先登录。');
    expect(zh.headers['content-language']).toBe('zh-CN');
    expect(en.body.detail).toBe('Please sign in first.');
    expect(en.headers['content-language']).toBe('en');
  });

  it('rejects malformed JSON with MALFORMED_JSON', async () => {
    const response = await app()
      .client()
      .post<Problem>('/api/v1/auth/login', undefined, {
        payload: '{"email": "a@b.c", ',
        headers: { 'content-type': 'application/json' },
      });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('MALFORMED_JSON');
  });

  it('rejects an empty JSON body with MALFORMED_JSON', async () => {
    const response = await app()
      .client()
      .post<Problem>('/api/v1/auth/login', undefined, {
        payload: '',
        headers: { 'content-type': 'application/json' },
      });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('MALFORMED_JSON');
  });

  it('refuses non-JSON bodies with 415, which also keeps cross-site forms out', async () => {
    const client = app().client();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await client.post<Problem>('/api/v1/auth/login', undefined, {
        payload: 'email=a@b.c&password=x',
        headers: { 'content-type': type },
      });
      expect(response.status, type).toBe(415);
      expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('refuses bodies over 64 KiB with 413', async () => {
    const response = await app()
      .client()
      .post<Problem>('/api/v1/auth/login', { email: 'a@b.c', password: 'x'.repeat(70_000) });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('explains each invalid field, localized, without echoing the input', async () => {
    const secret = 'my-secret-password-value';
    const response = await app()
      .client({ locale: 'en' })
      .post<Problem>('/api/v1/auth/register', { email: 'not-an-email', password: 7, extra: secret });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const paths = response.body.errors?.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'password', '']));
    expect(response.body.errors?.find((e) => e.path === 'password')?.message).toContain(
      'expected string, received number',
    );
    expect(response.text).not.toContain(secret);

    const zh = await app()
      .client()
      .post<Problem>('/api/v1/auth/register', { email: 'not-an-email', password: 7 });
    expect(zh.body.errors?.find((e) => e.path === 'password')?.message).toContain('期望');
  });

  it('lists the error catalogue, and each problem type resolves to its entry', async () => {
    const client = app().client();
    const list = await client.get<Array<{ code: string; status: number }>>('/api/problems');
    expect(list.body.map((p) => p.code)).toEqual(
      expect.arrayContaining(['AUTH_REQUIRED', 'AUTH_INVALID_CREDENTIALS', 'INTERNAL_ERROR']),
    );
    const one = await client.get<{ code: string; status: number }>('/api/problems/AUTH_LOGIN_THROTTLED');
    expect(one.body).toMatchObject({ code: 'AUTH_LOGIN_THROTTLED', status: 429 });
  });

  it('tells the web app the shop name and languages', async () => {
    const response = await app()
      .client()
      .get<{ name: string; locales: string[]; defaultLocale: string }>('/api/v1/shop');
    expect(response.body).toMatchObject({ locales: ['zh-CN', 'en'], defaultLocale: 'zh-CN' });
    expect(response.body.name.length).toBeGreaterThan(0);
  });

  it('sets security headers on every response', async () => {
    const response = await app().client().get('/api/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(String(response.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });
});
