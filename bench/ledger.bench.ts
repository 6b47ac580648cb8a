import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import {
  connectDatabase,
  openSqliteFile,
  SQLITE_FILE_NAME,
  type DatabaseHandle,
} from '../src/server/db/connect.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { SYSTEM_ACTOR } from '../src/server/platform/actor.js';
import { systemClock } from '../src/server/platform/clock.js';
import {
  ledgerSigner,
  LedgerWriter,
  openAccount,
  postCommands,
  publishCheckpoint,
  verifyLedger,
  type LedgerCommand,
  encodeStatementCursor,
  statementPage,
  ledgerReasons,
} from '../src/server/modules/ledger/index.js';
import { findPostgresBinDir, startPostgresCluster } from '../tests/helpers/postgres-cluster.js';
import { serviceContextFor } from '../tests/helpers/service-context.js';
import { generateAccounts, generateLedger } from './ledger-data.js';
import { measure, measureInterleaved, type Measurement } from './harness.js';

/**
 * `npm run bench -- ledger [--quick]`: the ledger against baselines measured in the same run
 * (docs/PERFORMANCE.md). Full mode builds 10 M entries and 1 M accounts; --quick shrinks the data sets
 * and the measuring windows to finish in a few minutes.
 */
const exec = promisify(execFile);
const quick = process.argv.includes('--quick');
const WINDOW = quick ? 2_000 : 4_000;
const tempDirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-ledger-bench-'));
  tempDirs.push(dir);
  return dir;
};

let serial = 0;
function transferBetween(from: string, to: string): LedgerCommand {
  const id = `b-${process.pid}-${++serial}`;
  return {
    id,
    type: 'transfer',
    legs: [
      { accountId: from, amount: -1 - (serial % 100) },
      { accountId: to, amount: 1 + (serial % 100) },
    ],
    cause: { type: 'adjustment', id },
    reason: { code: 'adjustment', params: { note: 'bench' } },
    actor: SYSTEM_ACTOR,
  };
}

async function openFundedWallets(handle: DatabaseHandle, count: number): Promise<string[]> {
  const now = new Date();
  const clearing = (await openAccount(handle.db, now, { kind: 'platform_clearing', currency: 'CNY' })).id;
  const wallets: string[] = [];
  for (let i = 0; i < count; i++)
    wallets.push(
      (await openAccount(handle.db, now, { kind: 'user_wallet', currency: 'CNY', ownerId: `usr_b${i}` })).id,
    );
  for (let i = 0; i < wallets.length; i += 200) {
    await handle.db.transaction().execute((trx) =>
      postCommands(
        trx,
        { dialect: handle.dialect, clock: systemClock },
        wallets.slice(i, i + 200).map((w) => ({
          ...transferBetween(clearing, w),
          legs: [
            { accountId: clearing, amount: -1e12 },
            { accountId: w, amount: 1e12 },
          ],
        })),
      ),
    );
  }
  return wallets;
}

const pick = (wallets: string[]): [string, string] => {
  const a = Math.floor(Math.random() * wallets.length);
  const b = (a + 1 + Math.floor(Math.random() * (wallets.length - 1))) % wallets.length;
  return [wallets[a]!, wallets[b]!];
};

