import { sql, type Insertable, type Selectable } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import type { CardKeyBatchesTable, CardKeysTable, CardKeyStatus } from './catalog.tables.js';

export type CardKeyRow = Selectable<CardKeysTable>;
export type CardKeyBatchRow = Selectable<CardKeyBatchesTable>;

/**
 * The inventory's SQL. Every state change is a conditional update whose row count the caller checks:
 * a key moves available → reserved → sold only from the state it was seen in, so two orders can never
 * take one key (and `order_keys.card_key_id` is unique as a backstop).
 */
export async function insertBatch(db: Db, row: Insertable<CardKeyBatchesTable>): Promise<void> {
  await db.insertInto('card_key_batches').values(row).execute();
}

/** Inserts keys, skipping any whose fingerprint the shop already has (a concurrent upload included). */
export async function insertKeys(db: Db, rows: readonly Insertable<CardKeysTable>[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const result = await db
      .insertInto('card_keys')
      .values(chunk)
      .onConflict((oc) => oc.columns(['merchant_id', 'fingerprint']).doNothing())
      .returning('id')
      .execute();
    inserted += result.length;
  }
  return inserted;
}

export async function existingFingerprints(
  db: Db,
  merchantId: string,
  fingerprints: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < fingerprints.length; i += 500) {
    const rows = await db
      .selectFrom('card_keys')
      .select('fingerprint')
      .where('merchant_id', '=', merchantId)
      .where('fingerprint', 'in', fingerprints.slice(i, i + 500))
      .execute();
    for (const row of rows) found.add(row.fingerprint);
  }
  return found;
}

export async function countKeysByStatus(db: Db, productId: string): Promise<Record<CardKeyStatus, number>> {
  const rows = await db
    .selectFrom('card_keys')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .where('product_id', '=', productId)
    .groupBy('status')
    .execute();
  const counts: Record<CardKeyStatus, number> = { available: 0, reserved: 0, sold: 0, withdrawn: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

export async function availableStock(db: Db, productIds: readonly string[]): Promise<Map<string, number>> {
  const stock = new Map<string, number>();
  if (productIds.length === 0) return stock;
  const rows = await db
    .selectFrom('card_keys')
    .select((eb) => ['product_id', eb.fn.countAll<number>().as('n')])
    .where('product_id', 'in', [...productIds])
    .where('status', '=', 'available')
    .groupBy('product_id')
    .execute();
  for (const row of rows) stock.set(row.product_id, Number(row.n));
  return stock;
}

export async function batchesOf(db: Db, productId: string, limit: number): Promise<CardKeyBatchRow[]> {
  return db
    .selectFrom('card_key_batches')
    .selectAll()
    .where('product_id', '=', productId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Reserves the oldest `quantity` available keys of a product for an order. On PostgreSQL, keys another
 * transaction is reserving are skipped (SKIP LOCKED) rather than waited for, so concurrent buyers take
 * different keys; SQLite has one writer at a time. Returns the ids taken: fewer than asked means the
 * stock ran out, and the caller rolls back.
 */
export async function reserveAvailableKeys(
  db: Db,
  dialect: Dialect,
  input: { productId: string; orderId: string; quantity: number; until: Date },
): Promise<string[]> {
  // PostgreSQL may re-run an `IN (select … limit n)` subquery for each candidate row and so take more
  // than n keys; a MATERIALIZED CTE picks (and locks) exactly n once. SKIP LOCKED lets concurrent
  // checkouts take different keys instead of queueing on the same ones.
  const result =
    dialect === 'postgres'
      ? await sql<{ id: string }>`
    with picked as materialized (
      select id from card_keys
      where product_id = ${input.productId} and status = 'available'
      order by id limit ${input.quantity} for update skip locked
    )
    update card_keys set status = 'reserved', order_id = ${input.orderId},
      reserved_until = ${toStoredTime(input.until)}
    where id in (select id from picked) and status = 'available'
    returning id`.execute(db)
      : await sql<{ id: string }>`
    update card_keys set status = 'reserved', order_id = ${input.orderId},
      reserved_until = ${toStoredTime(input.until)}
    where id in (
      select id from card_keys
      where product_id = ${input.productId} and status = 'available'
      order by id limit ${input.quantity}
    ) and status = 'available'
    returning id`.execute(db);
  return result.rows.map((row) => row.id);
}

/** Puts an order's reserved keys back on sale (expiry, cancellation). */
export async function releaseReservedKeys(db: Db, orderId: string): Promise<number> {
  const result = await db
    .updateTable('card_keys')
    .set({ status: 'available', order_id: null, reserved_until: null })
    .where('order_id', '=', orderId)
    .where('status', '=', 'reserved')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** reserved → sold for an order's keys; returns their ids in id order. */
export async function sellReservedKeys(db: Db, orderId: string, now: Date): Promise<string[]> {
  const rows = await db
    .updateTable('card_keys')
    .set({ status: 'sold', sold_at: toStoredTime(now), reserved_until: null })
    .where('order_id', '=', orderId)
    .where('status', '=', 'reserved')
    .returning('id')
    .execute();
  return rows.map((row) => row.id).sort();
}

/**
 * The oldest `count` available keys of a product, locked on PostgreSQL (SKIP LOCKED: a concurrent
 * checkout takes others), for a batch that sells them at once.
 */
export async function pickAvailableKeys(
  db: Db,
  dialect: Dialect,
  productId: string,
  count: number,
): Promise<string[]> {
  if (count <= 0) return [];
  const query = db
    .selectFrom('card_keys')
    .select('id')
    .where('product_id', '=', productId)
    .where('status', '=', 'available')
    .orderBy('id')
    .limit(count);
  const rows = await (dialect === 'postgres' ? query.forUpdate().skipLocked() : query).execute();
  return rows.map((row) => row.id);
}

/**
 * available → sold for picked keys, each to its order, in one statement; the number of keys that were
 * still available and so moved (the caller checks it is all of them).
 */
export async function sellAvailableKeys(
  db: Db,
  sales: ReadonlyArray<{ keyId: string; orderId: string }>,
  now: Date,
): Promise<number> {
  if (sales.length === 0) return 0;
  const values = sql.join(sales.map((sale) => sql`(${sale.keyId}, ${sale.orderId})`));
  const result = await sql`
    with sale(key_id, order_id) as (values ${values})
    update card_keys set status = 'sold', order_id = sale.order_id, sold_at = ${toStoredTime(now)},
      reserved_until = null
    from sale
    where card_keys.id = sale.key_id and card_keys.status = 'available'`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

export async function soldKeysOfOrder(db: Db, orderId: string): Promise<CardKeyRow[]> {
  return db
    .selectFrom('card_keys')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('status', '=', 'sold')
    .orderBy('id')
    .execute();
}

/** available → withdrawn for the oldest `count` keys; reserved and sold keys are never touched. */
export async function withdrawAvailableKeys(
  db: Db,
  productId: string,
  count: number,
  now: Date,
): Promise<number> {
  const result = await sql`
    update card_keys set status = 'withdrawn', withdrawn_at = ${toStoredTime(now)}
    where id in (
      select id from card_keys where product_id = ${productId} and status = 'available'
      order by id limit ${count}
    ) and status = 'available'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
