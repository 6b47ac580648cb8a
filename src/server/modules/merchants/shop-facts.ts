import type { ResponseStatsView } from '../../../common/api/chat.js';
import type { Db } from '../../platform/context.js';
import { merchantResponseStats } from '../chat/index.js';
import { findMerchantRow } from './merchants.repository.js';
import type { KycType, MerchantStatus } from './merchants.tables.js';
import { shopMoney } from './shop-accounts.js';

/**
 * What any visitor may know about a shop before paying it (PRODUCT.md P3, 电子商务法 Art 15): that it
 * was verified, as whom (a company's registered name and masked licence number; a person's masked name),
 * and how much deposit it keeps with the platform.
 */
export interface PublicShopFacts {
  id: string;
  shopName: string;
  description: string;
  status: MerchantStatus;
  kycType: KycType;
  verifiedName: string;
  licenceMasked: string | null;
  depositHeld: number;
  openSince: string;
  /** Median first reply to a buyer's chat over the last 90 days (unanswered chats count, capped). */
  responseTime: ResponseStatsView;
  /** 停业公告: shown to every visitor from the day it is announced. */
  closing: { announcedAt: string; closesAt: string; reason: string | null } | null;
}

/** 张三丰 → 张**: a person's name is theirs; the initial shows a real person stands behind the shop. */
function maskPersonName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

export async function publicShopFacts(
  db: Db,
  merchantId: string,
  now: Date = new Date(),
): Promise<PublicShopFacts | null> {
  const row = await findMerchantRow(db, merchantId);
  if (!row || !['active', 'suspended', 'closing', 'closed'].includes(row.status)) return null;
  const money = await shopMoney(db, merchantId);
  return {
    id: row.id,
    shopName: row.shop_name,
    description: row.description,
    status: row.status,
    kycType: row.kyc_type,
    verifiedName: row.kyc_type === 'company' ? row.legal_name : maskPersonName(row.legal_name),
    licenceMasked: row.kyc_type === 'company' ? row.identity_number_masked : null,
    depositHeld: money.deposit.balance,
    openSince: row.reviewed_at ?? row.created_at,
    responseTime: await merchantResponseStats(db, merchantId, now),
    closing:
      row.closing_announced_at && row.closes_at
        ? { announcedAt: row.closing_announced_at, closesAt: row.closes_at, reason: row.closing_reason }
        : null,
  };
}

/** Shop names by id, for lists of goods from many shops. */
export async function shopNamesOf(db: Db, merchantIds: readonly string[]): Promise<Map<string, string>> {
  if (merchantIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('merchants')
    .select(['id', 'shop_name'])
    .where('id', 'in', [...new Set(merchantIds)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.shop_name]));
}

/** Shops that buyers can buy from (unless a credit sanction hides their listings). */
export const OPEN_SHOP_STATUSES = ['active'] as const;

export async function shopIsOpen(db: Db, merchantId: string): Promise<boolean> {
  const row = await findMerchantRow(db, merchantId);
  return (
    row !== undefined &&
    (OPEN_SHOP_STATUSES as readonly string[]).includes(row.status) &&
    row.sanction !== 'listings_hidden'
  );
}

/** Where to tell a shop about its orders. */
export async function merchantContact(
  db: Db,
  merchantId: string,
): Promise<{ email: string; shopName: string; ownerUserId: string } | null> {
  const row = await findMerchantRow(db, merchantId);
  return row ? { email: row.contact_email, shopName: row.shop_name, ownerUserId: row.user_id } : null;
}
