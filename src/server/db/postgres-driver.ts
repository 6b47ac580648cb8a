import { createHash } from 'node:crypto';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';

/**
 * Kysely's PostgreSQL driver sends every query unnamed, so the server parses and plans it each time.
 * Ours runs SQL that starts with `PREPARED` as a named prepared statement (planned once per connection):
 * the ledger marks its hot path with it, and planning was a third of a transfer's server time. Everything
 * else goes unnamed, as before. A connection keeps at most MAX_PREPARED statements, so shapes that vary
 * (batches of any size) cannot grow the server's memory without bound.
 */
export const PREPARED = '/* prepared */ ';
const MAX_PREPARED = 200;

export class KamengPostgresDialect implements Dialect {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new KamengPostgresDriver(this.#pool);
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class KamengPostgresDriver implements Driver {
  readonly #pool: pg.Pool;
  readonly #connections = new WeakMap<pg.PoolClient, PostgresConnection>();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  init(): Promise<void> {
    return Promise.resolve();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.#pool.connect();
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new PostgresConnection(client);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    const access = settings.accessMode ? ` ${settings.accessMode}` : '';
    await connection.executeQuery(
      CompiledQuery.raw(isolation || access ? `start transaction${isolation}${access}` : 'begin'),
    );
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
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdentifier(name)}`));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PostgresConnection).client.release();
    return Promise.resolve();
  }

  async destroy(): Promise<void> {
    await this.#pool.end();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

class PostgresConnection implements DatabaseConnection {
  readonly client: pg.PoolClient;
  readonly #prepared = new Set<string>();

  constructor(client: pg.PoolClient) {
    this.client = client;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const config: pg.QueryConfig = { text: compiledQuery.sql, values: [...compiledQuery.parameters] };
    if (compiledQuery.sql.startsWith(PREPARED)) {
      const name = `k_${createHash('sha1').update(compiledQuery.sql).digest('hex').slice(0, 24)}`;
      if (this.#prepared.has(name) || this.#prepared.size < MAX_PREPARED) {
        this.#prepared.add(name);
        config.name = name;
      }
    }
    const result = await this.client.query<R & pg.QueryResultRow>(config);
    const counted =
      result.command === 'INSERT' ||
      result.command === 'UPDATE' ||
      result.command === 'DELETE' ||
      result.command === 'MERGE';
    return { rows: result.rows, ...(counted ? { numAffectedRows: BigInt(result.rowCount ?? 0) } : {}) };
  }

  /** Kameng never streams on PostgreSQL: long reads page through keysets. */
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streamQuery is not supported: page through keysets instead');
  }
}
