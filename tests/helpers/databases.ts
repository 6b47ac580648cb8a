import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { connectDatabase, type DatabaseHandle, type Dialect } from '../../src/server/db/connect.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { ulid } from '../../src/server/platform/ids.js';

/** Database tests run on both engines from one file (STYLE.md rule 12). */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

export function postgresUrl(): string {
  return inject('postgresUrl');
}

export function describeEachDialect(name: string, body: (dialect: Dialect) => void): void {
  for (const dialect of DIALECTS) {
    describe.skipIf(dialect === 'postgres' && !postgresUrl())(`${name} [${dialect}]`, () => body(dialect));
  }
}

export interface TestDatabase {
  readonly handle: DatabaseHandle;
  readonly dialect: Dialect;
  /** A fresh data directory (the SQLite file lives here; keys and demo files too). */
  readonly dataDir: string;
  /** postgres:// URL of this test's own database, for another process or pool to connect to. */
  readonly databaseUrl: string | undefined;
  /** Opens a second, independent connection (pool) to the same database. */
  connectAgain(poolSize?: number): DatabaseHandle;
  destroy(): Promise<void>;
}

/** A fresh, migrated database: a temp SQLite file, or a new database in the test PostgreSQL cluster. */
export async function createTestDatabase(
  dialect: Dialect,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-test-'));
  let databaseUrl: string | undefined;
  let dropDatabase = (): Promise<void> => Promise.resolve();
  if (dialect === 'postgres') {
    const adminUrl = postgresUrl();
    if (!adminUrl) throw new Error('PostgreSQL is not available in this test run');
    const name = `kt_${ulid().toLowerCase()}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  const connect = (poolSize?: number) =>
    connectDatabase({ databaseUrl, dataDir, ...(poolSize === undefined ? {} : { poolSize }) });
  const handle = connect();
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    handle,
    dialect,
    dataDir,
    databaseUrl,
    connectAgain: connect,
    async destroy() {
      await handle.close();
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
