import { sql, type Kysely } from 'kysely';
import { dialectOf, makeAppendOnly, sqlIn } from '../schema-helpers.js';

/**
 * Commerce core (PRODUCT.md P3, P4): merchants and their API keys, categories, products, the card-key
 * inventory, payments, refunds, orders and their delivered keys; HTTP idempotency keys and shop settings.
 * Guests and API keys become actors of their own in the audit log and the transitions table.
 */
// Spelled out rather than imported: a migration must keep meaning what it meant when it was written.
const ACTOR_TYPES = ['user', 'system', 'guest', 'api_key'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await widenActorTypes(db, 'audit_log');
  await widenActorTypes(db, 'state_transitions');

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();
  await db.schema
    .createIndex('idempotency_keys_created')
    .on('idempotency_keys')
    .column('created_at')
    .execute();

  await db.schema
    .createTable('shop_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('merchants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().unique().references('users.id'))
    .addColumn('shop_name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('kyc_type', 'text', (c) => c.notNull().check(sqlIn('kyc_type', ['individual', 'company'])))
    .addColumn('legal_name', 'text', (c) => c.notNull())
    .addColumn('identity_number_sealed', 'text', (c) => c.notNull())
    .addColumn('identity_number_masked', 'text', (c) => c.notNull())
    .addColumn('identity_fingerprint', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_phone', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sqlIn('status', ['applying', 'rejected', 'approved', 'active', 'suspended', 'closing', 'closed']),
        ),
    )
    .addColumn('review_note', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('merchants_status').on('merchants').columns(['status', 'id']).execute();
  await db.schema.createIndex('merchants_identity').on('merchants').column('identity_fingerprint').execute();

  await db.schema
    .createTable('merchant_api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_prefix', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('merchant_api_keys_merchant')
    .on('merchant_api_keys')
    .columns(['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text', (c) => c.references('categories.id'))
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['active', 'hidden'])))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['card_key', 'topup', 'manual'])))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price > 0`))
    .addColumn('member_only', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_per_order', 'integer', (c) => c.notNull())
    .addColumn('max_per_user_per_day', 'integer')
    .addColumn('usage_rules', 'text', (c) => c.notNull())
    .addColumn('no_reason_return_excluded', 'integer', (c) => c.notNull())
    .addColumn('buyer_fields', 'text', (c) => c.notNull())
    .addColumn('delivery_hours', 'integer')
    .addColumn('confirm_hours', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['draft', 'listed', 'delisted'])))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('products_category')
    .on('products')
    .columns(['category_id', 'status', 'id'])
    .execute();
  await db.schema.createIndex('products_merchant').on('products').columns(['merchant_id', 'id']).execute();

  await db.schema
    .createTable('card_key_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sqlIn('source', ['paste', 'csv', 'api'])))
    .addColumn('submitted', 'integer', (c) => c.notNull())
    .addColumn('accepted', 'integer', (c) => c.notNull())
    .addColumn('duplicates', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('card_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sqlIn('status', ['available', 'reserved', 'sold', 'withdrawn'])),
    )
    .addColumn('order_id', 'text')
    .addColumn('reserved_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sold_at', 'text')
    .addColumn('withdrawn_at', 'text')
    // A reserved or sold key always names its order; an available or withdrawn one never does.
    .addCheckConstraint(
      'card_keys_order_matches_status',
      sql`(status in ('reserved', 'sold')) = (order_id is not null)`,
    )
    .execute();
  // One merchant cannot put the same key on sale twice (duplicate uploads are reported, not stored).
  await db.schema
    .createIndex('card_keys_fingerprint')
    .on('card_keys')
    .columns(['merchant_id', 'fingerprint'])
    .unique()
    .execute();
  // Reservation takes the oldest available keys of a product; expiry and delivery find an order's keys.
  await db.schema
    .createIndex('card_keys_stock')
    .on('card_keys')
    .columns(['product_id', 'status', 'id'])
    .execute();
  await db.schema.createIndex('card_keys_order').on('card_keys').column('order_id').execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull().check(sqlIn('purpose', ['order', 'topup', 'deposit'])))
    .addColumn('purpose_id', 'text', (c) => c.notNull())
    .addColumn('payer_user_id', 'text')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'text', (c) => c.notNull().check(sqlIn('currency', ['CNY', 'ZUAN'])))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sqlIn('status', ['pending', 'succeeded', 'failed', 'expired'])),
    )
    .addColumn('provider_trade_no', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('succeeded_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payments_purpose').on('payments').columns(['purpose', 'purpose_id']).execute();
  await db.schema
    .createIndex('payments_provider_trade')
    .on('payments')
    .columns(['provider', 'provider_trade_no'])
    .unique()
    .where(sql.ref('provider_trade_no'), 'is not', null)
    .execute();
  await db.schema.createIndex('payments_pending').on('payments').columns(['status', 'expires_at']).execute();

  await db.schema
    .createTable('payment_callbacks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('payment_callbacks_payment')
    .on('payment_callbacks')
    .columns(['payment_id', 'id'])
    .execute();
  await makeAppendOnly(db, 'payment_callbacks');

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sqlIn('status', ['requested', 'succeeded', 'failed'])),
    )
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('provider_refund_no', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  // A payment is refunded at most once in full (partial refunds come with disputes).
  await db.schema.createIndex('refunds_payment').on('refunds').column('payment_id').unique().execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('buyer_id', 'text', (c) => c.references('users.id'))
    .addColumn('guest_email', 'text')
    .addColumn('guest_password_hash', 'text')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('product_kind', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('fee_bps', 'integer', (c) => c.notNull())
    .addColumn('fee', 'bigint', (c) => c.notNull())
    .addColumn('buyer_input', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sqlIn('status', [
            'created',
            'paid',
            'delivered',
            'confirmed',
            'settled',
            'expired',
            'cancelled',
            'refunding',
            'refunded',
          ]),
        ),
    )
    .addColumn('payment_deadline', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text')
    .addColumn('paid_at', 'text')
    .addColumn('delivery_deadline', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('delivery_note', 'text')
    .addColumn('confirm_deadline', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('settled_at', 'text')
    .addColumn('escrow_account_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Exactly one of a signed-in buyer or a guest (with email and query password).
    .addCheckConstraint(
      'orders_buyer_or_guest',
      sql`(buyer_id is null) = (guest_email is not null and guest_password_hash is not null)`,
    )
    .addCheckConstraint('orders_fee_within_amount', sql`fee >= 0 and fee <= amount`)
    .execute();
  await db.schema.createIndex('orders_buyer').on('orders').columns(['buyer_id', 'id']).execute();
  await db.schema
    .createIndex('orders_merchant')
    .on('orders')
    .columns(['merchant_id', 'status', 'id'])
    .execute();
  // The expiry and auto-confirm jobs scan by status and deadline.
  await db.schema
    .createIndex('orders_payment_due')
    .on('orders')
    .columns(['status', 'payment_deadline'])
    .execute();
  await db.schema
    .createIndex('orders_confirm_due')
    .on('orders')
    .columns(['status', 'confirm_deadline'])
    .execute();
  await db.schema.createIndex('orders_product').on('orders').columns(['product_id', 'buyer_id']).execute();

  await db.schema
    .createTable('order_keys')
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('card_key_id', 'text', (c) => c.notNull().unique().references('card_keys.id'))
    .addColumn('delivered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_keys_pk', ['order_id', 'card_key_id'])
    .execute();
  // A delivery is evidence: once a key is delivered with an order, that fact never changes.
  await makeAppendOnly(db, 'order_keys');
}

/**
 * Lets the `actor_type` column hold guests and API keys. PostgreSQL swaps the CHECK constraint; SQLite
 * cannot alter a constraint, so the table is rebuilt with its rows, index and append-only triggers
 * (DROP TABLE fires no DELETE trigger).
 */
async function widenActorTypes(db: Kysely<unknown>, table: 'audit_log' | 'state_transitions'): Promise<void> {
  const check = sql.join(ACTOR_TYPES.map((type) => sql.lit(type)));
  if (dialectOf(db) === 'postgres') {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.id(`${table}_actor_type_check`)}`.execute(
      db,
    );
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_actor_type_check`)} check (actor_type in (${check}))`.execute(
      db,
    );
    return;
  }
  const { rows } = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  const original = rows[0]?.sql;
  if (!original) throw new Error(`table ${table} not found`);
  const narrow = `check ("actor_type" in ('user', 'system'))`;
  if (!original.includes(narrow)) throw new Error(`unexpected ${table} definition: ${original}`);
  const widened = original
    .replace(`CREATE TABLE "${table}"`, `CREATE TABLE "${table}_widened"`)
    .replace(narrow, `check ("actor_type" in (${ACTOR_TYPES.map((t) => `'${t}'`).join(', ')}))`);
  const { rows: indexes } = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null`.execute(
    db,
  );
  await sql.raw(widened).execute(db);
  await sql`insert into ${sql.table(`${table}_widened`)} select * from ${sql.table(table)}`.execute(db);
  await sql`drop table ${sql.table(table)}`.execute(db);
  await sql`alter table ${sql.table(`${table}_widened`)} rename to ${sql.table(table)}`.execute(db);
  for (const index of indexes) await sql.raw(index.sql).execute(db);
  await makeAppendOnly(db, table);
}
