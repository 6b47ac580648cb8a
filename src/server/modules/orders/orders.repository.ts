import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import type { OrdersTable, OrderStatus } from './orders.tables.js';

export type OrderRow = Selectable<OrdersTable>;

/** Inserts an order and returns it as stored (with the columns' defaults). */
export async function insertOrder(db: Db, row: Insertable<OrdersTable>): Promise<OrderRow> {
  return (await insertOrders(db, [row]))[0]!;
}

/** Inserts orders in one statement and returns them as stored, in the order given. */
export async function insertOrders(
  db: Db,
  rows: ReadonlyArray<Insertable<OrdersTable>>,
): Promise<OrderRow[]> {
  if (rows.length === 0) return [];
  const stored = await db.insertInto('orders').values(rows).returningAll().execute();
  const byId = new Map(stored.map((row) => [row.id, row]));
  return rows.map((row) => byId.get(row.id)!);
}

export async function findOrder(db: Db, id: string): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The order row, locked for the rest of the transaction on PostgreSQL; SQLite has one writer anyway. */
export async function lockOrder(db: Db, dialect: Dialect, id: string): Promise<OrderRow | undefined> {
  const query = db.selectFrom('orders').selectAll().where('id', '=', id);
  return (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

/**
 * The conditional update behind every status change: applies only if the order is still `from`, and
 * returns the order as it now is (undefined when it was not `from`) — no second read.
 */
export async function updateOrderIfStill(
  db: Db,
  id: string,
  from: OrderStatus,
  changes: Updateable<OrdersTable> & { status: OrderStatus },
  now: Date,
): Promise<OrderRow | undefined> {
  return db
    .updateTable('orders')
    .set({ ...changes, updated_at: toStoredTime(now) })
    .where('id', '=', id)
    .where('status', '=', from)
    .returningAll()
    .executeTakeFirst();
}

export async function setEscrowAccount(db: Db, id: string, accountId: string): Promise<void> {
  await db.updateTable('orders').set({ escrow_account_id: accountId }).where('id', '=', id).execute();
}

export async function insertOrderKeys(
  db: Db,
  orderId: string,
  keyIds: readonly string[],
  now: Date,
): Promise<void> {
  await insertDeliveredKeys(
    db,
    keyIds.map((keyId) => ({ orderId, keyId })),
    now,
  );
}

/** Records keys delivered, each to its order (`card_key_id` is unique: a key is delivered once). */
export async function insertDeliveredKeys(
  db: Db,
  deliveries: ReadonlyArray<{ orderId: string; keyId: string }>,
  now: Date,
): Promise<void> {
  if (deliveries.length === 0) return;
  const at = toStoredTime(now);
  await db
    .insertInto('order_keys')
    .values(deliveries.map((d) => ({ order_id: d.orderId, card_key_id: d.keyId, delivered_at: at })))
    .execute();
}

export async function deliveredKeyCount(db: Db, orderId: string): Promise<number> {
  const row = await db
    .selectFrom('order_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('order_id', '=', orderId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Units of a product a buyer has ordered since `since`, counting orders that still hold or took stock. */
export async function unitsOrderedSince(
  db: Db,
  buyer: { buyerId: string } | { guestEmail: string },
  productId: string,
  since: Date,
): Promise<number> {
  let query = db
    .selectFrom('orders')
    .select((eb) => eb.fn.sum<number>('quantity').as('units'))
    .where('product_id', '=', productId)
    .where('created_at', '>=', toStoredTime(since))
    .where('status', 'not in', ['cancelled', 'expired', 'refunded']);
  query =
    'buyerId' in buyer
      ? query.where('buyer_id', '=', buyer.buyerId)
      : query.where('guest_email', '=', buyer.guestEmail);
  const row = await query.executeTakeFirst();
  return Number(row?.units ?? 0);
}

export async function unpaidOrderCount(
  db: Db,
  buyer: { buyerId: string } | { guestEmail: string },
): Promise<number> {
  let query = db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'created');
  query =
    'buyerId' in buyer
      ? query.where('buyer_id', '=', buyer.buyerId)
      : query.where('guest_email', '=', buyer.guestEmail);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function ordersOfBuyer(db: Db, buyerId: string, before: string | undefined, limit: number) {
  let query = db
    .selectFrom('orders')
    .selectAll()
    .where('buyer_id', '=', buyerId)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (before) query = query.where('id', '<', before);
  return query.execute();
}

export async function ordersOfMerchant(
  db: Db,
  merchantId: string,
  filter: { status?: OrderStatus; before?: string; limit: number },
) {
  let query = db
    .selectFrom('orders')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.before) query = query.where('id', '<', filter.before);
  return query.execute();
}

export async function guestOrdersOf(db: Db, email: string, limit: number) {
  return db
    .selectFrom('orders')
    .select(['id', 'title', 'amount', 'status', 'created_at'])
    .where('guest_email', '=', email)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Orders due for a job: unpaid past their window, or delivered past their confirmation window. */
export async function ordersDue(
  db: Db,
  kind: 'payment' | 'confirm',
  now: Date,
  limit: number,
): Promise<string[]> {
  const rows =
    kind === 'payment'
      ? await db
          .selectFrom('orders')
          .select('id')
          .where('status', '=', 'created')
          .where('payment_deadline', '<=', toStoredTime(now))
          .orderBy('payment_deadline')
          .limit(limit)
          .execute()
      : await db
          .selectFrom('orders')
          .select('id')
          .where('status', '=', 'delivered')
          .where('confirm_deadline', '<=', toStoredTime(now))
          // An open dispute pauses the confirmation window (ADR 0008 invariant 1).
          .where('dispute_id', 'is', null)
          .orderBy('confirm_deadline')
          .limit(limit)
          .execute();
  return rows.map((row) => row.id);
}

export async function completedOrderCount(db: Db, merchantId: string): Promise<number> {
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('merchant_id', '=', merchantId)
    .where('status', '=', 'settled')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The dispute of each order that has one (open or closed), read for the order views. */
export async function disputeIdsOf(db: Db, orderIds: readonly string[]): Promise<Map<string, string>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('disputes')
    .select(['id', 'order_id'])
    .where('order_id', 'in', orderIds)
    .execute();
  return new Map(rows.map((row) => [row.order_id, row.id]));
}

export async function setRefundedAmount(db: Db, id: string, amount: number, now: Date): Promise<void> {
  await db
    .updateTable('orders')
    .set({ refunded_amount: amount, updated_at: toStoredTime(now) })
    .where('id', '=', id)
    .execute();
}

/** Opens or clears the order's dispute; opening only succeeds when none is open (returns rows changed). */
export async function setOrderDispute(db: Db, id: string, disputeId: string | null): Promise<number> {
  let query = db.updateTable('orders').set({ dispute_id: disputeId }).where('id', '=', id);
  if (disputeId !== null) query = query.where('dispute_id', 'is', null);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Paid top-up and manual orders past their promised delivery time. */
export async function ordersPastDelivery(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('status', '=', 'paid')
    .where('delivery_deadline', '<=', toStoredTime(now))
    .orderBy('delivery_deadline')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/** Paid orders whose delivery deadline is within `within` of now and whose merchant was not yet reminded. */
export async function ordersToRemind(
  db: Db,
  now: Date,
  withinMs: number,
  limit: number,
): Promise<OrderRow[]> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('status', '=', 'paid')
    .where('delivery_reminded_at', 'is', null)
    .where('delivery_deadline', '<=', toStoredTime(new Date(now.getTime() + withinMs)))
    .where('delivery_deadline', '>', toStoredTime(now))
    .orderBy('delivery_deadline')
    .limit(limit)
    .execute();
}

export async function markDeliveryReminded(db: Db, id: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('orders')
    .set({ delivery_reminded_at: toStoredTime(now) })
    .where('id', '=', id)
    .where('delivery_reminded_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
