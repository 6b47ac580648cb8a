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
 * Like Kysely's, it has one connection guarded by a mutex: SQLite has one writer anyway.
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

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  async lock(): Promise<void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
  }

  unlock(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}

class KamengSqliteDriver implements Driver {
  readonly #open: () => BetterSqlite3.Database;
  readonly #mutex = new Mutex();
  #db: BetterSqlite3.Database | undefined;
  #connection: SqliteConnection | undefined;

  constructor(open: () => BetterSqlite3.Database) {
    this.#open = open;
  }

  init(): Promise<void> {
    this.#db = this.#open();
    this.#connection = new SqliteConnection(this.#db);
    return Promise.resolve();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#connection!;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
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
    this.#mutex.unlock();
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    this.#db?.close();
    this.#db = undefined;
    return Promise.resolve();
  }
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
