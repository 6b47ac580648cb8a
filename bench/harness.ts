import pino from 'pino';
import { buildApp, type KamengApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { connectDatabase, type DatabaseHandle } from '../src/server/db/connect.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { createMailer } from '../src/server/modules/notifications/index.js';
import { createKeyRing, loadOrCreateMasterKey } from '../src/server/platform/crypto.js';

/**
 * Benchmarks run a workload and its baseline back to back, in the same process and run, for a fixed time
 * each, and report the ratio: this machine is shared and noisy, so absolute numbers mean little and
 * ratios mean something. Each bench prints a table and ends with one JSON line of its figures.
 */
export interface Measurement {
  name: string;
  operations: number;
  seconds: number;
  perSecond: number;
}

/** Runs `operation` with `concurrency` callers for `durationMs` (after a short warm-up). */
export async function measure(
  name: string,
  operation: () => Promise<unknown>,
  options: { durationMs?: number; warmupMs?: number; concurrency?: number } = {},
): Promise<Measurement> {
  const { durationMs = 3_000, warmupMs = 500, concurrency = 1 } = options;
  const runFor = async (ms: number): Promise<number> => {
    const deadline = performance.now() + ms;
    let count = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          await operation();
          count++;
        }
      }),
    );
    return count;
  };
  await runFor(warmupMs);
  const started = performance.now();
  const operations = await runFor(durationMs);
  const seconds = (performance.now() - started) / 1000;
  return { name, operations, seconds, perSecond: operations / seconds };
}

/**
 * Measures two workloads in alternating slices (A, B, A, B, …) so that a burst of load from elsewhere on
 * a shared machine hits both alike; each gets `durationMs` in all.
 */
export async function measureInterleaved(
  a: { name: string; operation: () => Promise<unknown> },
  b: { name: string; operation: () => Promise<unknown> },
  options: { durationMs?: number; slices?: number } = {},
): Promise<[Measurement, Measurement]> {
  const { durationMs = 3_000, slices = 10 } = options;
  const totals = [
    { operations: 0, seconds: 0 },
    { operations: 0, seconds: 0 },
  ];
  const slice = durationMs / slices;
  for (const workload of [a, b])
    await measure(workload.name, workload.operation, { durationMs: 200, warmupMs: 0 });
  for (let i = 0; i < slices; i++) {
    for (const [index, workload] of [a, b].entries()) {
      const started = performance.now();
      const deadline = started + slice;
      let count = 0;
      while (performance.now() < deadline) {
        await workload.operation();
        count++;
      }
      totals[index]!.operations += count;
      totals[index]!.seconds += (performance.now() - started) / 1000;
    }
  }
  const result = (index: number, name: string): Measurement => ({
    name,
    operations: totals[index]!.operations,
    seconds: totals[index]!.seconds,
    perSecond: totals[index]!.operations / totals[index]!.seconds,
  });
  return [result(0, a.name), result(1, b.name)];
}

export function report(
  bench: string,
  rows: Array<{ measurement: Measurement; baseline: Measurement }>,
  extra: Record<string, unknown> = {},
): void {
  const table = rows.map(({ measurement, baseline }) => ({
    workload: measurement.name,
    'ops/s': Math.round(measurement.perSecond),
    baseline: baseline.name,
    'baseline ops/s': Math.round(baseline.perSecond),
    ratio: Number((measurement.perSecond / baseline.perSecond).toFixed(3)),
  }));
  console.table(table);
  const figures = Object.fromEntries(
    table.map((row) => [
      row.workload,
      { opsPerSecond: row['ops/s'], baselineOpsPerSecond: row['baseline ops/s'], ratio: row.ratio },
    ]),
  );
  console.log(
    JSON.stringify({ bench, date: new Date().toISOString(), node: process.version, figures, ...extra }),
  );
}

/**
 * The whole app on SQLite in `dataDir`, migrated, silent, without rate limits, its master key kept in the
 * data dir (so a second process on the same dir can open what this one sealed). Not listening.
 */
export async function openBenchApp(dataDir: string): Promise<{
  kameng: KamengApp;
  database: DatabaseHandle;
  close: () => Promise<void>;
}> {
  const config = loadConfig({
    KAMENG_DATA_DIR: dataDir,
    KAMENG_LOG_LEVEL: 'silent',
    KAMENG_RATE_LIMIT_PER_MINUTE: '100000000',
  });
  const database = connectDatabase({ dataDir, databaseUrl: undefined });
  await migrateToLatest(database.db);
  const logger = pino({ level: 'silent' });
  const kameng = await buildApp({
    config,
    database,
    keys: createKeyRing(loadOrCreateMasterKey(dataDir, undefined).key),
    mailer: createMailer({ smtpUrl: undefined, from: config.mailFrom, log: logger }),
    logger,
  });
  return {
    kameng,
    database,
    close: async () => {
      await kameng.app.close();
      await database.close();
    },
  };
}
