import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { toSafeNumber } from './integers.js';
import { KamengPostgresDialect } from './postgres-driver.js';
import { KamengSqliteDialect } from './sqlite-driver.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Where the data lives, without credentials: for logs and the health endpoint. */
  readonly location: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** postgres://… selects PostgreSQL; otherwise SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL pool size per process. */
  poolSize?: number;
}

export const SQLITE_FILE_NAME = 'kameng.sqlite';

export function connectDatabase(options: ConnectOptions): DatabaseHandle {
  return options.databaseUrl
    ? connectPostgres(options.databaseUrl, options.poolSize ?? 10)
    : connectSqlite(path.join(options.dataDir, SQLITE_FILE_NAME));
}

export function openSqliteFile(file: string): BetterSqlite3.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const connection = new BetterSqlite3(file);
  // WAL lets readers run beside the writer; synchronous=FULL fsyncs every commit, so an acknowledged
  // payment survives power loss; busy_timeout makes a second process wait for the write lock instead of
  // failing at once.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = FULL');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('foreign_keys = ON');
  return connection;
}

function connectSqlite(file: string): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new KamengSqliteDialect(() => openSqliteFile(file)) });
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

const PG_INT8 = 20;

function connectPostgres(url: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'kameng',
    // Per-pool type parsing (not pg's global registry): bigint columns become numbers, guarded.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) =>
        oid === PG_INT8
          ? (value: string) => toSafeNumber(value)
          : (pg.types.getTypeParser(oid, format ?? 'text') as (
              value: string,
            ) => unknown)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle pooled connection can fail (server restart, admin termination); without a listener pg would
  // crash the process. The pool replaces the connection; the next query reports any lasting problem.
  pool.on('error', (error) => {
    process.stderr.write(`kameng: idle PostgreSQL connection failed: ${error.message}\n`);
  });
  const db = new Kysely<Database>({ dialect: new KamengPostgresDialect(pool) });
  return { db, dialect: 'postgres', location: redactUrl(url), close: () => db.destroy() };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

/** Round trip to the database: used by the health endpoint. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
