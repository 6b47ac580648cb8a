import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Selectable } from 'kysely';
import type { Dialect } from '../db/connect.js';
import { addMs, HOUR_MS, toStoredTime } from './clock.js';
import type { Db, ServiceContext } from './context.js';
import { newId, ulid } from './ids.js';
import type { JobsTable } from './platform.tables.js';

/**
 * Leased background jobs (ARCHITECTURE.md "Jobs"). A job row is claimed by setting a lease; a worker that
 * dies leaves the lease to expire and another worker takes the job over, so every job runs at least once
 * and handlers must be idempotent. Claims use `FOR UPDATE SKIP LOCKED` on PostgreSQL, so any number of
 * instances share the queue without blocking each other; on SQLite the claim is one statement under the
 * database's single write lock.
 */
export type JobRow = Selectable<JobsTable>;

export interface JobContext extends ServiceContext {
  readonly job: JobRow;
}

export type JobHandler = (ctx: JobContext, payload: unknown) => Promise<void>;

export interface JobDefinition {
  readonly name: string;
  readonly handler: JobHandler;
  readonly maxAttempts?: number;
}

/** A job enqueued once per time slot; the slot is the dedupe key, so many instances enqueue it once. */
export interface RecurringJob {
  readonly name: string;
  readonly everyMs: number;
}

export interface EnqueueSpec {
  name: string;
  payload?: unknown;
  runAt?: Date;
  dedupeKey?: string;
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 10;

/** Enqueues in the caller's transaction: the job exists if and only if the caller's change commits. */
export async function enqueueJob(
  db: Db,
  now: Date,
  spec: EnqueueSpec,
): Promise<{ id: string; created: true } | { id: null; created: false }> {
  const [id] = await enqueueJobs(db, now, [spec]);
  return id ? { id, created: true } : { id: null, created: false };
}

/** Several jobs in one insert; each id, or null where a job with the same dedupe key already exists. */
export async function enqueueJobs(
  db: Db,
  now: Date,
  specs: readonly EnqueueSpec[],
): Promise<Array<string | null>> {
  if (specs.length === 0) return [];
  const stamp = toStoredTime(now);
  const rows = specs.map((spec) => ({
    id: newId('job', now),
    name: spec.name,
    payload: JSON.stringify(spec.payload ?? null),
    dedupe_key: spec.dedupeKey ?? null,
    status: 'pending' as const,
    run_at: toStoredTime(spec.runAt ?? now),
    attempts: 0,
    max_attempts: spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    created_at: stamp,
    updated_at: stamp,
  }));
  const inserted = await db
    .insertInto('jobs')
    .values(rows)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .execute();
  const created = new Set(inserted.map((row) => row.id));
  return rows.map((row) => (created.has(row.id) ? row.id : null));
}

export async function claimDueJobs(
  db: Db,
  dialect: Dialect,
  options: { now: Date; owner: string; leaseMs: number; limit: number },
): Promise<JobRow[]> {
  const now = toStoredTime(options.now);
  const due = db
    .selectFrom('jobs')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
        // A lease that ran out means its worker died or hung: take the job over.
        eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<=', now)]),
      ]),
    )
    .orderBy('run_at')
    .orderBy('id')
    .limit(options.limit);
  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      lease_owner: options.owner,
      lease_expires_at: toStoredTime(addMs(options.now, options.leaseMs)),
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', 'in', dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
    .returningAll()
    .execute();
}

/** Exponential backoff from 5 s to 1 h with ±20 % jitter, so retries of a failing peer spread out. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, attempt - 1), HOUR_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface JobRunnerOptions {
  /** Identifies this worker in leases; defaults to host:pid:random. */
  owner?: string;
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
  onJobFinished?: (name: string, outcome: 'succeeded' | 'retry' | 'dead', durationMs: number) => void;
}

export class JobRunner {
  readonly owner: string;
  readonly #ctx: ServiceContext;
  readonly #log: FastifyBaseLogger;
  readonly #handlers: Map<string, JobDefinition>;
  readonly #recurring: readonly RecurringJob[];
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #leaseMs: number;
  readonly #onJobFinished: JobRunnerOptions['onJobFinished'];
  #loop: Promise<void> | undefined;
  #stopping = false;
  #wakeUp: (() => void) | undefined;
  #wokenEarly = false;

