import { sql, type Kysely } from 'kysely';
import { makeAppendOnly, sqlIn } from '../schema-helpers.js';

/**
 * Buyer protection (issue 5, ADR 0008): disputes as a transitions table, replaced card keys, the
 * merchant's credit events, and what orders and refunds need for partial and post-settlement refunds.
 */
export const DISPUTE_STATUSES = [
  'awaiting_merchant',
  'awaiting_buyer',
  'escalated',
  'resolved',
  'withdrawn',
  'appealed',
  'final',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  // The open dispute (at most one per order): settlement and auto-confirm stop while it is set.
  await db.schema.alterTable('orders').addColumn('dispute_id', 'text').execute();
  // What has gone back to the buyer so far (partial refunds keep the order settled).
  await db.schema
    .alterTable('orders')
    .addColumn('refunded_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  // The merchant was reminded of the delivery deadline (once).
  await db.schema.alterTable('orders').addColumn('delivery_reminded_at', 'text').execute();
  await db.schema
    .createIndex('orders_delivery_due')
    .on('orders')
    .columns(['status', 'delivery_deadline'])
    .execute();

  // A payment can now be refunded more than once (a dispute's partial refund, then an appeal's rest):
  // each refund names its purpose, unique per payment, so a retried step never refunds twice.
  await db.schema
    .alterTable('refunds')
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('order'))
    .execute();
  await db.schema.dropIndex('refunds_payment').execute();
  await db.schema
    .createIndex('refunds_payment_purpose')
    .on('refunds')
    .columns(['payment_id', 'purpose'])
    .unique()
    .execute();

  await db.schema
    .createTable('disputes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // One dispute per order: the appeal is the way to a second look.
    .addColumn('order_id', 'text', (c) => c.notNull().unique().references('orders.id'))
    // Null for a guest order's dispute (the guest acts with the order's pass; mail goes to its email).
    .addColumn('buyer_id', 'text', (c) => c.references('users.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', DISPUTE_STATUSES)))
    .addColumn('reason', 'text', (c) =>
      c.notNull().check(sqlIn('reason', ['key_invalid', 'not_received', 'wrong_item', 'other'])),
    )
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('requested_amount', 'bigint', (c) => c.notNull().check(sql`requested_amount > 0`))
    // Whether the order's money was still in escrow when the dispute opened.
    .addColumn('settled_before', 'integer', (c) => c.notNull())
    .addColumn('merchant_due_at', 'text', (c) => c.notNull())
    .addColumn('buyer_due_at', 'text')
    .addColumn('decision_due_at', 'text')
    .addColumn('appeal_until', 'text')
    // The merchant's answer as JSON: replace keys, offer a partial refund, or contest, with a note.
    .addColumn('response', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('merchant_reminded_at', 'text')
    .addColumn('outcome', 'text', (c) =>
      c.check(sqlIn('outcome', ['refund_full', 'refund_partial', 'release', 'replaced', 'withdrawn'])),
    )
    .addColumn('refund_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('decided_by_type', 'text')
    .addColumn('decided_by_id', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('appealed_by', 'text', (c) => c.check(sqlIn('appealed_by', ['buyer', 'merchant'])))
    .addColumn('appeal_note', 'text')
    // Each side may appeal once: when each did.
    .addColumn('buyer_appealed_at', 'text')
    .addColumn('merchant_appealed_at', 'text')
    .addColumn('appeal_result', 'text', (c) => c.check(sqlIn('appeal_result', ['upheld', 'overturned'])))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('disputes_buyer').on('disputes').columns(['buyer_id', 'id']).execute();
  await db.schema
    .createIndex('disputes_merchant')
    .on('disputes')
    .columns(['merchant_id', 'status', 'id'])
    .execute();
  // The deadline jobs and the agents' queue scan by status and due time.
  await db.schema
    .createIndex('disputes_merchant_due')
    .on('disputes')
    .columns(['status', 'merchant_due_at'])
    .execute();
  await db.schema
    .createIndex('disputes_buyer_due')
    .on('disputes')
    .columns(['status', 'buyer_due_at'])
    .execute();
  await db.schema
    .createIndex('disputes_decision_due')
    .on('disputes')
    .columns(['status', 'decision_due_at'])
    .execute();

  // A key the merchant replaced stays delivered (it was shown to the buyer) and is marked here.
  await db.schema
    .createTable('key_replacements')
    .addColumn('card_key_id', 'text', (c) => c.primaryKey().references('card_keys.id'))
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('replacement_key_id', 'text', (c) => c.notNull().unique().references('card_keys.id'))
    .addColumn('dispute_id', 'text', (c) => c.notNull().references('disputes.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await makeAppendOnly(db, 'key_replacements');

  // What the credit score is computed from (docs/BUYER-PROTECTION.md): facts, never edited.
  await db.schema
    .createTable('merchant_credit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sqlIn('kind', ['deadline_missed', 'dispute_lost', 'dispute_lost_reversed'])),
    )
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('dispute_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('merchant_credit_events_merchant')
    .on('merchant_credit_events')
    .columns(['merchant_id', 'at'])
    .execute();
  await makeAppendOnly(db, 'merchant_credit_events');
}
