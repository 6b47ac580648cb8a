import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase, openSqliteFile } from '../src/server/db/connect.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { enqueueJob } from '../src/server/platform/jobs.js';
import { newId } from '../src/server/platform/ids.js';
import { measure, report } from './harness.js';

/**
 * Our SQLite path (Kysely + the BEGIN IMMEDIATE driver with its statement cache) against raw
 * better-sqlite3 doing the same work: one durable (synchronous=FULL) transaction inserting one job row.
 * This is the floor under every money-moving transaction the ledger will make.
 */
export async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-bench-'));
  const database = connectDatabase({ dataDir, databaseUrl: undefined });
  await migrateToLatest(database.db);

  const measurement = await measure('Kysely transaction: insert 1 job', () =>
    database.db
      .transaction()
      .execute((trx) => enqueueJob(trx, new Date(), { name: 'bench', payload: { n: 1 } })),
  );

  const rawDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-bench-raw-'));
  const rawHandle = connectDatabase({ dataDir: rawDir, databaseUrl: undefined });
  await migrateToLatest(rawHandle.db);
  await rawHandle.close();
  const raw = openSqliteFile(path.join(rawDir, 'kameng.sqlite'));
  const insert = raw.prepare(
    `insert into jobs (id, name, payload, dedupe_key, status, run_at, attempts, max_attempts, created_at, updated_at)
     values (?, ?, ?, null, 'pending', ?, 0, 10, ?, ?) on conflict (dedupe_key) do nothing returning id`,
  );
  const begin = raw.prepare('begin immediate');
  const commit = raw.prepare('commit');
  const baseline = await measure('raw better-sqlite3: same insert', () => {
    const now = new Date();
    const stamp = now.toISOString();
    begin.run();
    insert.get(newId('job', now), 'bench', '{"n":1}', stamp, stamp, stamp);
    commit.run();
    return Promise.resolve();
  });
  report('sqlite-driver', [{ measurement, baseline }], { synchronous: 'FULL', journal: 'WAL' });

  raw.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(rawDir, { recursive: true, force: true });
}
