import { sql, type Insertable, type Selectable } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import type {
  PaymentCallbacksTable,
  PaymentsTable,
  PaymentStatus,
  RefundDestination,
  RefundsTable,
  RefundStatus,
} from './payments.tables.js';

export type PaymentRow = Selectable<PaymentsTable>;
export type RefundRow = Selectable<RefundsTable>;

export interface PaymentRecord {
  id: string;
  purpose: PaymentRow['purpose'];
  purposeId: string;
  payerUserId: string | null;
  provider: string;
  amount: number;
  currency: PaymentRow['currency'];
  status: PaymentStatus;
  providerTradeNo: string | null;
  subject: string;
  expiresAt: string;
  createdAt: string;
  succeededAt: string | null;
}

export function rowToPayment(row: PaymentRow): PaymentRecord {
  return {
    id: row.id,
    purpose: row.purpose,
    purposeId: row.purpose_id,
    payerUserId: row.payer_user_id,
    provider: row.provider,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    providerTradeNo: row.provider_trade_no,
    subject: row.subject,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    succeededAt: row.succeeded_at,
  };
}

export interface RefundRecord {
  id: string;
  paymentId: string;
  amount: number;
  status: RefundStatus;
  /** `wallet`: the money went to the buyer's wallet (a wallet payment's, or by the buyer's choice). */
  destination: RefundDestination;
  reason: string;
  providerRefundNo: string | null;
  lastError: string | null;
  createdAt: string;
  completedAt: string | null;
}

