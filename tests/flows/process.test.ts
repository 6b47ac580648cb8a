import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { connectDatabase } from '../../src/server/db/connect.js';
import { MIGRATIONS } from '../../src/server/db/migrations/index.js';
import { readDemoLogins } from '../../src/server/demo.js';
import { startServer } from '../../src/server/main.js';
import { createMailer } from '../../src/server/modules/notifications/index.js';
import { createKeyRing, loadOrCreateMasterKey } from '../../src/server/platform/crypto.js';
import { TestClient } from '../helpers/client.js';

const execFileAsync = promisify(execFile);
const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-proc-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function kameng(args: string[], env: Record<string, string>) {
  return execFileAsync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
    env: { ...process.env, KAMENG_LOG_LEVEL: 'silent', ...env },
  });
}

/** Opens a full app on an existing data dir (with its master key), as the server would, for `work`. */
async function withAppOn<T>(dataDir: string, work: (client: TestClient) => Promise<T>): Promise<T> {
  const config = loadConfig({ KAMENG_DATA_DIR: dataDir, KAMENG_LOG_LEVEL: 'silent' });
  const database = connectDatabase({ dataDir, databaseUrl: undefined });
  const logger = pino({ level: 'silent' });
  const mailer = createMailer({ smtpUrl: undefined, from: config.mailFrom, log: logger });
  const keys = createKeyRing(loadOrCreateMasterKey(dataDir, undefined).key);
  const kamengApp = await buildApp({ config, database, keys, mailer, logger });
  try {
    return await work(new TestClient(kamengApp.app));
  } finally {
    await kamengApp.app.close();
    await database.close();
  }
}

async function canLogIn(dataDir: string, email: string, password: string): Promise<boolean> {
  return withAppOn(
    dataDir,
    async (client) => (await client.post('/api/v1/auth/login', { email, password })).status === 200,
  );
}

