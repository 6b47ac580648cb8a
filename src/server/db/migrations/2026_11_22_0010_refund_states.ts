import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../schema-helpers.js';

/**
 * Refunds as their own state machine (issue 6): requested → processing → succeeded | failed, with the
 * number of attempts at the provider. PostgreSQL swaps the status CHECK; SQLite cannot alter a
 * constraint, so the table is rebuilt with its rows and indexes (nothing references refunds).
 */
const STATES = "'requested', 'processing', 'succeeded', 'failed'";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('refunds')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  if (dialectOf(db) === 'postgres') {
    await sql`alter table refunds drop constraint refunds_status_check`.execute(db);
    await sql
      .raw(`alter table refunds add constraint refunds_status_check check (status in (${STATES}))`)
      .execute(db);
    return;
  }
  const { rows } = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'table' and name = 'refunds'`.execute(db);
  const original = rows[0]?.sql;
  const narrow = `check ("status" in ('requested', 'succeeded', 'failed'))`;
  if (!original?.includes(narrow)) throw new Error(`unexpected refunds definition: ${original ?? 'none'}`);
  const { rows: indexes } = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'index' and tbl_name = 'refunds' and sql is not null`.execute(
    db,
  );
  await sql
    .raw(
      original
        .replace('CREATE TABLE "refunds"', 'CREATE TABLE "refunds_widened"')
        .replace(narrow, `check ("status" in (${STATES}))`),
    )
    .execute(db);
  await sql`insert into refunds_widened select * from refunds`.execute(db);
  await sql`drop table refunds`.execute(db);
  await sql`alter table refunds_widened rename to refunds`.execute(db);
  for (const index of indexes) await sql.raw(index.sql).execute(db);
}
