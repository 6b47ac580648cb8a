import type { FastifyBaseLogger } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config.js';
import type { Dialect } from '../db/connect.js';
import type { Database } from '../db/database.js';
import type { Clock } from './clock.js';
import type { KeyRing } from './crypto.js';

export type Trx = Transaction<Database>;
/** Either the database or an open transaction: repository functions accept both. */
export type Db = Kysely<Database>;

/**
 * The one small object a use case receives (STYLE.md rule 3): connections, time, configuration, keys,
 * a logger, and `transact`, which opens the use case's transaction.
 */
export interface ServiceContext {
  readonly db: Db;
  readonly dialect: Dialect;
  readonly clock: Clock;
  readonly config: Config;
  readonly keys: KeyRing;
  readonly log: FastifyBaseLogger;
  /**
   * Runs `work` in one transaction (BEGIN IMMEDIATE on SQLite) and, after it commits, tells listeners
   * (the job runner) that new work may be waiting: the outbox drains right after commit, not on the next
   * poll.
   */
  transact<T>(work: (trx: Trx) => Promise<T>): Promise<T>;
  /** Registers a listener called after every successful commit. */
  onCommit(listener: () => void): void;
}

export interface ServiceContextParts {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  config: Config;
  keys: KeyRing;
  log: FastifyBaseLogger;
}

export function createServiceContext(parts: ServiceContextParts): ServiceContext {
  const listeners: Array<() => void> = [];
  return {
    ...parts,
    async transact(work) {
      const result = await parts.db.transaction().execute(work);
      for (const listener of listeners) listener();
      return result;
    },
    onCommit(listener) {
      listeners.push(listener);
    },
  };
}

/**
 * Runs a batch job's work item by item, so one that keeps failing (a refund the ledger refuses, say) is
 * logged and retried next run instead of holding up every item behind it. Returns how many succeeded.
 */
export async function forEachItem<T>(
  ctx: Pick<ServiceContext, 'log'>,
  job: string,
  items: readonly T[],
  work: (item: T) => Promise<boolean | void>,
): Promise<number> {
  let done = 0;
  for (const item of items) {
    try {
      if ((await work(item)) !== false) done++;
    } catch (error) {
      ctx.log.error({ err: error, job, item }, 'a batch item failed; it is retried on the next run');
    }
  }
  return done;
}
