import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';
import { dialectOf } from './schema-helpers.js';
import { MIGRATIONS } from './migrations/index.js';

function migratorFor(db: Kysely<Database>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) },
    // Kysely takes a lock table on both engines, so several instances starting together migrate once.
    migrationTableName: 'kameng_migrations',
    migrationLockTableName: 'kameng_migrations_lock',
  });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface SchemaStatus {
  /** Name of the newest applied migration, or null on an empty database. */
  version: string | null;
  applied: number;
  pending: string[];
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const result =
    dialectOf(db) === 'sqlite' ? await migrateSqliteExclusively(db) : await migratorFor(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(
      `migration ${failed} failed: ${result.error instanceof Error ? result.error.message : JSON.stringify(result.error)}`,
      { cause: result.error },
    );
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Kysely's migration lock is a no-op on SQLite and it runs SQLite migrations outside a transaction, so two
 * processes starting on one file (a server and `kameng db:migrate`) could both apply the same migration.
 * SQLite's DDL is transactional: we run the whole migration in one BEGIN IMMEDIATE transaction on one
 * pinned connection, so the second process waits for the first and then finds nothing to do.
 */
async function migrateSqliteExclusively(db: Kysely<Database>): Promise<MigrationResultSet> {
  // One pinned connection: the driver gives a raw BEGIN the writer to itself until COMMIT or ROLLBACK.
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    let result: MigrationResultSet;
    try {
      result = await migratorFor(connection).migrateToLatest();
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
    await sql.raw(result.error ? 'rollback' : 'commit').execute(connection);
    return result;
  });
}

export async function schemaStatus(db: Kysely<Database>): Promise<SchemaStatus> {
  const migrations = await migratorFor(db).getMigrations();
  const applied = migrations.filter((m) => m.executedAt !== undefined);
  return {
    version: applied.at(-1)?.name ?? null,
    applied: applied.length,
    pending: migrations.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}
