import path from 'node:path';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDialect,
  type TestDatabase,
} from '../../../tests/helpers/databases.js';
import { serviceContextFor } from '../../../tests/helpers/service-context.js';
import { ManualClock } from './clock.js';
import type { ServiceContext } from './context.js';
import {
  claimDueJobs,
  enqueueJob,
  JobRunner,
  NonRetryableJobError,
  retryDelayMs,
  type JobDefinition,
} from './jobs.js';

function worker(database: TestDatabase, id: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/job-worker.ts'], {
    env: {
      ...process.env,
      WORKER_ID: id,
      KAMENG_DATA_DIR: database.dataDir,
      DATABASE_URL: database.databaseUrl ?? '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function executionsByJob(database: TestDatabase): Promise<Map<string, string[]>> {
  const rows = await database.handle.db
    .selectFrom('audit_log')
    .select(['target_id', 'actor_id'])
    .where('action', '=', 'test.job.ran')
    .execute();
  const runs = new Map<string, string[]>();
  for (const row of rows) runs.set(row.target_id!, [...(runs.get(row.target_id!) ?? []), row.actor_id!]);
  return runs;
}

describeEachDialect('leased job runner', (dialect) => {
  let database: TestDatabase;
  let clock: ManualClock;
  let ctx: ServiceContext;
  const calls: unknown[] = [];
  let failuresLeft = 0;

  const definitions: JobDefinition[] = [
    { name: 'unit.ok', handler: (_ctx, payload) => Promise.resolve(void calls.push(payload)) },
    {
      name: 'unit.flaky',
      maxAttempts: 3,
      handler: () => {
        if (failuresLeft-- > 0) return Promise.reject(new Error('upstream timeout'));
        calls.push('flaky ok');
        return Promise.resolve();
      },
    },
    { name: 'unit.poison', handler: () => Promise.reject(new NonRetryableJobError('bad payload')) },
  ];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    clock = new ManualClock('2026-11-22T08:00:00.000Z');
    ctx = serviceContextFor(database.handle, { clock, dataDir: database.dataDir });
  });
  afterAll(async () => {
    await database.destroy();
  });

  const statusOf = async (id: string) =>
    database.handle.db
      .selectFrom('jobs')
      .select(['status', 'attempts', 'last_error', 'run_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('runs a due job once and marks it succeeded', async () => {
    const runner = new JobRunner(ctx, definitions, []);
    const { id } = await enqueueJob(ctx.db, clock.now(), { name: 'unit.ok', payload: { hello: '世界' } });
    expect(await runner.runDueJobs()).toBe(1);
    expect(calls).toContainEqual({ hello: '世界' });
    expect(await statusOf(id!)).toMatchObject({ status: 'succeeded', attempts: 1, last_error: null });
    expect(await runner.runDueJobs()).toBe(0);
  });

  it('does not run a job before its time', async () => {
    const runner = new JobRunner(ctx, definitions, []);
    const { id } = await enqueueJob(ctx.db, clock.now(), {
      name: 'unit.ok',
      payload: 'later',
      runAt: new Date(clock.now().getTime() + 60_000),
    });
    expect(await runner.runDueJobs()).toBe(0);
    clock.advance(60_000);
    expect(await runner.runDueJobs()).toBe(1);
    expect((await statusOf(id!)).status).toBe('succeeded');
  });

  it('enqueues a job with a dedupe key only once', async () => {
    const first = await enqueueJob(ctx.db, clock.now(), {
      name: 'unit.ok',
      payload: 1,
      dedupeKey: 'order:42:auto-confirm',
    });
    const second = await enqueueJob(ctx.db, clock.now(), {
      name: 'unit.ok',
      payload: 2,
      dedupeKey: 'order:42:auto-confirm',
    });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: null, created: false });
    expect(await new JobRunner(ctx, definitions, []).runDueJobs()).toBe(1);
  });

  it('retries a failing job with growing backoff, then gives up and keeps the error', async () => {
    failuresLeft = 5;
    const runner = new JobRunner(ctx, definitions, []);
    const { id } = await enqueueJob(ctx.db, clock.now(), { name: 'unit.flaky', maxAttempts: 3 });
    expect(await runner.runDueJobs()).toBe(1);
    const afterFirst = await statusOf(id!);
    expect(afterFirst).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'Error: upstream timeout',
    });
    const delay = new Date(afterFirst.run_at).getTime() - clock.now().getTime();
    expect(delay).toBeGreaterThanOrEqual(4_000);
    expect(delay).toBeLessThanOrEqual(6_000);
    expect(await runner.runDueJobs()).toBe(0);
    clock.advance(6_000);
    expect(await runner.runDueJobs()).toBe(1);
    clock.advance(12_000);
    expect(await runner.runDueJobs()).toBe(1);
    expect(await statusOf(id!)).toMatchObject({ status: 'dead', attempts: 3 });
  });

  it('does not retry a job that can never succeed', async () => {
    const runner = new JobRunner(ctx, definitions, []);
    const { id } = await enqueueJob(ctx.db, clock.now(), { name: 'unit.poison' });
    await runner.runDueJobs();
    expect(await statusOf(id!)).toMatchObject({
      status: 'dead',
      attempts: 1,
      last_error: 'NonRetryableJobError: bad payload',
    });
  });

  it('marks a job with no handler dead instead of looping on it', async () => {
    const runner = new JobRunner(ctx, definitions, []);
    const { id } = await enqueueJob(ctx.db, clock.now(), { name: 'unit.unknown' });
    await runner.runDueJobs();
    expect((await statusOf(id!)).status).toBe('dead');
  });

  it('grows backoff exponentially with jitter, capped at an hour', () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(5_000);
    expect(retryDelayMs(2, () => 0.5)).toBe(10_000);
    expect(retryDelayMs(30, () => 0.5)).toBe(3_600_000);
    expect(retryDelayMs(1, () => 0)).toBe(4_000);
    expect(retryDelayMs(1, () => 1)).toBe(6_000);
  });

  it("takes over a job whose worker's lease ran out, and fences the late finisher", async () => {
    const { id } = await enqueueJob(ctx.db, clock.now(), { name: 'unit.ok', payload: 'orphan' });
    const [claimed] = await claimDueJobs(ctx.db, dialect, {
      now: clock.now(),
      owner: 'dead-worker',
      leaseMs: 30_000,
      limit: 10,
    });
    expect(claimed?.id).toBe(id);
    const rescuer = new JobRunner(ctx, definitions, [], { owner: 'rescuer', leaseMs: 30_000 });
    expect(await rescuer.runDueJobs()).toBe(0);
    clock.advance(30_001);
    expect(await rescuer.runDueJobs()).toBe(1);
    expect(await statusOf(id!)).toMatchObject({ status: 'succeeded', attempts: 2 });
    // The dead worker coming back cannot overwrite the outcome.
    const late = await ctx.db
      .updateTable('jobs')
      .set({ status: 'pending' })
      .where('id', '=', id!)
      .where('lease_owner', '=', 'dead-worker')
      .executeTakeFirst();
    expect(late.numUpdatedRows).toBe(0n);
  });

  it('enqueues a recurring job once per slot however many instances ask', async () => {
    const runners = [1, 2, 3].map(
      (i) => new JobRunner(ctx, definitions, [{ name: 'unit.ok', everyMs: 3_600_000 }], { owner: `r${i}` }),
    );
    await Promise.all(runners.map((runner) => runner.scheduleRecurring()));
    await Promise.all(runners.map((runner) => runner.scheduleRecurring()));
    const slots = await ctx.db
      .selectFrom('jobs')
      .select('dedupe_key')
      .where('dedupe_key', 'like', 'unit.ok@%')
      .execute();
    expect(slots).toHaveLength(1);
  });

  it('never runs a job twice when several worker processes share the queue', async () => {
    const total = 200;
    for (let n = 0; n < total; n++)
      await enqueueJob(database.handle.db, new Date(), { name: 'test.record', payload: { n } });
    const startFile = path.join(database.dataDir, `start-${Date.now()}`);
    const workers = ['w1', 'w2', 'w3'].map((id) => worker(database, id, { START_FILE: startFile }));
    // Process start-up time varies on a loaded machine: release the workers together.
    while (!workers.every((w) => w.output().includes('ready'))) await new Promise((r) => setTimeout(r, 50));
    fs.writeFileSync(startFile, '');
    const codes = await Promise.all(workers.map((w) => w.exited));
    expect(codes, workers.map((w) => w.output()).join('\n')).toEqual([0, 0, 0]);
    const runs = await executionsByJob(database);
    expect(runs.size).toBe(total);
    expect([...runs.values()].every((by) => by.length === 1)).toBe(true);
    // The work was actually shared.
    expect(new Set([...runs.values()].flat()).size).toBeGreaterThan(1);
  }, 120_000);

  it('finishes the job of a worker killed with SIGKILL in the middle of it', async () => {
    const { id } = await enqueueJob(database.handle.db, new Date(), {
      name: 'test.slow',
      payload: { n: 'crash' },
    });
    const victim = worker(database, 'victim', { SLOW_MS: '30000', LEASE_MS: '1500' });
    while (!victim.output().includes('started')) await new Promise((r) => setTimeout(r, 50));
    victim.child.kill('SIGKILL');
    await victim.exited;
    const rescuer = worker(database, 'rescuer', { SLOW_MS: '10', LEASE_MS: '1500' });
    expect(await rescuer.exited, rescuer.output()).toBe(0);
    const job = await statusOf(id!);
    expect(job).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect((await executionsByJob(database)).get('crash')).toEqual(['rescuer']);
  }, 60_000);
});
