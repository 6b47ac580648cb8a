import type { Kysely } from 'kysely';

/**
 * Wrong query passwords for guest orders, to throttle guessing per order and per IP (acg-faka#767:
 * a guest order must never open without its password, and the password must not be guessable).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('guest_lookup_failures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('guest_lookup_failures_order')
    .on('guest_lookup_failures')
    .columns(['order_id', 'at'])
    .execute();
  await db.schema
    .createIndex('guest_lookup_failures_ip')
    .on('guest_lookup_failures')
    .columns(['ip', 'at'])
    .execute();
}
