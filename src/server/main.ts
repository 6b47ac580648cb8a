import fs from 'node:fs';
import pino from 'pino';
import { buildApp, type AppDeps, type KamengApp } from './app.js';
import type { Config } from './config.js';
import { connectDatabase, type DatabaseHandle } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { formatDemoLogins, readDemoLogins, seedDemo } from './demo.js';
import { countUsers } from './modules/accounts/index.js';
import { createMailer, type Mailer } from './modules/notifications/index.js';
import { createKeyRing, loadOrCreateMasterKey } from './platform/crypto.js';

/**
 * Process entry: config → database → migrate → app → listen → job runner, and the reverse on SIGTERM or
 * SIGINT: stop accepting, let in-flight requests and jobs finish, close the database.
 */
export interface RunningServer {
  readonly kameng: KamengApp;
  readonly database: DatabaseHandle;
  readonly url: string;
  /** Graceful stop; resolves when everything is closed. Safe to call twice. */
  shutdown(reason: string): Promise<void>;
}

export interface StartOptions {
  config: Config;
  demo: boolean;
  /** Print the banner and demo logins to stdout (the CLI); tests leave it off. */
  announce?: boolean;
  /** Install SIGTERM/SIGINT handlers that shut down and exit (the CLI). */
  handleSignals?: boolean;
  extend?: AppDeps['extend'];
  mailer?: Mailer;
}

export function createLogger(config: Config): pino.Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'kameng' },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
      ],
      censor: '[redacted]',
    },
  });
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  // The demo's sandbox payments are on unless the operator said otherwise; a live shop's are off.
  const config = { ...options.config, sandboxPayments: options.config.sandboxPayments ?? options.demo };
  const log = createLogger(config);
  fs.mkdirSync(config.dataDir, { recursive: true });

  const masterKey = loadOrCreateMasterKey(config.dataDir, config.masterKey);
  if (masterKey.origin === 'generated') {
    log.warn(
      { file: masterKey.file },
      'Generated a new master key. BACK UP THIS FILE: without it, encrypted data (card keys, credentials) is lost. With several instances, set KAMENG_MASTER_KEY to the same value on all of them.',
    );
  }

  const database = connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrateToLatest(database.db);
  log.info({ dialect: database.dialect, location: database.location, applied }, 'database ready');

  const mailer = options.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log });
  const kameng = await buildApp({
    config,
    database,
    keys: createKeyRing(masterKey.key),
    mailer,
    logger: log,
    ...(options.extend ? { extend: options.extend } : {}),
  });

  // Demo data goes into an empty shop only: once real accounts exist, `npm start` never adds demo ones.
  const demoCreated = options.demo && (await countUsers(kameng.ctx.db)) === 0 ? await seedDemo(kameng) : [];
  await kameng.app.listen({ port: config.port, host: config.host });
  const address = kameng.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  if (config.jobsEnabled) kameng.jobs.start();

  if (options.announce) {
    const logins = demoCreated.length > 0 ? demoCreated : options.demo ? readDemoLogins(config.dataDir) : [];
    process.stdout.write(
      logins.length > 0 ? formatDemoLogins(logins, url, config.dataDir) : `\n  Kameng: ${url}\n\n`,
    );
  }

  let closing: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    closing ??= (async () => {
      log.info({ reason }, 'shutting down: no new requests, finishing in-flight work');
      await kameng.app.close();
      await database.close();
      mailer.close();
      log.info('shutdown complete');
    })();
    return closing;
  };

  if (options.handleSignals) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        // A stuck request must not keep the process alive forever.
        setTimeout(() => process.exit(1), 30_000).unref();
        shutdown(signal).then(
          () => process.exit(0),
          (error: unknown) => {
            log.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      });
    }
  }

  return { kameng, database, url, shutdown };
}
