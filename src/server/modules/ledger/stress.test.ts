import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDialect,
  type TestDatabase,
} from '../../../../tests/helpers/databases.js';
import { clearing, expectLedgerInvariants, fund, userWallet } from '../../../../tests/helpers/ledger.js';
import { runStressWorker, type StressCounts } from '../../../../tests/helpers/ledger-stress.js';

/**
 * Invariant 2: no account below its floor and totals constant under any interleaving. Workers transfer
 * at random among a few hot accounts in both directions, hold and resolve, and race to open fresh
 * accounts; a reader checks every snapshot it reads while they run.
 */
const HOT = 4;
const FUNDING = 10_000;

describeEachDialect('ledger under concurrent load', (dialect) => {
  let database: TestDatabase;
  let hot: string[];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await clearing(database.handle.db);
    hot = [];
    for (let i = 0; i < HOT; i++) {
      const id = await userWallet(database.handle.db, `usr_hot_${i}`);
      await fund(database.handle.db, dialect, id, FUNDING);
      hot.push(id);
    }
  });
  afterAll(async () => {
    await database.destroy();
  });

  /** Reads every account in one statement, checks the snapshot, until `done` resolves. */
  async function watch(done: Promise<unknown>): Promise<number> {
    let finished = false;
    void done.finally(() => (finished = true));
    let reads = 0;
    while (!finished) {
      const rows = await database.handle.db.selectFrom('ledger_accounts').selectAll().execute();
      const balance = rows.reduce((sum, r) => sum + r.balance, 0);
      const held = rows.reduce((sum, r) => sum + r.held, 0);
      const incoming = rows.reduce((sum, r) => sum + r.incoming, 0);
      expect(balance, 'Σ balance').toBe(0);
      expect(held, 'Σ held = Σ incoming').toBe(incoming);
      for (const r of rows)
        if (r.balance_floor === 'zero') expect(r.balance - r.held, r.id).toBeGreaterThanOrEqual(0);
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    return reads;
  }

  it('holds every invariant with concurrent workers in this process', async () => {
    const workers = Array.from({ length: 8 }, () =>
      dialect === 'postgres' ? database.connectAgain(1) : database.handle,
    );
    try {
      const run = Promise.all(
        workers.map((handle, i) =>
          runStressWorker({ db: handle.db, dialect, hotAccounts: hot, worker: `w${i}`, durationMs: 2_500 }),
        ),
      );
      const reads = await watch(run);
      const counts = await run;
      const total = counts.reduce<StressCounts>(
        (sum, c) => ({
          posted: sum.posted + c.posted,
          rejected: sum.rejected + c.rejected,
          errors: sum.errors + c.errors,
          freshOpened: sum.freshOpened + c.freshOpened,
        }),
        { posted: 0, rejected: 0, errors: 0, freshOpened: 0 },
      );
      expect(total.errors).toBe(0);
      expect(total.posted).toBeGreaterThan(100);
      expect(total.rejected).toBeGreaterThan(0);
      expect(total.freshOpened).toBeGreaterThan(0);
      expect(reads).toBeGreaterThan(10);
      const fresh = await database.handle.db
        .selectFrom('ledger_accounts')
        .select('owner_id')
        .where('owner_id', 'like', 'usr_fresh_%')
        .execute();
      expect(fresh.length).toBeLessThanOrEqual(3);
      await expectLedgerInvariants(database.handle.db);
    } finally {
      if (dialect === 'postgres') await Promise.all(workers.map((h) => h.close()));
    }
  }, 60_000);

  it('holds every invariant with workers in separate processes', async () => {
    const children = [0, 1, 2].map((i) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/ledger-stress-process.ts'], {
        env: {
          ...process.env,
          WORKER_ID: `p${i}`,
          KAMENG_DATA_DIR: database.dataDir,
          DATABASE_URL: database.databaseUrl ?? '',
          HOT_ACCOUNTS: hot.join(','),
          DURATION_MS: '2500',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      return new Promise<string>((resolve) => child.on('exit', () => resolve(output)));
    });
    const all = Promise.all(children);
    await watch(all);
    const outputs = await all;
    const counts = outputs.map((o) => JSON.parse(o.trim().split('\n').at(-1) ?? '{}') as StressCounts);
    expect(
      counts.map((c) => c.errors),
      outputs.join('\n'),
    ).toEqual([0, 0, 0]);
    expect(counts.reduce((n, c) => n + c.posted, 0)).toBeGreaterThan(50);
    await expectLedgerInvariants(database.handle.db);
  }, 60_000);
});
