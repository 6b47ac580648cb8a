import { sql, type Kysely } from 'kysely';
import { sqlIn } from '../schema-helpers.js';

/**
 * Issue 5, second part: payouts (提现) as a transitions table, the shop's sanction level (from its credit
 * score), and the closing notice (电子商务法 Art 16: announced at least 30 days ahead).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('payouts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'text', (c) => c.notNull().check(sqlIn('currency', ['CNY'])))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sqlIn('status', ['requested', 'paid', 'rejected', 'cancelled'])),
    )
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    // The bank or provider reference of the transfer the admin made.
    .addColumn('external_reference', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('payouts_merchant').on('payouts').columns(['merchant_id', 'id']).execute();
  await db.schema.createIndex('payouts_status').on('payouts').columns(['status', 'id']).execute();

  // What the credit score currently costs the shop: nothing, a warning, or its listings hidden
  // (suspension is the shop's status). Changed only by the credit review or an admin, with a reason.
  await db.schema
    .alterTable('merchants')
    .addColumn('sanction', 'text', (c) =>
      c
        .notNull()
        .defaultTo('none')
        .check(sqlIn('sanction', ['none', 'warning', 'listings_hidden'])),
    )
    .execute();
  // An admin's hand (a sanction set, a suspension lifted) stands until newer credit facts arrive.
  await db.schema.alterTable('merchants').addColumn('sanction_by_admin_at', 'text').execute();
  await db.schema.alterTable('merchants').addColumn('closing_announced_at', 'text').execute();
  await db.schema.alterTable('merchants').addColumn('closes_at', 'text').execute();
  await db.schema.alterTable('merchants').addColumn('closing_reason', 'text').execute();
}
