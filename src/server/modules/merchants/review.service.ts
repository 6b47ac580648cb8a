import type { AdminMerchantView } from '../../../common/api/merchants.js';
import { formatMoney } from '../../../common/money.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Page } from '../../../common/pagination.js';
import { userActor, type Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Db, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { queueEmail } from '../../platform/mail.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { getShopSettings } from '../../platform/settings.js';
import { applyTransition } from '../../platform/state-machine.js';
import { findUserById, grantRoles } from '../accounts/index.js';
import { presentShop } from './application.service.js';
import { reviewDecisionEmail, shopStatusEmail } from './emails.js';
import { merchantLifecycle } from './merchant-lifecycle.js';
import { merchantsErrors } from './merchants.errors.js';
import {
  findMerchantRow,
  listMerchantRows,
  rowToMerchant,
  updateMerchantStatus,
  type Merchant,
} from './merchants.repository.js';
import type { MerchantStatus } from './merchants.tables.js';
import { openShopAccounts, shopMoney } from './shop-accounts.js';

/** What an admin does with shops: review applications, suspend and reinstate. Every decision is audited. */
export interface AdminRequest {
  adminId: string;
  ip: string | null;
}

export async function listMerchantsForAdmin(
  ctx: ServiceContext,
  query: { status?: MerchantStatus; cursor?: string; limit: number },
): Promise<Page<AdminMerchantView>> {
  const rows = await listMerchantRows(ctx.db, {
    ...(query.status ? { status: query.status } : {}),
    ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
    limit: query.limit,
  });
  const items = await Promise.all(
    rows.slice(0, query.limit).map((row) => presentForAdmin(ctx.db, rowToMerchant(row))),
  );
  const last = rows[query.limit - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null };
}

export async function getMerchantForAdmin(ctx: ServiceContext, id: string): Promise<AdminMerchantView> {
  const row = await findMerchantRow(ctx.db, id);
  if (!row) throw new AppError(merchantsErrors.MERCHANT_NOT_FOUND);
  return presentForAdmin(ctx.db, rowToMerchant(row));
}

async function presentForAdmin(db: Db, merchant: Merchant): Promise<AdminMerchantView> {
  const user = await findUserById(db, merchant.userId);
  return { ...(await presentShop(db, merchant)), userId: merchant.userId, userEmail: user?.email ?? '' };
}

/**
 * Approve or reject an application. Approval makes the user a merchant and opens the shop's ledger
 * accounts; the shop opens for business once its deposit reaches the minimum (at once if it does).
 */
export async function reviewApplication(
  ctx: ServiceContext,
  request: AdminRequest,
  input: { merchantId: string; decision: 'approve' | 'reject'; note: string },
): Promise<AdminMerchantView> {
  if (input.decision === 'reject' && input.note.length < 2)
    throw new AppError(merchantsErrors.MERCHANT_REVIEW_REASON_REQUIRED);
  await ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const row = await findMerchantRow(trx, input.merchantId);
    if (!row) throw new AppError(merchantsErrors.MERCHANT_NOT_FOUND);
    const to = input.decision === 'approve' ? 'approved' : 'rejected';
    const actor = userActor(request.adminId);
    await applyTransition(
      trx,
      now,
      merchantLifecycle,
      {
        entityId: row.id,
        from: row.status,
        to,
        actor,
        reason: { code: input.decision === 'approve' ? 'approved' : 'rejected', note: input.note || null },
      },
      () =>
        updateMerchantStatus(trx, row.id, row.status, to, now, {
          note: input.note || null,
          by: request.adminId,
        }),
    );
    await recordAudit(trx, now, {
      actor,
      action: `merchant.${input.decision}`,
      target: { type: 'merchant', id: row.id },
      ip: request.ip,
      summary: `${row.shop_name}: ${to}`,
      details: { note: input.note },
    });
    const settings = await getShopSettings(trx);
    if (input.decision === 'approve') {
      await grantRoles(trx, row.user_id, ['merchant'], request.adminId, now);
      await openShopAccounts(trx, now, row.id);
      await activateIfFunded(trx, now, row.id, actor);
    }
    const user = await findUserById(trx, row.user_id);
    if (user) {
      await queueEmail(
        trx,
        now,
        ctx.keys,
        reviewDecisionEmail(user.email, user.locale, ctx.config.shopName, {
          approved: input.decision === 'approve',
          shopName: row.shop_name,
          note: input.note,
          depositMinimum: formatMoney(settings.merchantDepositMinimum, 'CNY'),
        }),
      );
    }
  });
  return getMerchantForAdmin(ctx, input.merchantId);
}

/** approved → active once the deposit covers the minimum; a no-op in any other case. */
export async function activateIfFunded(
  db: Db,
  now: Date,
  merchantId: string,
  actor: Actor,
): Promise<boolean> {
  const row = await findMerchantRow(db, merchantId);
  if (row?.status !== 'approved') return false;
  const money = await shopMoney(db, merchantId);
  if (money.deposit.balance < money.deposit.minimum) return false;
  await applyTransition(
    db,
    now,
    merchantLifecycle,
    { entityId: merchantId, from: 'approved', to: 'active', actor, reason: { code: 'deposit_paid' } },
    () => updateMerchantStatus(db, merchantId, 'approved', 'active', now),
  );
  return true;
}

/** Suspend an active shop or reinstate a suspended one, with a reason the owner is told. */
export async function setMerchantStatus(
  ctx: ServiceContext,
  request: AdminRequest,
  input: { merchantId: string; status: 'active' | 'suspended'; reason: string },
): Promise<AdminMerchantView> {
  await ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const row = await findMerchantRow(trx, input.merchantId);
    if (!row) throw new AppError(merchantsErrors.MERCHANT_NOT_FOUND);
    const actor = userActor(request.adminId);
    await applyTransition(
      trx,
      now,
      merchantLifecycle,
      {
        entityId: row.id,
        from: row.status,
        to: input.status,
        actor,
        reason: { code: input.status === 'suspended' ? 'suspended' : 'reinstated', note: input.reason },
      },
      () => updateMerchantStatus(trx, row.id, row.status, input.status, now),
    );
    // A reinstatement is an admin's decision: the automatic credit review does not undo it without new facts.
    if (input.status === 'active')
      await trx
        .updateTable('merchants')
        .set({ sanction_by_admin_at: toStoredTime(now) })
        .where('id', '=', row.id)
        .execute();
    await recordAudit(trx, now, {
      actor,
      action: input.status === 'suspended' ? 'merchant.suspend' : 'merchant.reinstate',
      target: { type: 'merchant', id: row.id },
      ip: request.ip,
      summary: `${row.shop_name}: ${row.status} → ${input.status}`,
      details: { reason: input.reason },
    });
    const user = await findUserById(trx, row.user_id);
    if (user) {
      await queueEmail(
        trx,
        now,
        ctx.keys,
        shopStatusEmail(user.email, user.locale, ctx.config.shopName, {
          shopName: row.shop_name,
          suspended: input.status === 'suspended',
          reason: input.reason,
        }),
      );
    }
  });
  return getMerchantForAdmin(ctx, input.merchantId);
}
