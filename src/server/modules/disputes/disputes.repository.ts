import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import type { DisputesTable, DisputeStatus } from './disputes.tables.js';

export type DisputeRow = Selectable<DisputesTable>;

export async function insertDispute(db: Db, row: Insertable<DisputesTable>): Promise<void> {
  await db.insertInto('disputes').values(row).execute();
}

export async function findDispute(db: Db, id: string): Promise<DisputeRow | undefined> {
  return db.selectFrom('disputes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function disputeOfOrder(db: Db, orderId: string): Promise<DisputeRow | undefined> {
  return db.selectFrom('disputes').selectAll().where('order_id', '=', orderId).executeTakeFirst();
}

/** Locked for the rest of the transaction on PostgreSQL; SQLite has one writer anyway. */
export async function lockDispute(db: Db, dialect: Dialect, id: string): Promise<DisputeRow | undefined> {
  const query = db.selectFrom('disputes').selectAll().where('id', '=', id);
  return (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

/** The conditional update behind every dispute step: applies only if the dispute is still `from`. */
export async function updateDisputeIfStill(
  db: Db,
  id: string,
  from: DisputeStatus,
  changes: Updateable<DisputesTable>,
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('disputes')
    .set({ ...changes, updated_at: toStoredTime(now) })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function disputesOf(
  db: Db,
  owner: { buyerId: string } | { merchantId: string },
  filter: { status?: DisputeStatus; before?: string; limit: number },
): Promise<DisputeRow[]> {
  let query = db
    .selectFrom('disputes')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  query =
    'buyerId' in owner
      ? query.where('buyer_id', '=', owner.buyerId)
      : query.where('merchant_id', '=', owner.merchantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.before) query = query.where('id', '<', filter.before);
  return query.execute();
}

/** Disputes in one state whose deadline column has passed (`due` ≤ now), soonest first. */
export async function disputesDue(
  db: Db,
  status: DisputeStatus,
  column: 'merchant_due_at' | 'buyer_due_at',
  now: Date,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('disputes')
    .select('id')
    .where('status', '=', status)
    .where(column, '<=', toStoredTime(now))
    .orderBy(column)
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/** Disputes waiting for the merchant whose deadline is within `withinMs` and who was not yet reminded. */
export async function disputesToRemind(
  db: Db,
  now: Date,
  withinMs: number,
  limit: number,
): Promise<DisputeRow[]> {
  return db
    .selectFrom('disputes')
    .selectAll()
    .where('status', '=', 'awaiting_merchant')
    .where('merchant_reminded_at', 'is', null)
    .where('merchant_due_at', '<=', toStoredTime(new Date(now.getTime() + withinMs)))
    .where('merchant_due_at', '>', toStoredTime(now))
    .limit(limit)
    .execute();
}

export async function markMerchantReminded(db: Db, id: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('disputes')
    .set({ merchant_reminded_at: toStoredTime(now) })
    .where('id', '=', id)
    .where('merchant_reminded_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The staff queues, each by its own deadline, soonest first (every row in these states has one, so no
 * engine-dependent NULL ordering); the closed queue shows the latest decisions first.
 */
export type StaffQueue = 'escalated' | 'appealed' | 'awaiting_merchant' | 'awaiting_buyer' | 'closed';

export async function staffQueue(db: Db, queue: StaffQueue, limit: number): Promise<DisputeRow[]> {
  const base = db.selectFrom('disputes').selectAll().limit(limit);
  switch (queue) {
    case 'escalated':
    case 'appealed':
      return base.where('status', '=', queue).orderBy('decision_due_at').orderBy('id').execute();
    case 'awaiting_merchant':
      return base.where('status', '=', queue).orderBy('merchant_due_at').orderBy('id').execute();
    case 'awaiting_buyer':
      return base.where('status', '=', queue).orderBy('buyer_due_at').orderBy('id').execute();
    case 'closed':
      return base
        .where('status', 'in', ['resolved', 'withdrawn', 'final'])
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
  }
}