async function sqliteThroughput() {
  const dir = tempDir();
  const handle = connectDatabase({ dataDir: dir, databaseUrl: undefined });
  await migrateToLatest(handle.db);
  const wallets = await openFundedWallets(handle, 8);
  const ctx = serviceContextFor(handle, { clock: systemClock });
  const writer = new LedgerWriter(ctx);
  // The headline figure is 64 callers; 256 shows how batching scales when more requests wait at once.
  const groups: Measurement[] = [];
  for (const callers of [64, 256])
    groups.push(
      await measure(
        `ledger: group commit, ${callers} callers (SQLite)`,
        () => writer.submit(transferBetween(...pick(wallets))),
        { durationMs: WINDOW, concurrency: callers },
      ),
    );
  const group = groups[0]!;
  const groupWide = groups[1]!;

  // The baseline: the same UPDATEs and INSERTs, with the same content (legs, hashes, balances after,
  // entry keys), through raw prepared better-sqlite3 statements, one durable transaction each — without
  // the ledger's reads, checks, canonical encoding and hash chaining.
  const rawDir = tempDir();
  const rawHandle = connectDatabase({ dataDir: rawDir, databaseUrl: undefined });
  await migrateToLatest(rawHandle.db);
  const rawWallets = await openFundedWallets(rawHandle, 8);
  await rawHandle.close();
  const raw = openSqliteFile(path.join(rawDir, SQLITE_FILE_NAME));
  const update = raw.prepare(
    'update ledger_accounts set balance = ?, entry_count = ?, head_hash = ? where id = ?',
  );
  const state = new Map(
    (
      raw.prepare('select id, balance, entry_count, head_hash from ledger_accounts').all() as Array<{
        id: string;
        balance: number;
        entry_count: number;
        head_hash: string;
      }>
    ).map((r) => [r.id, { balance: r.balance, count: r.entry_count, head: r.head_hash }]),
  );
  const insertTransfer = raw.prepare(
    `insert into ledger_transfers (id, type, outcome, legs, cause_type, cause_id, reason_code, reason_params, actor_type, actor_id, request_hash, entry_refs, created_at)
     values (?, 'transfer', 'posted', ?, 'adjustment', ?, 'adjustment', '{"note":"bench"}', 'system', 'system', ?, ?, ?)`,
  );
  const insertEntry = raw.prepare(
    `insert into ledger_entries (account_id, seq, transfer_id, kind, amount, balance_after, held_after, incoming_after, cause_type, created_at, prev_hash, hash)
     values (?, ?, ?, 'posted', ?, ?, 0, 0, 'adjustment', ?, ?, ?)`,
  );
  const insertQueue = raw.prepare('insert into ledger_log_queue (transfer_id, queued_at) values (?, ?)');
  const rawTransfer = raw.transaction((from: string, to: string, id: string) => {
    const at = new Date().toISOString();
    const amount = 1 + (serial % 100);
    const legs = [
      [from, -amount],
      [to, amount],
    ] as const;
    const refs = legs.map(([account]) => [account, state.get(account)!.count + 1]);
    insertTransfer.run(
      id,
      JSON.stringify(legs.map(([accountId, delta]) => ({ accountId, amount: delta }))),
      id,
      createHash('sha256').update(id).digest('hex'),
      JSON.stringify(refs),
      at,
    );
    for (const [account, delta] of legs) {
      const s = state.get(account)!;
      const hash = createHash('sha256').update(s.head).update(id).digest('hex');
      s.balance += delta;
      s.count += 1;
      insertEntry.run(account, s.count, id, delta, s.balance, at, s.head, hash);
      s.head = hash;
      update.run(s.balance, s.count, s.head, account);
    }
    insertQueue.run(id, at);
  });
  const [ledger, baseline] = await measureInterleaved(
    {
      name: 'ledger: 1 transfer per transaction (SQLite)',
      operation: () =>
        ctx.transact((trx) =>
          postCommands(trx, { dialect: 'sqlite', clock: systemClock }, [transferBetween(...pick(wallets))]),
        ),
    },
    {
      name: 'raw better-sqlite3: same writes, 1 transaction each',
      operation: () => {
        const [from, to] = pick(rawWallets);
        rawTransfer.immediate(from, to, `raw-${++serial}`);
        return Promise.resolve();
      },
    },
    { durationMs: WINDOW * 2 },
  );
  raw.close();
  await handle.close();
  return { ledger, group, groupWide, baseline };
}

function combine(parts: Measurement[]): Measurement {
  const operations = parts.reduce((sum, m) => sum + m.operations, 0);
  const seconds = parts.reduce((sum, m) => sum + m.seconds, 0);
  return { name: parts[0]!.name, operations, seconds, perSecond: operations / seconds };
}

