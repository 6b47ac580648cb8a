import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import { toSafeNumber } from './integers.js';

/**
 * Kysely's stock SQLite driver begins transactions with a plain (deferred) BEGIN and prepares every
 * statement anew. Ours differs in three ways that matter for money:
 * - writes start with BEGIN IMMEDIATE, so a transaction takes the write lock before it reads: two
 *   processes can never both read a balance and then both write it (no SQLITE_BUSY upgrade deadlock);
 * - integers come back as BigInt and are converted with an overflow guard, so a value beyond 2^53 is an
 *   error rather than a silently rounded amount;
 * - prepared statements are cached per SQL text.
 * - transactions that queue for the writer commit together (group commit, below), and reads outside
 *   transactions use a second connection so they never wait behind a writer.
 */
export class KamengSqliteDialect implements Dialect {
  readonly #open: () => BetterSqlite3.Database;

  constructor(open: () => BetterSqlite3.Database) {
    this.#open = open;
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createDriver(): Driver {
    return new KamengSqliteDriver(this.#open);
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
}

/** A FIFO lock that knows whether anyone is waiting for it (group commit asks before committing). */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;
  #waiting = 0;

  async lock(): Promise<void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    this.#waiting++;
    await previous;
    this.#waiting--;
    this.#release = release;
  }

  unlock(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  get hasWaiters(): boolean {
    return this.#waiting > 0;
  }
}

/** A group stays open at most this long and this large, so a steady queue still commits often. */
const GROUP_MAX_MEMBERS = 64;
const GROUP_MAX_MS = 20;
const MEMBER_SAVEPOINT = 'kameng_member';
const TRANSACTION_CONTROL = /^\s*(begin|commit|end|rollback)\b(?!\s+to\b)/i;

interface CommitGroup {
  startedAt: number;
  /** Members whose work is done and who wait for the group's COMMIT to answer their callers. */
  waiting: Array<{ resolve: () => void; reject: (error: Error) => void }>;
}

/**
 * One acquisition of the database by Kysely. Outside a transaction its reads go to the reader connection
 * (WAL: they see the last committed state and never wait for the writer) and its writes take the writer
 * for one statement; inside a transaction everything runs on the writer, which this lease then holds.
 */
class Lease implements DatabaseConnection {
  inTransaction = false;
  /**
   * The member joined a group already open, inside its own SAVEPOINT. The first member of a group needs
   * none: it runs alone in the transaction, and its failure rolls the whole (still empty) group back.
   */
  inSavepoint = false;
  /** A transaction begun with raw SQL on a pinned connection (migrations), outside any group. */
  raw = false;
  readonly #driver: KamengSqliteDriver;

  constructor(driver: KamengSqliteDriver) {
    this.#driver = driver;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return this.#driver.execute<R>(this, compiledQuery);
  }

  streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    return this.#driver.stream<R>(this, compiledQuery);
  }
}

/**
 * Group commit (PERFORMANCE.md "Flash sale"). SQLite at synchronous=FULL pays one fsync per COMMIT, which
 * bounds a shop to a few hundred transactions a second whatever they do. When transactions queue for
 * the writer, they run one after another inside a single SQLite transaction, each in its own SAVEPOINT
 * (a transaction that fails rolls back to its savepoint and leaves the others alone), and the group
 * commits once — when nobody else is waiting, or when it is GROUP_MAX_MEMBERS large or GROUP_MAX_MS
 * old. A caller's `commit` resolves only after the group's COMMIT is durable, so nothing is acknowledged
 * that could be lost; if that COMMIT fails, every member of the group gets the error. Members run
 * strictly one at a time on the writer, so each sees exactly the effects of those before it, as with
 * separate transactions. Readers outside transactions use a second connection and see only what
 * groups have committed.
 */
class KamengSqliteDriver implements Driver {
  readonly #open: () => BetterSqlite3.Database;
  readonly #mutex = new Mutex();
  #writerDb: BetterSqlite3.Database | undefined;
  #readerDb: BetterSqlite3.Database | undefined;
  #writer: SqliteConnection | undefined;
  #reader: SqliteConnection | undefined;
  #group: CommitGroup | undefined;
  #flushScheduled = false;

  constructor(open: () => BetterSqlite3.Database) {
    this.#open = open;
  }

