import pino from 'pino';
import { buildApp } from '../server/app.js';
import type { Config } from '../server/config.js';
import { connectDatabase } from '../server/db/connect.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { createMailer } from '../server/modules/notifications/index.js';
import { createKeyRing, loadOrCreateMasterKey } from '../server/platform/crypto.js';
import { formatDemoLogins, seedDemo } from '../server/demo.js';
import {
  checkPassword,
  createUser,
  describePasswordProblem,
  findUserByEmail,
  hashPassword,
  normalizeEmail,
} from '../server/modules/accounts/index.js';
import { recordAudit } from '../server/platform/audit.js';
import { randomToken } from '../server/platform/crypto.js';
import { withContext } from './context.js';

const CLI_ACTOR = { type: 'system', id: 'cli' } as const;

export async function createAdmin(
  config: Config,
  options: { email: string; name: string; passwordEnv?: string | undefined },
): Promise<void> {
  const email = normalizeEmail(options.email);
  const given = options.passwordEnv ? process.env[options.passwordEnv] : undefined;
  if (options.passwordEnv && !given) throw new Error(`environment variable ${options.passwordEnv} is empty`);
  const password = given ?? `adm-${randomToken(15)}`;
  const problem = checkPassword(password, email);
  if (problem) throw new Error(`password not accepted: ${describePasswordProblem(problem, 'en')}`);

  await withContext(config, async (ctx) => {
    const existing = await findUserByEmail(ctx.db, email);
    const passwordHash = existing ? '' : await hashPassword(password);
    await ctx.transact(async (trx) => {
      const now = ctx.clock.now();
      if (existing) {
        await trx
          .insertInto('user_roles')
          .values({ user_id: existing.id, role: 'admin', granted_at: now.toISOString(), granted_by: null })
          .onConflict((oc) => oc.columns(['user_id', 'role']).doNothing())
          .execute();
      }
      const userId =
        existing?.id ??
        (await createUser(trx, now, {
          email,
          passwordHash,
          displayName: options.name,
          locale: 'zh-CN',
          roles: ['admin'],
          emailVerified: true,
          reason: 'admin_cli',
        }));
      await recordAudit(trx, now, {
        actor: CLI_ACTOR,
        action: existing ? 'user.roles.grant_admin' : 'user.create_admin',
        target: { type: 'user', id: userId },
        ip: null,
        summary: existing
          ? `granted admin to ${email} from the command line`
          : `created admin ${email} from the command line`,
      });
    });
    if (existing) {
      console.log(`${email} already exists: granted the admin role (password unchanged).`);
    } else {
      console.log(`created admin ${email}`);
      if (!given) console.log(`password: ${password}\n(shown once: store it now)`);
    }
  });
}

export async function runDemoSeed(config: Config): Promise<void> {
  // The demo's shops and orders are made through the API, so this needs the whole app (not listening).
  const database = connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const log = pino({ level: 'warn' });
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log });
  try {
    await migrateToLatest(database.db);
    const kameng = await buildApp({
      // The demo's wallets are topped up through the sandbox (unless the operator turned it off).
      config: { ...config, sandboxPayments: config.sandboxPayments ?? true },
      database,
      keys: createKeyRing(loadOrCreateMasterKey(config.dataDir, config.masterKey).key),
      mailer,
      logger: log,
    });
    try {
      const created = await seedDemo(kameng);
      console.log(
        created.length > 0
          ? formatDemoLogins(created, `http://${config.host}:${config.port}`, config.dataDir)
          : `the demo accounts exist already (logins in ${config.dataDir}/demo-logins.txt)`,
      );
    } finally {
      await kameng.app.close();
    }
  } finally {
    mailer.close();
    await database.close();
  }
}