  constructor(
    ctx: ServiceContext,
    definitions: readonly JobDefinition[],
    recurring: readonly RecurringJob[],
    options: JobRunnerOptions = {},
  ) {
    this.#ctx = ctx;
    this.#log = ctx.log.child({ component: 'jobs' });
    this.#handlers = new Map();
    for (const definition of definitions) {
      if (this.#handlers.has(definition.name)) throw new Error(`job ${definition.name} is defined twice`);
      this.#handlers.set(definition.name, definition);
    }
    for (const job of recurring) {
      if (!this.#handlers.has(job.name)) throw new Error(`recurring job ${job.name} has no handler`);
    }
    this.#recurring = recurring;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${ulid().slice(-6)}`;
    this.#concurrency = options.concurrency ?? 4;
    this.#pollMs = options.pollMs ?? 1_000;
    this.#leaseMs = options.leaseMs ?? 5 * 60_000;
    this.#onJobFinished = options.onJobFinished;
    ctx.onCommit(() => this.wake());
  }

  get isRunning(): boolean {
    return this.#loop !== undefined;
  }

  start(): void {
    if (this.#loop) return;
    this.#stopping = false;
    this.#loop = this.#runLoop();
  }

  /** Ends the loop after the jobs in hand finish; claims nothing new. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.wake();
    await this.#loop;
    this.#loop = undefined;
  }

  /** Asks the loop to look for work now instead of at the next poll. */
  wake(): void {
    this.#wokenEarly = true;
    this.#wakeUp?.();
  }

  /**
   * Runs everything due now, batch after batch, until nothing is due. For tests with a manual clock and
   * for `kameng` commands; not to be mixed with a started loop.
   */
  async runDueJobs(): Promise<number> {
    let total = 0;
    await this.scheduleRecurring();
    for (;;) {
      const ran = await this.#runOneBatch();
      if (ran === 0) return total;
      total += ran;
    }
  }

  async scheduleRecurring(): Promise<void> {
    const now = this.#ctx.clock.now();
    for (const job of this.#recurring) {
      const slot = new Date(Math.floor(now.getTime() / job.everyMs) * job.everyMs);
      await enqueueJob(this.#ctx.db, now, {
        name: job.name,
        runAt: slot,
        dedupeKey: `${job.name}@${toStoredTime(slot)}`,
      });
    }
  }

  async #runLoop(): Promise<void> {
    let failures = 0;
    while (!this.#stopping) {
      try {
        this.#wokenEarly = false;
        await this.scheduleRecurring();
        const ran = await this.#runOneBatch();
        failures = 0;
        if (ran === 0 && !this.#wokenEarly) await this.#sleep(this.#pollMs);
      } catch (error) {
        failures++;
        this.#log.error({ err: error }, 'job loop failed; backing off');
        await this.#sleep(Math.min(this.#pollMs * 2 ** failures, 30_000));
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeUp = () => {
        this.#wakeUp = undefined;
        done();
      };
    });
  }

  async #runOneBatch(): Promise<number> {
    const claimed = await claimDueJobs(this.#ctx.db, this.#ctx.dialect, {
      now: this.#ctx.clock.now(),
      owner: this.owner,
      leaseMs: this.#leaseMs,
      limit: this.#concurrency,
    });
    await Promise.all(claimed.map((job) => this.#runJob(job)));
    return claimed.length;
  }

  async #runJob(job: JobRow): Promise<void> {
    const started = Date.now();
    const log = this.#log.child({ jobId: job.id, job: job.name, attempt: job.attempts });
    const definition = this.#handlers.get(job.name);
    const heartbeat = setInterval(() => void this.#extendLease(job), Math.max(1_000, this.#leaseMs / 3));
    heartbeat.unref();
    try {
      if (!definition) throw new NonRetryableJobError(`no handler for job ${job.name}`);
      if (job.attempts > job.max_attempts) throw new NonRetryableJobError('attempts exhausted');
      await definition.handler({ ...this.#ctx, job }, JSON.parse(job.payload));
      await this.#finish(job, 'succeeded', null);
      this.#onJobFinished?.(job.name, 'succeeded', Date.now() - started);
    } catch (error) {
      const final = error instanceof NonRetryableJobError || job.attempts >= job.max_attempts;
      const message = describeError(error);
      log[final ? 'error' : 'warn']({ err: error }, final ? 'job failed for good' : 'job failed; will retry');
      await this.#finish(job, final ? 'dead' : 'retry', message).catch((finishError: unknown) =>
        log.error(
          { err: finishError },
          'could not record job failure; the lease will expire and it will rerun',
        ),
      );
      this.#onJobFinished?.(job.name, final ? 'dead' : 'retry', Date.now() - started);
    } finally {
      clearInterval(heartbeat);
    }
  }

  async #extendLease(job: JobRow): Promise<void> {
    try {
      await this.#ctx.db
        .updateTable('jobs')
        .set({ lease_expires_at: toStoredTime(addMs(this.#ctx.clock.now(), this.#leaseMs)) })
        .where('id', '=', job.id)
        .where('lease_owner', '=', this.owner)
        .where('status', '=', 'running')
        .execute();
    } catch (error) {
      this.#log.warn({ err: error, jobId: job.id }, 'could not extend job lease');
    }
  }

  async #finish(job: JobRow, outcome: 'succeeded' | 'retry' | 'dead', error: string | null): Promise<void> {
    const now = this.#ctx.clock.now();
    const stamp = toStoredTime(now);
    const base = this.#ctx.db
      .updateTable('jobs')
      .where('id', '=', job.id)
      // Fencing: if our lease expired and another worker took the job, its outcome is the one that counts.
      .where('lease_owner', '=', this.owner)
      .where('status', '=', 'running');
    const update =
      outcome === 'retry'
        ? base.set({
            status: 'pending',
            run_at: toStoredTime(addMs(now, retryDelayMs(job.attempts))),
            lease_owner: null,
            lease_expires_at: null,
            last_error: error,
            updated_at: stamp,
          })
        : base.set({
            status: outcome,
            lease_owner: null,
            lease_expires_at: null,
            last_error: error,
            updated_at: stamp,
            completed_at: stamp,
          });
    const result = await update.executeTakeFirst();
    if (result.numUpdatedRows === 0n) {
      this.#log.warn({ jobId: job.id }, 'job lease was lost before it finished; another worker owns it now');
    }
  }
}

/** Thrown by a handler for a job that can never succeed (bad payload): no retries. */
export class NonRetryableJobError extends Error {
  override name = 'NonRetryableJobError';
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 1_000);
}

/** Deletes succeeded jobs older than `keepMs`; dead ones stay for an operator to inspect. */
export async function deleteFinishedJobs(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('status', '=', 'succeeded')
    .where('completed_at', '<', toStoredTime(before))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export const jobsCleanup: JobDefinition = {
  name: 'jobs.cleanup',
  handler: async (ctx) => {
    await deleteFinishedJobs(ctx.db, addMs(ctx.clock.now(), -7 * 24 * HOUR_MS));
  },
};