  init(): Promise<void> {
    this.#writerDb = this.#open();
    this.#writer = new SqliteConnection(this.#writerDb);
    this.#readerDb = this.#open();
    // A safety net: a statement misjudged as read-only fails instead of writing outside the lock.
    this.#readerDb.pragma('query_only = ON');
    this.#reader = new SqliteConnection(this.#readerDb);
    return Promise.resolve();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(new Lease(this));
  }

  async execute<R>(lease: Lease, query: CompiledQuery): Promise<QueryResult<R>> {
    const control = TRANSACTION_CONTROL.exec(query.sql)?.[1]?.toLowerCase();
    if (control) return this.#rawTransactionControl<R>(lease, control, query);
    if (lease.inTransaction) return this.#writer!.executeQuery<R>(query);
    if (this.#reader!.isReadOnly(query.sql)) return this.#reader!.executeQuery<R>(query);
    // A write outside any transaction: the writer for one statement, after any open group commits.
    await this.#mutex.lock();
    try {
      this.#commitGroup();
      return await this.#writer!.executeQuery<R>(query);
    } finally {
      this.#mutex.unlock();
    }
  }

  /**
   * `begin` / `commit` / `rollback` sent as SQL on a pinned connection (`db.connection()`): the migrator
   * does this to hold the write lock across a whole migration. Such a transaction owns the writer alone:
   * any open group commits first, and nothing joins it.
   */
  async #rawTransactionControl<R>(
    lease: Lease,
    control: string,
    query: CompiledQuery,
  ): Promise<QueryResult<R>> {
    if (control === 'begin') {
      if (lease.inTransaction) throw new Error('a transaction is already open on this connection');
      await this.#mutex.lock();
      try {
        this.#commitGroup();
        const result = await this.#writer!.executeQuery<R>(query);
        lease.inTransaction = lease.raw = true;
        return result;
      } catch (error) {
        this.#mutex.unlock();
        throw error;
      }
    }
    if (!lease.raw) throw new Error(`${control} outside a transaction begun on this connection`);
    try {
      return await this.#writer!.executeQuery<R>(query);
    } finally {
      lease.inTransaction = lease.raw = false;
      this.#mutex.unlock();
    }
  }

