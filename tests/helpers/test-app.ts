import { afterAll, beforeAll } from 'vitest';
import { buildApp, type AppDeps, type KamengApp } from '../../src/server/app.js';
import { loadConfig, type Config } from '../../src/server/config.js';
import type { Dialect } from '../../src/server/db/connect.js';
import { createMailer } from '../../src/server/modules/notifications/index.js';
import { createUser, hashPassword } from '../../src/server/modules/accounts/index.js';
import { ManualClock } from '../../src/server/platform/clock.js';
import { createKeyRing } from '../../src/server/platform/crypto.js';
import type { Role } from '../../src/common/roles.js';
import { TestClient } from './client.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { startSmtpCapture, type SmtpCapture } from './smtp.js';
import { randomBytes } from 'node:crypto';
import pino from 'pino';

/**
 * The whole application on a fresh database of the given engine, with a manual clock and a real SMTP
 * server capturing its mail. Jobs do not run by themselves: `deliverPendingWork()` runs what is due.
 */
export interface TestApp {
  readonly kameng: KamengApp;
  readonly database: TestDatabase;
  readonly clock: ManualClock;
  readonly smtp: SmtpCapture;
  readonly config: Config;
  client(options?: { ip?: string; locale?: string }): TestClient;
  /** Runs every due job (the outbox included) until none is left. */
  deliverPendingWork(): Promise<number>;
  /** Creates a verified account directly (no email round trip). */
  seedUser(input: {
    email: string;
    password?: string;
    roles?: Role[];
    displayName?: string;
  }): Promise<SeededUser>;
  close(): Promise<void>;
}

export interface SeededUser {
  id: string;
  email: string;
  password: string;
}

export interface TestAppOptions {
  config?: Record<string, string>;
  clockStart?: string;
  extend?: AppDeps['extend'];
  logLevel?: string;
}

export async function createTestApp(dialect: Dialect, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const smtp = await startSmtpCapture();
  const config = loadConfig({
    KAMENG_DATA_DIR: database.dataDir,
    SMTP_URL: smtp.url,
    KAMENG_RATE_LIMIT_PER_MINUTE: '100000',
    // The flows pay through the built-in sandbox; a live shop leaves it off (PAYMENTS.md).
    KAMENG_SANDBOX_PAYMENTS: 'true',
    KAMENG_LOG_LEVEL: options.logLevel ?? 'silent',
    ...options.config,
  });
  const clock = new ManualClock(options.clockStart ?? '2026-11-22T08:00:00.000Z');
  const logger = pino({ level: config.logLevel });
  const mailer = createMailer({ smtpUrl: smtp.url, from: config.mailFrom, log: logger });
  const kameng = await buildApp({
    config,
    database: database.handle,
    keys: createKeyRing(randomBytes(32)),
    mailer,
    clock,
    logger,
    webRoot: '/nonexistent-web-root',
    ...(options.extend ? { extend: options.extend } : {}),
  }).catch(async (error: unknown) => {
    mailer.close();
    await smtp.close();
    await database.destroy();
    throw error;
  });
  let seeded = 0;
  return {
    kameng,
    database,
    clock,
    smtp,
    config,
    client: (clientOptions) => new TestClient(kameng.app, clientOptions),
    deliverPendingWork: () => kameng.jobs.runDueJobs(),
    async seedUser(input) {
      const password = input.password ?? `pw-${randomBytes(8).toString('hex')}`;
      const passwordHash = await hashPassword(password);
      const id = await kameng.ctx.transact((trx) =>
        createUser(trx, clock.now(), {
          email: input.email,
          passwordHash,
          displayName: input.displayName ?? `user ${++seeded}`,
          locale: 'zh-CN',
          roles: input.roles ?? ['buyer'],
          emailVerified: true,
          reason: 'test_seed',
        }),
      );
      return { id, email: input.email, password };
    },
    async close() {
      await kameng.app.close();
      mailer.close();
      await smtp.close();
      await database.destroy();
    },
  };
}

/** One app per describe block: created before its tests, closed after. */
export function useTestApp(dialect: Dialect, options: TestAppOptions = {}): () => TestApp {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await createTestApp(dialect, options);
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error('the test app is not ready');
    return app;
  };
}
