#!/usr/bin/env node
import { Command, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../server/config.js';
import { connectDatabase } from '../server/db/connect.js';
import { migrateToLatest, schemaStatus } from '../server/db/migrate.js';
import { startServer } from '../server/main.js';
import { packageVersion } from '../server/platform/package-info.js';
import { createAdmin, runDemoSeed } from './commands.js';
import { runLedgerCheckpoint, runLedgerVerify, runProofVerify } from './ledger-commands.js';

/** `kameng`: the shop's command line. Configuration comes from the same environment variables as the server. */
const program = new Command()
  .name('kameng')
  .description('Kameng (可信卡盟): a self-hosted virtual-goods trading platform')
  .version(packageVersion())
  .showHelpAfterError();

function config(overrides: Partial<Record<string, string>> = {}): Config {
  return loadConfig({ ...process.env, ...overrides });
}

program
  .command('start')
  .description('Migrate the database and serve the web app and API')
  .option('--demo', 'on an empty database, create the demo accounts and print their logins', false)
  .addOption(new Option('-p, --port <port>', 'port to listen on (env PORT, default 3000)'))
  .addOption(new Option('-H, --host <host>', 'address to bind (env HOST, default 127.0.0.1)'))
  .action(async (options: { demo: boolean; port?: string; host?: string }) => {
    await startServer({
      config: config({
        ...(options.port ? { PORT: options.port } : {}),
        ...(options.host ? { HOST: options.host } : {}),
      }),
      demo: options.demo,
      announce: true,
      handleSignals: true,
    });
  });

program
  .command('db:migrate')
  .description('Apply pending database migrations and print the schema version')
  .action(async () => {
    const cfg = config();
    const database = connectDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
    try {
      const applied = await migrateToLatest(database.db);
      const status = await schemaStatus(database.db);
      console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'nothing to apply');
      console.log(
        `schema version: ${status.version ?? '(empty)'} (${status.applied} migrations) on ${database.location}`,
      );
    } finally {
      await database.close();
    }
  });

program
  .command('admin:create')
  .description(
    'Create an admin account (or grant admin to an existing one); prints a generated password if none is given',
  )
  .requiredOption('-e, --email <email>', 'the admin email')
  .option('-n, --name <name>', 'display name', '管理员')
  .option(
    '--password-env <name>',
    'read the password from this environment variable instead of generating one',
  )
  .action(async (options: { email: string; name: string; passwordEnv?: string }) => {
    await createAdmin(config(), options);
  });

program
  .command('demo:seed')
  .description('Create the demo accounts that do not exist yet and print their logins')
  .action(async () => {
    await runDemoSeed(config());
  });

const ledger = program.command('ledger').description('Ledger integrity: verify, checkpoint');

ledger
  .command('verify')
  .description(
    'Recompute every balance, hash chain, the log and the latest checkpoint; print OK or the first bad row (exit 2)',
  )
  .option('--json', 'print the report as JSON', false)
  .action(async (options: { json: boolean }) => {
    process.exitCode = await runLedgerVerify(config(), options);
  });

ledger
  .command('checkpoint')
  .description('Publish a signed ledger checkpoint now, if anything changed since the last one')
  .action(async () => {
    await runLedgerCheckpoint(config());
  });

program
  .command('proof')
  .description('Proof bundles of the ledger')
  .command('verify')
  .description('Verify a proof bundle offline (no database, no network); exit 2 if it does not verify')
  .argument('<bundle>', 'the bundle file downloaded from the user center or /api/v1/me/proofs')
  .requiredOption(
    '-k, --public-key <key>',
    "the platform's public key: base64, or a file holding it or /api/v1/ledger/public-key's JSON",
  )
  .action(async (bundle: string, options: { publicKey: string }) => {
    process.exitCode = await runProofVerify(bundle, options.publicKey);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
});
