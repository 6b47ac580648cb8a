import { sql } from 'kysely';
import type { ServiceContext } from '../../platform/context.js';
import type { LedgerCommand } from './commands.js';
import { postCommands, type LedgerResult } from './transfers.service.js';

/**
 * Group commit: transfers submitted concurrently are decided and written in one database transaction,
 * so one fsync (SQLite) or one commit round trip (PostgreSQL) serves many callers. Each command is still
 * its own unit: the engine decides them one by one in memory, so a rejection never affects another, and
 * every caller gets its result only after the commit. If the batch fails in the database (a concurrent
 * duplicate id from another instance, say), it is rolled back and replayed with each command in its own
 * savepoint, so one failure cannot take the others with it.
 */
interface Pending {
  command: LedgerCommand;
  resolve: (result: LedgerResult) => void;
  reject: (error: unknown) => void;
}

export class LedgerWriter {
  readonly #ctx: ServiceContext;
  readonly #maxBatch: number;
  #queue: Pending[] = [];
  #running = false;

  constructor(ctx: ServiceContext, options: { maxBatch?: number } = {}) {
    this.#ctx = ctx;
    this.#maxBatch = options.maxBatch ?? 512;
  }

  submit(command: LedgerCommand): Promise<LedgerResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ command, resolve, reject });
      if (!this.#running) {
        this.#running = true;
        // Let the callers of this tick join the batch before it starts.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      await this.#write(batch);
    }
    this.#running = false;
  }

  async #write(batch: Pending[]): Promise<void> {
    try {
      const results = await this.#ctx.transact((trx) =>
        postCommands(
          trx,
          { dialect: this.#ctx.dialect, now: this.#ctx.clock.now() },
          batch.map((p) => p.command),
        ),
      );
      batch.forEach((pending, i) => pending.resolve(results[i]!));
    } catch {
      await this.#writeIsolated(batch);
    }
  }

  async #writeIsolated(batch: Pending[]): Promise<void> {
    const outcomes: Array<{ ok: true; result: LedgerResult } | { ok: false; error: unknown }> = [];
    try {
      await this.#ctx.transact(async (trx) => {
        for (const [i, pending] of batch.entries()) {
          const savepoint = sql.raw(`ledger_write_${i}`);
          await sql`savepoint ${savepoint}`.execute(trx);
          try {
            const [result] = await postCommands(
              trx,
              { dialect: this.#ctx.dialect, now: this.#ctx.clock.now() },
              [pending.command],
            );
            await sql`release savepoint ${savepoint}`.execute(trx);
            outcomes.push({ ok: true, result: result! });
          } catch (error) {
            await sql`rollback to savepoint ${savepoint}`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
  }
}