/** Runs pgbench against the `pgbench` database of the cluster at `url`. */
function pgbench(binDir: string, url: string, args: string[]) {
  const { hostname, port } = new URL(url);
  return exec(path.join(binDir, 'pgbench'), ['-h', hostname, '-p', port, '-U', 'kameng', ...args, 'pgbench']);
}

async function pgbenchTps(binDir: string, url: string, clients: number, windowMs: number): Promise<number> {
  const seconds = String(Math.max(1, Math.round(windowMs / 1000)));
  const threads = String(Math.min(clients, 2));
  const { stdout } = await pgbench(binDir, url, [
    ...['-n', '-b', 'tpcb-like', '-c', String(clients), '-j', threads, '-T', seconds],
  ]);
  const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
  if (!match) throw new Error(`cannot read pgbench output:\n${stdout}`);
  return Number(match[1]);
}

async function postgresThroughput() {
  const binDir = findPostgresBinDir();
  if (!binDir) return null;
  // Durable, as in production: with fsync off, commits cost nothing and a ledger that commits less
  // often (group commit) could not show what it saves. pgbench and the ledger share the cluster.
  const cluster = await startPostgresCluster(binDir, { durable: true, sharedBuffers: '256MB' });
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('create database ledger_bench');
    await admin.query('create database pgbench');
    await admin.end();
    const pgbenchUrl = cluster.url.replace(/\/postgres$/, '/pgbench');
    const ledgerUrl = cluster.url.replace(/\/postgres$/, '/ledger_bench');
    // Scale 16: sixteen branch rows, so sixteen clients are not all serialized on one row.
    await pgbench(binDir, cluster.url, ['-i', '-q', '-s', '16']);

    const setup = connectDatabase({ databaseUrl: ledgerUrl, dataDir: '' });
    await migrateToLatest(setup.db);
    const wallets = await openFundedWallets(setup, 1_000);
    await setup.close();

    const rows: Array<{ clients: number; ledger: Measurement; pgbench: number }> = [];
    for (const clients of [1, 4, 16]) {
      const handle = connectDatabase({ databaseUrl: ledgerUrl, dataDir: '', poolSize: clients });
      // Two rounds of (ledger, pgbench), so a burst of load from elsewhere hits both alike.
      const rounds: Array<{ ledger: Measurement; pgbench: number }> = [];
      for (let round = 0; round < 2; round++) {
        const ledger = await measure(
          `ledger: ${clients} caller(s) (PostgreSQL)`,
          () =>
            handle.db
              .transaction()
              .execute((trx) =>
                postCommands(trx, { dialect: 'postgres', clock: systemClock }, [
                  transferBetween(...pick(wallets)),
                ]),
              ),
          { durationMs: WINDOW / 2, concurrency: clients },
        );
        rounds.push({ ledger, pgbench: await pgbenchTps(binDir, pgbenchUrl, clients, WINDOW / 2) });
      }
      await handle.close();
      rows.push({
        clients,
        ledger: combine(rounds.map((r) => r.ledger)),
        pgbench: (rounds[0]!.pgbench + rounds[1]!.pgbench) / 2,
      });
    }
    const handle = connectDatabase({ databaseUrl: ledgerUrl, dataDir: '', poolSize: 4 });
    const writer = new LedgerWriter(serviceContextFor(handle, { clock: systemClock }));
    const group = await measure(
      'ledger: group commit, 16 callers (PostgreSQL)',
      () => writer.submit(transferBetween(...pick(wallets))),
      {
        durationMs: WINDOW,
        concurrency: 16,
      },
    );
    await handle.close();
    return { rows, group };
  } finally {
    await cluster.stop();
  }
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function statementAndVerify() {
  const dir = tempDir();
  const sizes = quick
    ? { wallets: 1_000, hotTransfers: 250_000, otherTransfers: 250_000 }
    : { wallets: 10_000, hotTransfers: 1_000_000, otherTransfers: 4_000_000 };
  const generated = await generateLedger(dir, sizes);
  const handle = connectDatabase({ dataDir: dir, databaseUrl: undefined });
  const account = await handle.db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('id', '=', generated.hotAccountId)
    .executeTakeFirstOrThrow();
  const samples = quick ? 300 : 1_000;
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const cursor = encodeStatementCursor(51 + Math.floor(Math.random() * (account.entry_count - 51)));
    const started = performance.now();
    await statementPage(handle.db, account, { cursor, limit: 50 }, ledgerReasons, 'zh-CN');
    latencies.push(performance.now() - started);
  }
  const raw = openSqliteFile(path.join(dir, SQLITE_FILE_NAME));
  const query = raw.prepare(
    `select e.*, t.cause_id, t.reason_code, t.reason_params from ledger_entries e join ledger_transfers t on t.id = e.transfer_id
     where e.account_id = ? and e.seq < ? order by e.seq desc limit 51`,
  );
  const rawLatencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const seq = 51 + Math.floor(Math.random() * (account.entry_count - 51));
    const started = performance.now();
    query.all(account.id, seq);
    rawLatencies.push(performance.now() - started);
  }

  const verifyStarted = performance.now();
  const report = await verifyLedger(handle.db);
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  if (!report.ok) throw new Error(`generated ledger does not verify: ${JSON.stringify(report.problem)}`);
  const scanStarted = performance.now();
  let scanned = 0;
  for (const row of raw.prepare('select * from ledger_entries order by account_id, seq').iterate()) {
    createHash('sha256').update(JSON.stringify(row)).digest();
    scanned++;
  }
  const scanSeconds = (performance.now() - scanStarted) / 1000;
  raw.close();
  await handle.close();
  return {
    statementEntries: account.entry_count,
    statementP50Ms: percentile(latencies, 50),
    statementP99Ms: percentile(latencies, 99),
    statementBaselineP99Ms: percentile(rawLatencies, 99),
    verifyEntries: report.stats.entries,
    verifyEntriesPerSecond: report.stats.entries / verifySeconds,
    verifyBaselinePerSecond: scanned / scanSeconds,
  };
}

