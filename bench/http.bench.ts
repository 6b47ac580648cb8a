import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { createUser, hashPassword } from '../src/server/modules/accounts/index.js';
import { TestClient } from '../tests/helpers/client.js';
import { measure, openBenchApp, report } from './harness.js';

/**
 * The cost of the platform around a handler: `GET /api/v1/me` through the whole stack (locale, rate
 * limit, session lookup, roles, CSRF cookie, zod serialization, metrics) against a bare Fastify route that
 * returns the same JSON, both through `inject` (no sockets), 8 callers each.
 */
export async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-bench-'));
  const { kameng, close } = await openBenchApp(dataDir);
  const passwordHash = await hashPassword('bench passphrase');
  await kameng.ctx.transact((trx) =>
    createUser(trx, new Date(), {
      email: 'bench@example.com',
      passwordHash,
      displayName: 'Bench',
      locale: 'zh-CN',
      roles: ['buyer'],
      emailVerified: true,
      reason: 'bench',
    }),
  );
  const client = new TestClient(kameng.app);
  await client.login('bench@example.com', 'bench passphrase');
  const me = (await client.get('/api/v1/me')).body;

  const bare = Fastify();
  bare.get('/api/v1/me', () => me);
  await bare.ready();
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');

  const options = { concurrency: 8 };
  const measurement = await measure(
    'GET /api/v1/me (full stack, SQLite)',
    () => kameng.app.inject({ url: '/api/v1/me', headers: { cookie } }),
    options,
  );
  const baseline = await measure(
    'bare Fastify route, same JSON',
    () => bare.inject({ url: '/api/v1/me' }),
    options,
  );
  report('http', [{ measurement, baseline }]);

  await bare.close();
  await close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
