import type { Dialect } from '../../db/connect.js';
import type { Insertable, Selectable } from 'kysely';
import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import type { MerchantApiKeysTable, MerchantsTable, MerchantStatus, Sanction } from './merchants.tables.js';

export type MerchantRow = Selectable<MerchantsTable>;
export type ApiKeyRow = Selectable<MerchantApiKeysTable>;

/** A shop as its own module sees it; other modules get the narrower views in index.ts. */
export interface Merchant {
  id: string;
  userId: string;
  shopName: string;
  description: string;
  kycType: MerchantRow['kyc_type'];
  legalName: string;
  identityNumberMasked: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  status: MerchantStatus;
  reviewNote: string | null;
  reviewedAt: string | null;
  sanction: MerchantRow['sanction'];
  /** The closing notice, if the owner announced one (the shop stops selling at `closesAt`). */
  closing: { announcedAt: string; closesAt: string; reason: string | null } | null;
  createdAt: string;
}

export function rowToMerchant(row: MerchantRow): Merchant {
  return {
    id: row.id,
    userId: row.user_id,
    shopName: row.shop_name,
    description: row.description,
    kycType: row.kyc_type,
    legalName: row.legal_name,
    identityNumberMasked: row.identity_number_masked,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    contactEmail: row.contact_email,
    status: row.status,
    reviewNote: row.review_note,
    reviewedAt: row.reviewed_at,
    sanction: row.sanction,
    closing:
      row.closing_announced_at && row.closes_at
        ? { announcedAt: row.closing_announced_at, closesAt: row.closes_at, reason: row.closing_reason }
        : null,
    createdAt: row.created_at,
  };
}

export async function insertMerchant(db: Db, row: Insertable<MerchantsTable>): Promise<void> {
  await db.insertInto('merchants').values(row).execute();
}

export async function findMerchantRow(db: Db, id: string): Promise<MerchantRow | undefined> {
  return db.selectFrom('merchants').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The shop's row, locked for the rest of the transaction on PostgreSQL (SQLite has one writer): for
 * decisions that read the shop's money and then move it, such as a payout request.
 */
export async function lockMerchantRow(
  db: Db,
  dialect: Dialect,
  id: string,
): Promise<MerchantRow | undefined> {
  const query = db.selectFrom('merchants').selectAll().where('id', '=', id);
  return (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

export async function findMerchantRowOfUser(db: Db, userId: string): Promise<MerchantRow | undefined> {
  return db.selectFrom('merchants').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Rewrites a rejected application with the applicant's corrections (its id and history stay). */
export async function replaceApplication(
  db: Db,
  id: string,
  fields: Omit<Insertable<MerchantsTable>, 'id' | 'user_id' | 'status' | 'created_at'>,
): Promise<number> {
  const result = await db
    .updateTable('merchants')
    .set({ ...fields, status: 'applying', review_note: null, reviewed_by: null, reviewed_at: null })
    .where('id', '=', id)
    .where('status', '=', 'rejected')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The conditional update behind every status change: it only applies if the status is still `from`. */
export async function updateMerchantStatus(
  db: Db,
  id: string,
  from: MerchantStatus,
  to: MerchantStatus,
  now: Date,
  review?: { note: string | null; by: string },
): Promise<number> {
  const result = await db
    .updateTable('merchants')
    .set({
      status: to,
      updated_at: toStoredTime(now),
      ...(review ? { review_note: review.note, reviewed_by: review.by, reviewed_at: toStoredTime(now) } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function shopNameTaken(db: Db, shopName: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('merchants').select('id').where('shop_name', '=', shopName);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Whether another shop that was not rejected uses this identity: one identity, one shop. */
/** Reasons a shop is suspended for cause (not a deposit that ran short, which the owner can fix). */
const FOR_CAUSE = ['suspended', 'credit_below_threshold'];

/**
 * Whether this identity (KYC fingerprint) already stands behind another shop. A rejected application
 * does not count; a shop its owner closed in good standing does not either, so they may open again. A
 * shop that was ever suspended for cause does, whatever its state: it cannot come back under a new name.
 */
export async function identityInUse(db: Db, fingerprint: string, exceptId: string | null): Promise<boolean> {
  let query = db
    .selectFrom('merchants')
    .select(['id', 'status'])
    .where('identity_fingerprint', '=', fingerprint)
    .where('status', '<>', 'rejected');
  if (exceptId) query = query.where('id', '<>', exceptId);
  const shops = await query.execute();
  for (const shop of shops) {
    if (shop.status !== 'closed') return true;
    const cause = await db
      .selectFrom('state_transitions')
      .select('id')
      .where('machine', '=', 'merchant')
      .where('entity_id', '=', shop.id)
      .where('to_state', '=', 'suspended')
      .where('reason_code', 'in', FOR_CAUSE)
      .executeTakeFirst();
    if (cause) return true;
  }
  return false;
}

export async function listMerchantRows(
  db: Db,
  filter: { status?: MerchantStatus; after?: string; limit: number },
): Promise<MerchantRow[]> {
  let query = db
    .selectFrom('merchants')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.after) query = query.where('id', '<', filter.after);
  return query.execute();
}

export async function insertApiKey(db: Db, row: Insertable<MerchantApiKeysTable>): Promise<void> {
  await db.insertInto('merchant_api_keys').values(row).execute();
}

export async function findApiKey(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('merchant_api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function apiKeysOf(db: Db, merchantId: string): Promise<ApiKeyRow[]> {
  return db
    .selectFrom('merchant_api_keys')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('id', 'desc')
    .execute();
}

export async function revokeApiKeyRow(db: Db, merchantId: string, id: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('merchant_api_keys')
    .set({ revoked_at: toStoredTime(now) })
    .where('id', '=', id)
    .where('merchant_id', '=', merchantId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function touchApiKey(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('merchant_api_keys')
    .set({ last_used_at: toStoredTime(now) })
    .where('id', '=', id)
    .execute();
}

/** Sets the credit sanction (and, for a suspension, the status) in one conditional update. */
export async function setSanction(
  db: Db,
  id: string,
  to: { status: 'active' | 'suspended'; sanction: Sanction; byAdmin: boolean },
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('merchants')
    .set({
      status: to.status,
      sanction: to.sanction,
      sanction_by_admin_at: to.byAdmin ? toStoredTime(now) : null,
      updated_at: toStoredTime(now),
    })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
