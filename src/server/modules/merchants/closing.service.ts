import { formatMoney } from '../../../common/money.js';
import { SYSTEM_ACTOR, userActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { addMs, DAY_MS, toStoredTime } from '../../platform/clock.js';
import type { Db, ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { composeEmail, queueEmail } from '../../platform/mail.js';
import { applyTransition } from '../../platform/state-machine.js';
import { findUserById } from '../accounts/index.js';
import { openAccount, postCommand, rejectionError } from '../ledger/index.js';
import { merchantLifecycle } from './merchant-lifecycle.js';
import { merchantsErrors } from './merchants.errors.js';
import {
  findMerchantRow,
  findMerchantRowOfUser,
  updateMerchantStatus,
  type MerchantRow,
} from './merchants.repository.js';

/**
 * Closing a shop (电子商务法 Art 16): the owner announces it at least 30 days ahead and the notice shows
 * on the shop page; on the day, the shop stops selling (`closing`); open orders finish and disputes
 * resolve; the deposit goes back to the owner only after the last settlement plus the dispute and appeal
 * windows have passed (`closed`). Earnings stay withdrawable through payouts.
 */
export const CLOSING_NOTICE_MS = 30 * DAY_MS;
/** After the last settlement or dispute decision: 7 days to dispute a settled order + 7 days to appeal. */
export const DEPOSIT_RELEASE_AFTER_MS = 14 * DAY_MS;

const UNFINISHED_ORDER_STATES = ['created', 'paid', 'delivered', 'confirmed', 'refunding'] as const;
const OPEN_DISPUTE_STATES = ['awaiting_merchant', 'awaiting_buyer', 'escalated', 'appealed'] as const;

export async function announceClosing(
  ctx: ServiceContext,
  userId: string,
  reason: string,
): Promise<MerchantRow> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const row = await findMerchantRowOfUser(trx, userId);
    if (!row) throw new AppError(merchantsErrors.MERCHANT_REQUIRED);
    if (!['active', 'suspended'].includes(row.status) || row.closes_at !== null)
      throw new AppError(merchantsErrors.MERCHANT_NOT_ACTIVE, {
        status: row.closes_at ? 'closing' : row.status,
      });
    await trx
      .updateTable('merchants')
      .set({
        closing_announced_at: toStoredTime(now),
        closes_at: toStoredTime(addMs(now, CLOSING_NOTICE_MS)),
        closing_reason: reason,
        updated_at: toStoredTime(now),
      })
      .where('id', '=', row.id)
      .where('closes_at', 'is', null)
      .execute();
    await recordAudit(trx, now, {
      actor: userActor(userId),
      action: 'merchant.announce_closing',
      target: { type: 'merchant', id: row.id },
      ip: null,
      summary: `${row.shop_name}: closes ${toStoredTime(addMs(now, CLOSING_NOTICE_MS))}`,
      details: { reason },
    });
    return (await findMerchantRow(trx, row.id))!;
  });
}

/** When the deposit may go back: the later of the last settlement and the last dispute decision, + 14 days. */
async function depositReleaseAt(db: Db, merchantId: string, closesAt: Date): Promise<Date | null> {
  const unfinished = await db
    .selectFrom('orders')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('status', 'in', UNFINISHED_ORDER_STATES)
    .executeTakeFirst();
  const open = await db
    .selectFrom('disputes')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('status', 'in', OPEN_DISPUTE_STATES)
    .executeTakeFirst();
  if (unfinished || open) return null;
  const last = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.max('settled_at').as('at'))
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  const decided = await db
    .selectFrom('disputes')
    .select((eb) => eb.fn.max('decided_at').as('at'))
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  const times = [closesAt, last?.at, decided?.at]
    .filter((t): t is string | Date => t != null)
    .map((t) => new Date(t).getTime());
  return new Date(Math.max(...times) + DEPOSIT_RELEASE_AFTER_MS);
}

/** The closing job: shops whose notice ran out stop selling; closing shops with nothing left close. */
export async function advanceClosingShops(ctx: ServiceContext): Promise<{ stopped: number; closed: number }> {
  const now = ctx.clock.now();
  const due = await ctx.db
    .selectFrom('merchants')
    .select('id')
    .where('closes_at', '<=', toStoredTime(now))
    .where('status', 'in', ['active', 'suspended', 'closing'])
    .execute();
  let stopped = 0;
  let closed = 0;
  for (const { id } of due) {
    await ctx.transact(async (trx) => {
      const row = await findMerchantRow(trx, id);
      if (!row?.closes_at) return;
      if (row.status === 'active' || row.status === 'suspended') {
        await move(trx, ctx, row, 'closing', 'notice_period_over');
        stopped++;
        return;
      }
      if (row.status !== 'closing') return;
      const releaseAt = await depositReleaseAt(trx, id, new Date(row.closes_at));
      if (!releaseAt || releaseAt > ctx.clock.now()) return;
      await releaseDeposit(trx, ctx, row);
      await move(trx, ctx, row, 'closed', 'closed_after_windows');
      closed++;
    });
  }
  return { stopped, closed };
}

async function move(trx: Trx, ctx: ServiceContext, row: MerchantRow, to: 'closing' | 'closed', code: string) {
  const now = ctx.clock.now();
  await applyTransition(
    trx,
    now,
    merchantLifecycle,
    {
      entityId: row.id,
      from: row.status,
      to,
      actor: SYSTEM_ACTOR,
      reason: { code, note: row.closing_reason },
    },
    () => updateMerchantStatus(trx, row.id, row.status, to, now),
  );
}

/** The deposit goes back to the owner's wallet, in one ledger transfer with its reason. */
async function releaseDeposit(trx: Trx, ctx: ServiceContext, row: MerchantRow): Promise<void> {
  const now = ctx.clock.now();
  const deposit = await openAccount(trx, now, { kind: 'merchant_deposit', currency: 'CNY', ownerId: row.id });
  const wallet = await openAccount(trx, now, { kind: 'user_wallet', currency: 'CNY', ownerId: row.user_id });
  if (deposit.available > 0) {
    const refused = rejectionError(
      await postCommand(
        trx,
        { dialect: ctx.dialect, clock: ctx.clock },
        {
          id: `deposit-release:${row.id}`,
          type: 'transfer',
          legs: [
            { accountId: deposit.id, amount: -deposit.available },
            { accountId: wallet.id, amount: deposit.available },
          ],
          cause: { type: 'merchant', id: row.id },
          reason: { code: 'merchant_deposit_released', params: { shop: row.shop_name } },
          actor: SYSTEM_ACTOR,
        },
      ),
    );
    if (refused) throw refused;
  }
  const owner = await findUserById(trx, row.user_id);
  if (owner)
    await queueEmail(
      trx,
      now,
      ctx.keys,
      composeEmail(owner.email, {
        subject: `【${ctx.config.shopName}】店铺已关闭，保证金已退回 / Shop closed, deposit returned`,
        lines: [
          `店铺“${row.shop_name}”已关闭，保证金 ${formatMoney(deposit.available, 'CNY')} 已退回你的钱包。未提现的收入仍可在商户后台申请提现。`,
        ],
      }),
    );
}