async function checkpoint() {
  const dir = tempDir();
  const count = quick ? 200_000 : 1_000_000;
  await generateAccounts(dir, count);
  const handle = connectDatabase({ dataDir: dir, databaseUrl: undefined });
  const ctx = serviceContextFor(handle, { clock: systemClock });
  const started = performance.now();
  const { checkpoint: row } = await publishCheckpoint(ctx, ledgerSigner(ctx.keys), { force: true });
  if (!row) throw new Error('a forced checkpoint must be published');
  const seconds = (performance.now() - started) / 1000;
  await handle.close();
  const raw = openSqliteFile(path.join(dir, SQLITE_FILE_NAME));
  const scanStarted = performance.now();
  for (const account of raw.prepare('select * from ledger_accounts order by id').iterate())
    createHash('sha256').update(JSON.stringify(account)).digest();
  const baselineSeconds = (performance.now() - scanStarted) / 1000;
  raw.close();
  return { accounts: row.account_count, seconds, baselineSeconds };
}

export async function run(): Promise<void> {
  const started = performance.now();
  try {
    const sqlite = await sqliteThroughput();
    const pgResult = await postgresThroughput();
    const statement = await statementAndVerify();
    const cp = await checkpoint();

    const round = (n: number, digits = 3) => Number(n.toFixed(digits));
    console.table([
      {
        figure: sqlite.ledger.name,
        value: Math.round(sqlite.ledger.perSecond),
        baseline: sqlite.baseline.name,
        'baseline value': Math.round(sqlite.baseline.perSecond),
        ratio: round(sqlite.ledger.perSecond / sqlite.baseline.perSecond),
      },
      ...[sqlite.group, sqlite.groupWide].map((group) => ({
        figure: group.name,
        value: Math.round(group.perSecond),
        baseline: sqlite.baseline.name,
        'baseline value': Math.round(sqlite.baseline.perSecond),
        ratio: round(group.perSecond / sqlite.baseline.perSecond),
      })),
      ...(pgResult?.rows ?? []).map((r) => ({
        figure: r.ledger.name,
        value: Math.round(r.ledger.perSecond),
        baseline: `pgbench tpcb-like -c ${r.clients}`,
        'baseline value': Math.round(r.pgbench),
        ratio: round(r.ledger.perSecond / r.pgbench),
      })),
      ...(pgResult
        ? [
            {
              figure: pgResult.group.name,
              value: Math.round(pgResult.group.perSecond),
              baseline: 'pgbench tpcb-like -c 16',
              'baseline value': Math.round(pgResult.rows[2]!.pgbench),
              ratio: round(pgResult.group.perSecond / pgResult.rows[2]!.pgbench),
            },
          ]
        : []),
      {
        figure: `statement page of 50, ${statement.statementEntries} entries: p99 ms`,
        value: round(statement.statementP99Ms, 2),
        baseline: 'raw query p99 ms',
        'baseline value': round(statement.statementBaselineP99Ms, 2),
        ratio: round(statement.statementP99Ms / statement.statementBaselineP99Ms),
      },
      {
        figure: `ledger verify, ${statement.verifyEntries} entries: entries/s`,
        value: Math.round(statement.verifyEntriesPerSecond),
        baseline: 'raw scan + SHA-256 per row',
        'baseline value': Math.round(statement.verifyBaselinePerSecond),
        ratio: round(statement.verifyEntriesPerSecond / statement.verifyBaselinePerSecond),
      },
      {
        figure: `checkpoint over ${cp.accounts} accounts: seconds`,
        value: round(cp.seconds, 2),
        baseline: 'raw scan + SHA-256 per account: seconds',
        'baseline value': round(cp.baselineSeconds, 2),
        ratio: round(cp.seconds / cp.baselineSeconds),
      },
    ]);
    if (!pgResult) console.log('PostgreSQL binaries not found: PostgreSQL figures skipped');
    console.log(
      JSON.stringify({
        bench: 'ledger',
        quick,
        date: new Date().toISOString(),
        sqliteRatio: round(sqlite.ledger.perSecond / sqlite.baseline.perSecond),
        groupCommitRatio: round(sqlite.group.perSecond / sqlite.baseline.perSecond),
        sqliteTransfersPerSecond: Math.round(sqlite.ledger.perSecond),
        sqliteGroupCommitPerSecond: Math.round(sqlite.group.perSecond),
        groupCommit256Ratio: round(sqlite.groupWide.perSecond / sqlite.baseline.perSecond),
        sqliteRawPerSecond: Math.round(sqlite.baseline.perSecond),
        pgRatio: pgResult
          ? Object.fromEntries(
              pgResult.rows.map((r) => [String(r.clients), round(r.ledger.perSecond / r.pgbench)]),
            )
          : null,
        pgTransfersPerSecond: pgResult
          ? Object.fromEntries(pgResult.rows.map((r) => [String(r.clients), Math.round(r.ledger.perSecond)]))
          : null,
        pgbenchTps: pgResult
          ? Object.fromEntries(pgResult.rows.map((r) => [String(r.clients), Math.round(r.pgbench)]))
          : null,
        pgGroupCommitRatio: pgResult ? round(pgResult.group.perSecond / pgResult.rows[2]!.pgbench) : null,
        statementEntries: statement.statementEntries,
        statementP99Ms: round(statement.statementP99Ms, 2),
        statementBaselineP99Ms: round(statement.statementBaselineP99Ms, 2),
        checkpointAccounts: cp.accounts,
        checkpointSeconds: round(cp.seconds, 2),
        checkpointBaselineSeconds: round(cp.baselineSeconds, 2),
        verifyEntries: statement.verifyEntries,
        verifyEntriesPerSecond: Math.round(statement.verifyEntriesPerSecond),
        verifyBaselinePerSecond: Math.round(statement.verifyBaselinePerSecond),
        seconds: round((performance.now() - started) / 1000, 1),
      }),
    );
  } finally {
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}
