/**
 * A separate worker process for the multi-process job tests. It runs a JobRunner against the database
 * named in its environment until no test job is left pending or running, recording each execution in the
 * audit log (the cheapest append-only table at hand). `test.slow` jobs sleep, so a test can kill -9 the
 * worker in the middle of one.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectDatabase } from '../../src/server/db/connect.js';
import { SYSTEM_ACTOR } from '../../src/server/platform/actor.js';
import { recordAudit } from '../../src/server/platform/audit.js';
import { systemClock } from '../../src/server/platform/clock.js';
import { JobRunner, type JobDefinition } from '../../src/server/platform/jobs.js';
import { serviceContextFor } from './service-context.js';

const worker = process.env.WORKER_ID ?? 'worker';
const handle = connectDatabase({
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: process.env.KAMENG_DATA_DIR ?? '',
  poolSize: 4,
});
const ctx = serviceContextFor(handle, { clock: systemClock });

const record: JobDefinition['handler'] = async (jobCtx, payload) => {
  await recordAudit(jobCtx.db, jobCtx.clock.now(), {
    actor: { ...SYSTEM_ACTOR, id: worker },
    action: 'test.job.ran',
    target: { type: 'job', id: String((payload as { n: number }).n) },
    ip: null,
    summary: jobCtx.job.id,
  });
};

const runner = new JobRunner(
  ctx,
  [
    { name: 'test.record', handler: record },
    {
      name: 'test.slow',
      handler: async (jobCtx, payload) => {
        process.stdout.write(`started ${jobCtx.job.id}\n`);
        await sleep(Number(process.env.SLOW_MS ?? 2000));
        await record(jobCtx, payload);
      },
    },
  ],
  [],
  { owner: worker, concurrency: 4, pollMs: 20, leaseMs: Number(process.env.LEASE_MS ?? 60_000) },
);

// A start barrier: a test that wants several workers to compete starts them all, waits for each to say
// `ready` (connected, modules loaded), then creates START_FILE, so no worker drains the queue alone.
const startFile = process.env.START_FILE;
if (startFile) {
  process.stdout.write('ready\n');
  while (!fs.existsSync(startFile)) await sleep(20);
}
runner.start();
for (;;) {
  await sleep(100);
  const left = await handle.db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('name', 'like', 'test.%')
    .where('status', 'in', ['pending', 'running'])
    .executeTakeFirstOrThrow();
  if (Number(left.n) === 0) break;
}
await runner.stop();
await handle.close();
process.stdout.write(`done ${worker}\n`);
