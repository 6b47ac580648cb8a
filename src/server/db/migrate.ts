import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';
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
  const result: MigrationResultSet = await migratorFor(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
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
