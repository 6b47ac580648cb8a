import { sql, type Kysely } from 'kysely';
import { sqlIn } from '../schema-helpers.js';

/**
 * Payment channels (ADR 0009): each configured provider account — kind, display name, limits, non-secret
 * settings, and credentials sealed at rest. A payment's `provider` names its channel.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('payment_channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sqlIn('kind', ['sandbox', 'epay', 'alipay', 'wechatpay', 'stripe'])),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('fee_bps', 'integer', (c) => c.notNull().check(sql`fee_bps >= 0 and fee_bps <= 10000`))
    .addColumn('min_amount', 'bigint', (c) => c.notNull().check(sql`min_amount > 0`))
    .addColumn('max_amount', 'bigint', (c) => c.notNull())
    // JSON of the kind's settings schema: gateway URL, merchant or app id, public keys. Nothing secret.
    .addColumn('settings', 'text', (c) => c.notNull())
    // AES-256-GCM under the `payment-channel` subkey, bound to the channel id; never shown again.
    .addColumn('credentials_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('payment_channels_range', sql`max_amount >= min_amount`)
    .execute();

  // Mismatches between Kameng and a provider (a callback the provider denies, a payment the provider
  // knows and Kameng does not): raised by callbacks and reconciliation, resolved by an admin.
  await db.schema
    .createTable('payment_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sqlIn('kind', [
            'callback_denied_by_query',
            'paid_at_provider_only',
            'succeeded_here_only',
            'refund_failed',
          ]),
        ),
    )
    .addColumn('payment_id', 'text')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolution', 'text')
    .execute();
  await db.schema
    .createIndex('payment_alerts_open')
    .on('payment_alerts')
    .columns(['resolved_at', 'id'])
    .execute();
}