export function rowToRefund(row: RefundRow): RefundRecord {
  return {
    id: row.id,
    paymentId: row.payment_id,
    amount: row.amount,
    status: row.status,
    destination: row.destination,
    reason: row.reason,
    providerRefundNo: row.provider_refund_no,
    lastError: row.last_error,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

export async function insertPayment(db: Db, row: Insertable<PaymentsTable>): Promise<void> {
  await db.insertInto('payments').values(row).execute();
}

export async function insertPayments(db: Db, rows: ReadonlyArray<Insertable<PaymentsTable>>): Promise<void> {
  if (rows.length > 0) await db.insertInto('payments').values(rows).execute();
}

export async function findPayment(db: Db, id: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The payment row, locked until the transaction ends on PostgreSQL (SQLite has one writer anyway). */
export async function lockPayment(db: Db, dialect: Dialect, id: string): Promise<PaymentRow | undefined> {
  const query = db.selectFrom('payments').selectAll().where('id', '=', id);
  return (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

export async function paymentsFor(
  db: Db,
  purpose: PaymentRow['purpose'],
  purposeIds: readonly string[],
): Promise<PaymentRow[]> {
  if (purposeIds.length === 0) return [];
  return db
    .selectFrom('payments')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('purpose_id', 'in', purposeIds)
    .orderBy('id')
    .execute();
}

export async function markPaymentSucceeded(
  db: Db,
  id: string,
  from: PaymentStatus,
  providerTradeNo: string | null,
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('payments')
    .set({
      status: 'succeeded',
      provider_trade_no: providerTradeNo,
      succeeded_at: toStoredTime(now),
      updated_at: toStoredTime(now),
    })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The trade number a provider gave at creation (Stripe's session id); the first one given stays. */
export async function notePaymentTradeNo(db: Db, id: string, providerTradeNo: string): Promise<void> {
  await db
    .updateTable('payments')
    .set({ provider_trade_no: providerTradeNo })
    .where('id', '=', id)
    .where('provider_trade_no', 'is', null)
    .execute();
}

export async function setPaymentStatus(
  db: Db,
  id: string,
  from: PaymentStatus,
  to: PaymentStatus,
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('payments')
    .set({ status: to, updated_at: toStoredTime(now) })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function pendingPaymentsExpiredBy(db: Db, now: Date, limit: number): Promise<PaymentRow[]> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('status', '=', 'pending')
    .where('expires_at', '<=', toStoredTime(now))
    .orderBy('expires_at')
    .limit(limit)
    .execute();
}

export async function insertCallback(db: Db, row: Insertable<PaymentCallbacksTable>): Promise<void> {
  await db.insertInto('payment_callbacks').values(row).execute();
}

export async function callbacksOf(db: Db, paymentId: string) {
  return db
    .selectFrom('payment_callbacks')
    .selectAll()
    .where('payment_id', '=', paymentId)
    .orderBy('id')
    .execute();
}

export async function insertRefund(db: Db, row: Insertable<RefundsTable>): Promise<void> {
  await db.insertInto('refunds').values(row).execute();
}

export async function findRefund(db: Db, id: string): Promise<RefundRow | undefined> {
  return db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function refundOfPayment(
  db: Db,
  paymentId: string,
  purpose: string,
): Promise<RefundRow | undefined> {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('payment_id', '=', paymentId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

export async function refundsOf(db: Db, paymentIds: readonly string[]): Promise<RefundRow[]> {
  if (paymentIds.length === 0) return [];
  return db.selectFrom('refunds').selectAll().where('payment_id', 'in', paymentIds).execute();
}

export async function completeRefund(
  db: Db,
  id: string,
  outcome: { status: 'succeeded'; providerRefundNo: string } | { status: 'failed'; error: string },
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('refunds')
    .set(
      outcome.status === 'succeeded'
        ? {
            status: 'succeeded',
            provider_refund_no: outcome.providerRefundNo,
            completed_at: toStoredTime(now),
          }
        : { status: 'failed', last_error: outcome.error, completed_at: toStoredTime(now) },
    )
    .where('id', '=', id)
    .where('status', 'in', ['requested', 'processing'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * A refund the provider gave up on goes to the buyer's wallet instead (the buyer chose it): failed →
 * succeeded, once. Only a failed refund can be redirected; one still at the provider might yet go through.
 */
export async function redirectFailedRefundToWallet(db: Db, id: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('refunds')
    .set({
      status: 'succeeded',
      destination: 'wallet',
      // The provider's own number stays (evidence of what it was asked); Kameng's id where it had none.
      provider_refund_no: sql<string>`coalesce(provider_refund_no, ${id})`,
      completed_at: toStoredTime(now),
    })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Closes the open `refund_failed` alert of one refund with what became of it. */
export async function resolveRefundAlert(
  db: Db,
  input: { paymentId: string; refundId: string; by: string; resolution: string; now: Date },
): Promise<void> {
  await db
    .updateTable('payment_alerts')
    .set({ resolved_at: toStoredTime(input.now), resolved_by: input.by, resolution: input.resolution })
    .where('kind', '=', 'refund_failed')
    .where('payment_id', '=', input.paymentId)
    .where('resolved_at', 'is', null)
    // The alert's detail is the JSON written by processRefund: {"refundId":"…",…}.
    .where('detail', 'like', `%"refundId":"${input.refundId}"%`)
    .execute();
}

/** The provider took the refund on and is still working on it: its number, and its word for the state. */
export async function noteRefundPending(
  db: Db,
  id: string,
  providerRefundNo: string,
  state: string,
): Promise<void> {
  await db
    .updateTable('refunds')
    .set({
      provider_refund_no: providerRefundNo,
      last_error: `pending at the provider: ${state.slice(0, 40)}`,
    })
    .where('id', '=', id)
    .where('status', '=', 'processing')
    .execute();
}

export async function noteRefundError(db: Db, id: string, error: string): Promise<void> {
  await db
    .updateTable('refunds')
    .set({ last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}

/** requested → processing, one more attempt counted; returns the attempt's number. */
export async function startRefundAttempt(db: Db, id: string): Promise<number> {
  await db
    .updateTable('refunds')
    .set((eb) => ({ status: 'processing', attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', 'in', ['requested', 'processing'])
    .execute();
  const row = await db
    .selectFrom('refunds')
    .select('attempts')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.attempts);
}