describe('graceful shutdown', () => {
  it('finishes in-flight requests, refuses new connections, and closes the database', async () => {
    const server = await startServer({
      config: loadConfig({ KAMENG_DATA_DIR: tempDir(), PORT: '0', KAMENG_LOG_LEVEL: 'silent' }),
      demo: false,
      extend: (api) => {
        api.get('/api/test/slow', { config: { access: 'public' } }, async () => {
          await sleep(800);
          return { finished: true };
        });
      },
    });
    const inFlight = fetch(`${server.url}/api/test/slow`);
    await sleep(200);
    const closing = server.shutdown('test');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    await closing;
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    await expect(server.database.db.selectFrom('users').selectAll().execute()).rejects.toThrow();
  });

  it('exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'start'], {
      env: { ...process.env, KAMENG_DATA_DIR: tempDir(), PORT: '0', KAMENG_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let url: string | undefined;
    for (let i = 0; i < 300 && !url; i++) {
      url = /Kameng: (http:\/\/[\d.:]+)/.exec(output)?.[1];
      await sleep(100);
    }
    expect(url, output).toBeDefined();
    expect((await fetch(`${url!}/api/health`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited, output).toBe(0);
    expect(output).toContain('shutdown complete');
  }, 60_000);
});

describe('kameng CLI', () => {
  it('has --help on every command', async () => {
    const { stdout } = await kameng(['--help'], {});
    for (const command of ['start', 'db:migrate', 'admin:create', 'demo:seed']) {
      expect(stdout).toContain(command);
      const help = await kameng([command, '--help'], {});
      expect(help.stdout).toContain(`Usage: kameng ${command}`);
    }
  }, 60_000);

  it('migrates an empty data dir and reports the schema version', async () => {
    const dataDir = tempDir();
    const first = await kameng(['db:migrate'], { KAMENG_DATA_DIR: dataDir });
    expect(first.stdout).toContain(`applied: ${Object.keys(MIGRATIONS).join(', ')}`);
    const second = await kameng(['db:migrate'], { KAMENG_DATA_DIR: dataDir });
    expect(second.stdout).toContain('nothing to apply');
    expect(second.stdout).toContain(`schema version: ${Object.keys(MIGRATIONS).at(-1)}`);
  }, 60_000);

  it('creates an admin with a generated password that works, and audits it', async () => {
    const dataDir = tempDir();
    const { stdout } = await kameng(['admin:create', '--email', 'Boss@Example.com', '--name', '老板'], {
      KAMENG_DATA_DIR: dataDir,
    });
    const password = /password: (\S+)/.exec(stdout)?.[1];
    expect(password, stdout).toBeDefined();
    expect(await canLogIn(dataDir, 'boss@example.com', password!)).toBe(true);
    const database = connectDatabase({ dataDir, databaseUrl: undefined });
    try {
      const audit = await database.db.selectFrom('audit_log').select(['action', 'actor_id']).execute();
      expect(audit).toEqual([{ action: 'user.create_admin', actor_id: 'cli' }]);
    } finally {
      await database.close();
    }
    const again = await kameng(['admin:create', '--email', 'boss@example.com'], { KAMENG_DATA_DIR: dataDir });
    expect(again.stdout).toContain('already exists');
  }, 60_000);

  it('refuses a weak admin password given through the environment', async () => {
    await expect(
      kameng(['admin:create', '--email', 'x@example.com', '--password-env', 'PW'], {
        KAMENG_DATA_DIR: tempDir(),
        PW: 'password1',
      }),
    ).rejects.toThrow(/password not accepted/);
  }, 30_000);

  it('seeds the demo accounts once, with logins that work', async () => {
    const dataDir = tempDir();
    const first = await kameng(['demo:seed'], { KAMENG_DATA_DIR: dataDir });
    expect(first.stdout).toContain('admin@demo.kameng.example');
    const second = await kameng(['demo:seed'], { KAMENG_DATA_DIR: dataDir });
    expect(second.stdout).toContain('exist already');
    const logins = readDemoLogins(dataDir);
    expect(logins.map((l) => l.role)).toEqual(['admin', 'merchant', 'merchant', 'buyer', 'buyer', 'buyer']);
    expect(fs.statSync(path.join(dataDir, 'demo-logins.txt')).mode & 0o777).toBe(0o600);
    expect(await canLogIn(dataDir, logins[0]!.email, logins[0]!.password)).toBe(true);
  }, 60_000);

  it('verifies the ledger, publishes checkpoints, and verifies a proof bundle offline', async () => {
    const dataDir = tempDir();
    await kameng(['demo:seed'], { KAMENG_DATA_DIR: dataDir });
    const verified = await kameng(['ledger', 'verify'], { KAMENG_DATA_DIR: dataDir });
    expect(verified.stdout).toMatch(/^OK: 27 accounts, 121 entries, 47 transfers, log of 47, checkpoint 1;/);
    const checkpoint = await kameng(['ledger', 'checkpoint'], { KAMENG_DATA_DIR: dataDir });
    expect(checkpoint.stdout).toContain('unchanged since checkpoint 1');

    const buyer = readDemoLogins(dataDir).find((login) => login.email.startsWith('buyer1@'))!;
    const { bundle, key } = await withAppOn(dataDir, async (client) => {
      await client.login(buyer.email, buyer.password);
      return {
        bundle: (await client.get('/api/v1/me/proofs')).text,
        key: (await client.get('/api/v1/ledger/public-key')).text,
      };
    });
    const bundleFile = path.join(dataDir, 'bundle.json');
    const keyFile = path.join(dataDir, 'public-key.json');
    fs.writeFileSync(bundleFile, bundle);
    fs.writeFileSync(keyFile, key);
    const ok = await execFileAsync(process.execPath, [
      '--import',
      'tsx',
      'src/cli/index.ts',
      'proof',
      'verify',
      bundleFile,
      '--public-key',
      keyFile,
    ]);
    expect(ok.stdout).toMatch(/OK: 2 balances and 9 transfers are in checkpoint 1/);

    const forged = JSON.parse(bundle) as { balances: Array<{ leaf: { balance: number } }> };
    forged.balances[0]!.leaf.balance += 100;
    fs.writeFileSync(bundleFile, JSON.stringify(forged));
    const bad: unknown = await execFileAsync(process.execPath, [
      '--import',
      'tsx',
      'src/cli/index.ts',
      'proof',
      'verify',
      bundleFile,
      '--public-key',
      keyFile,
    ]).catch((e: unknown) => e);
    expect((bad as { code?: number }).code).toBe(2);
    expect(String((bad as { stdout?: string }).stdout)).toContain('FAIL balance:acc_');
  }, 90_000);

  it('explains a bad configuration and exits non-zero', async () => {
    const failure: unknown = await kameng(['db:migrate'], { PORT: 'not-a-port' }).catch(
      (error: unknown) => error,
    );
    expect(String((failure as { stderr?: string }).stderr)).toContain('PORT');
  }, 30_000);
});
