import { sql, type Kysely } from 'kysely';
import { sqlIn } from '../schema-helpers.js';

/**
 * Issue 6, the last of payments:
 * - where an order's refunds go: back through the provider that took the money (`original`, the default)
 *   or to the buyer's wallet when the buyer chooses it; each refund records where it went;
 * - the addresses a channel's callbacks may come from (a JSON array of IPs and CIDR blocks; empty: any),
 *   for providers that publish them or self-hosted epay servers with a fixed address.
 */
const DESTINATIONS = ['original', 'wallet'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('refund_to', 'text', (c) =>
      c.notNull().defaultTo('original').check(sqlIn('refund_to', DESTINATIONS)),
    )
    .execute();
  await db.schema
    .alterTable('refunds')
    .addColumn('destination', 'text', (c) =>
      c.notNull().defaultTo('original').check(sqlIn('destination', DESTINATIONS)),
    )
    .execute();
  // A wallet payment's refunds always went to the wallet.
  await sql`update refunds set destination = 'wallet'
    where payment_id in (select id from payments where provider = 'wallet')`.execute(db);
  await db.schema
    .alterTable('payment_channels')
    .addColumn('callback_sources', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}
