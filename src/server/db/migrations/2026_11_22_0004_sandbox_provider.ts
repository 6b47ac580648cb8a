import type { Kysely } from 'kysely';
import { sqlIn } from '../schema-helpers.js';

/**
 * The sandbox payment provider's own books. The sandbox stands in for an outside provider, so it keeps
 * its trades apart from Kameng's payments: Kameng learns about them only through signed callbacks and
 * queries, exactly as it would from a real provider.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sandbox_trades')
    .addColumn('trade_no', 'text', (c) => c.primaryKey())
    .addColumn('out_trade_no', 'text', (c) => c.notNull().unique())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('notify_path', 'text', (c) => c.notNull())
    .addColumn('return_path', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['waiting', 'paid', 'failed'])))
    .addColumn('refunded_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text')
    .execute();
}
