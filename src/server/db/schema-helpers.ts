import { PostgresAdapter, sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Dialect } from './connect.js';

/** Which engine a migration runs on, for the few statements the schema builder cannot express. */
export function dialectOf(db: { getExecutor(): { readonly adapter: unknown } }): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Makes a table append-only in the engine itself: UPDATE and DELETE raise an error, whatever code or
 * console issues them. Used for records that are evidence (audit log, transitions, later ledger entries).
 */
export async function makeAppendOnly(db: Kysely<unknown>, table: string): Promise<void> {
  const message = `${table} is append-only`;
  if (dialectOf(db) === 'postgres') {
    await sql`
      create or replace function kameng_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only', TG_TABLE_NAME using errcode = 'P0001';
      end $$`.execute(db);
    await sql`
      create trigger ${sql.id(`${table}_append_only`)}
      before update or delete on ${sql.table(table)}
      for each statement execute function kameng_refuse_change()`.execute(db);
    // TRUNCATE bypasses row triggers; refuse it too.
    await sql`
      create trigger ${sql.id(`${table}_no_truncate`)}
      before truncate on ${sql.table(table)}
      for each statement execute function kameng_refuse_change()`.execute(db);
    return;
  }
  for (const operation of ['update', 'delete'] as const) {
    await sql`
      create trigger ${sql.id(`${table}_no_${operation}`)}
      before ${sql.raw(operation)} on ${sql.table(table)}
      begin
        select raise(abort, ${sql.lit(message)});
      end`.execute(db);
  }
}

/** `column in ('a', 'b')` as a CHECK constraint: the engine refuses states the code does not know. */
export function sqlIn(column: string, values: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}
