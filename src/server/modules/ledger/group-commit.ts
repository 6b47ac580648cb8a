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
  readonly #maxInFlight: number;
  #queue: Pending[] = [];
  #inFlight = 0;
  #scheduled = false;

  /**
   * `inFlight`: how many batch transactions may run at once. SQLite has one writer, so one; on
   * PostgreSQL a batch's round trips overlap the next batch's (each locks its accounts in id order, so
   * concurrent batches may wait for each other but never deadlock).
   */
  constructor(ctx: ServiceContext, options: { maxBatch?: number; inFlight?: number } = {}) {
    this.#ctx = ctx;
    this.#maxBatch = options.maxBatch ?? 512;
    this.#maxInFlight = ctx.dialect === 'sqlite' ? 1 : (options.inFlight ?? 4);
  }

  submit(command: LedgerCommand): Promise<LedgerResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ command, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.#maxInFlight || this.#queue.length === 0) return;
    this.#scheduled = true;
    // Let the callers of this tick join the batch before it starts.
    setImmediate(() => {
      this.#scheduled = false;
      // Spread the waiting commands over the free transaction slots, so that on PostgreSQL their
      // round trips and commit flushes overlap instead of queueing behind one big batch.
      const free = this.#maxInFlight - this.#inFlight;
      const size = Math.min(this.#maxBatch, Math.ceil(this.#queue.length / Math.max(free, 1)));
      while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
        const batch = this.#queue.splice(0, size);
        this.#inFlight++;
        void this.#write(batch).finally(() => {
          this.#inFlight--;
          this.#schedule();
        });
      }
    });
  }

  async #write(batch: Pending[]): Promise<void> {
    try {
      const results = await this.#ctx.transact((trx) =>
        postCommands(
          trx,
          { dialect: this.#ctx.dialect, clock: this.#ctx.clock },
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
            const [result] = await postCommands(trx, { dialect: this.#ctx.dialect, clock: this.#ctx.clock }, [
              pending.command,
            ]);
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