  stream<R>(lease: Lease, query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (lease.inTransaction) return this.#writer!.streamQuery<R>(query);
    if (this.#reader!.isReadOnly(query.sql)) return this.#reader!.streamQuery<R>(query);
    throw new Error('streaming a write outside a transaction is not supported');
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    await this.#mutex.lock();
    try {
      if (!this.#group) {
        // IMMEDIATE: the write lock is taken before anything is read, so another process can never read
        // a balance, lose the race for the lock, and write from a stale read.
        this.#writerDb!.exec('begin immediate');
        this.#group = { startedAt: performance.now(), waiting: [] };
        lease.inSavepoint = false;
      } else {
        this.#writerDb!.exec(`savepoint ${MEMBER_SAVEPOINT}`);
        lease.inSavepoint = true;
      }
      lease.inTransaction = true;
    } catch (error) {
      this.#mutex.unlock();
      throw error;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    try {
      if (lease.inSavepoint) this.#writerDb!.exec(`release ${MEMBER_SAVEPOINT}`);
    } catch (error) {
      // This member's work can no longer be told apart from the group's: the whole group fails, so no
      // caller is ever told "failed" for work that is then committed.
      lease.inTransaction = false;
      this.#failGroup(error);
      this.#handOver();
      throw error;
    }
    const group = this.#group!;
    const durable = new Promise<void>((resolve, reject) => group.waiting.push({ resolve, reject }));
    lease.inTransaction = false;
    this.#handOver();
    await durable;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    // After a failed group COMMIT, Kysely rolls back too: the member is already out of the group.
    if (!lease.inTransaction) return;
    try {
      if (this.#writerDb!.inTransaction && lease.inSavepoint) {
        this.#writerDb!.exec(`rollback to ${MEMBER_SAVEPOINT}`);
        this.#writerDb!.exec(`release ${MEMBER_SAVEPOINT}`);
      } else if (this.#writerDb!.inTransaction) {
        // The group's first member: nobody has finished in this group yet, so the whole of it goes.
        this.#writerDb!.exec('rollback');
        this.#group = undefined;
      }
    } catch (error) {
      this.#failGroup(error);
    } finally {
      lease.inTransaction = false;
      // Some errors (I/O, a full disk) make SQLite roll back the whole transaction by itself: then the
      // members already done are lost too, and must hear it.
      if (this.#group && !this.#writerDb!.inTransaction)
        this.#failGroup(new Error('SQLite rolled back the transaction group'));
      this.#handOver();
    }
    return Promise.resolve();
  }

  /**
   * Ends a member's turn and passes the writer on. A full group commits now. Otherwise the commit waits
   * for one turn of the event loop, so that requests arriving meanwhile join the group: a flusher queues
   * for the writer like any member, and commits whatever group is open when its turn comes.
   */
  #handOver(): void {
    const group = this.#group;
    const full =
      group !== undefined &&
      (group.waiting.length >= GROUP_MAX_MEMBERS || performance.now() - group.startedAt >= GROUP_MAX_MS);
    if (full) this.#commitGroup();
    this.#mutex.unlock();
    if (this.#group && !this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => void this.#flush());
    }
  }

  async #flush(): Promise<void> {
    await this.#mutex.lock();
    this.#flushScheduled = false;
    try {
      this.#commitGroup();
    } finally {
      this.#mutex.unlock();
    }
  }

  #commitGroup(): void {
    const group = this.#group;
    if (!group) return;
    this.#group = undefined;
    try {
      this.#writerDb!.exec('commit');
    } catch (error) {
      if (this.#writerDb!.inTransaction) this.#writerDb!.exec('rollback');
      for (const member of group.waiting) member.reject(asError(error));
      return;
    }
    for (const member of group.waiting) member.resolve();
  }

  #failGroup(error: unknown): void {
    const group = this.#group;
    if (!group) return;
    this.#group = undefined;
    if (this.#writerDb!.inTransaction) this.#writerDb!.exec('rollback');
    for (const member of group.waiting) member.reject(asError(error));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteIdentifier(name)}`));
  }

  releaseConnection(): Promise<void> {
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    this.#commitGroup();
    this.#readerDb?.close();
    this.#writerDb?.close();
    this.#readerDb = this.#writerDb = undefined;
    return Promise.resolve();
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const STATEMENT_CACHE_SIZE = 256;

class SqliteConnection implements DatabaseConnection {
  readonly #db: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  #prepare(sqlText: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sqlText);
    if (statement) {
      // Refresh recency: Map iteration order is insertion order, so the first key is least recent.
      this.#statements.delete(sqlText);
    } else {
      statement = this.#db.prepare(sqlText);
      if (statement.reader) statement.safeIntegers(true);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
    }
    this.#statements.set(sqlText, statement);
    return statement;
  }

  /** Whether a statement only reads (better-sqlite3 asks SQLite); prepared once and cached. */
  isReadOnly(sqlText: string): boolean {
    return this.#prepare(sqlText).readonly;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const statement = this.#prepare(compiledQuery.sql);
      const parameters = compiledQuery.parameters as unknown[];
      if (statement.reader) {
        const rows = statement.all(...parameters) as Record<string, unknown>[];
        return Promise.resolve({ rows: rows.map(convertIntegers) as R[] });
      }
      const { changes, lastInsertRowid } = statement.run(...parameters);
      return Promise.resolve({
        rows: [],
        numAffectedRows: BigInt(changes),
        insertId: BigInt(lastInsertRowid),
      });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const statement = this.#prepare(compiledQuery.sql);
    if (!statement.reader) throw new Error('streamQuery needs a statement that returns rows');
    const rows = statement.iterate(...(compiledQuery.parameters as unknown[]));
    const iterator: AsyncIterableIterator<QueryResult<R>> = {
      [Symbol.asyncIterator]: () => iterator,
      next: () => {
        const step = rows.next();
        return Promise.resolve(
          step.done
            ? { done: true, value: undefined }
            : { done: false, value: { rows: [convertIntegers(step.value as Record<string, unknown>) as R] } },
        );
      },
      return: () => {
        rows.return?.();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
    return iterator;
  }
}

function convertIntegers(row: Record<string, unknown>): Record<string, unknown> {
  for (const key in row) {
    const value = row[key];
    if (typeof value === 'bigint') row[key] = toSafeNumber(value, key);
  }
  return row;
}
