import type { MyShopView } from '../../../common/api/merchants.js';
import { formatMoney } from '../../../common/money.js';
import { SYSTEM_ACTOR, userActor, type Actor } from '../../platform/actor.js';
import type { Db, ServiceContext, Trx } from '../../platform/context.js';
import { queueEmail } from '../../platform/mail.js';
import { applyTransition, listTransitions } from '../../platform/state-machine.js';
import { findUserById } from '../accounts/index.js';
import { shopStatusEmail } from './emails.js';
import { merchantLifecycle } from './merchant-lifecycle.js';
import { shopMoney } from './shop-accounts.js';
import { AppError } from '../../platform/errors.js';
import { ulid } from '../../platform/ids.js';
import { openAccount, postCommand, rejectionError } from '../ledger/index.js';
import { presentShop } from './application.service.js';
import { merchantsErrors } from './merchants.errors.js';
import {
  findMerchantRow,
  findMerchantRowOfUser,
  rowToMerchant,
  updateMerchantStatus,
} from './merchants.repository.js';
import { activateIfFunded } from './review.service.js';

/**
 * 保证金: the shop owner moves money from their wallet into the shop's deposit account, where it backs
 * the shop's promises to buyers (the buyer-protection issue draws on it). An approved shop opens once
 * its deposit reaches the minimum.
 */
export async function payDeposit(
  ctx: ServiceContext,
  trx: Trx,
  userId: string,
  amount: number,
): Promise<MyShopView> {
  const now = ctx.clock.now();
  const row = await findMerchantRowOfUser(trx, userId);
  if (!row) throw new AppError(merchantsErrors.MERCHANT_REQUIRED);
  if (!['approved', 'active', 'suspended'].includes(row.status))
    throw new AppError(merchantsErrors.MERCHANT_NOT_ACTIVE, { status: row.status });
  const wallet = await openAccount(trx, now, { kind: 'user_wallet', currency: 'CNY', ownerId: userId });
  const deposit = await openAccount(trx, now, { kind: 'merchant_deposit', currency: 'CNY', ownerId: row.id });
  const result = await postCommand(
    trx,
    { dialect: ctx.dialect, clock: ctx.clock },
    {
      id: `deposit:${row.id}:${ulid(now.getTime())}`,
      type: 'transfer',
      legs: [
        { accountId: wallet.id, amount: -amount },
        { accountId: deposit.id, amount },
      ],
      cause: { type: 'merchant', id: row.id },
      reason: { code: 'merchant_deposit', params: { shop: row.shop_name } },
      actor: userActor(userId),
    },
  );
  const refused = rejectionError(result);
  if (refused) throw refused;
  await activateIfFunded(trx, now, row.id, userActor(userId));
  await reinstateIfTopped(trx, now, row.id, userActor(userId));
  const updated = await findMerchantRowOfUser(trx, userId);
  return presentShop(trx, rowToMerchant(updated ?? row));
}

export const DEPOSIT_SHORT = 'deposit_below_minimum';

/**
 * After money left the deposit (a clawback for a buyer), an active shop whose deposit is below the
 * minimum is suspended until the owner tops it up; the owner is told why by email.
 */
export async function suspendIfDepositShort(
  ctx: ServiceContext,
  trx: Trx,
  merchantId: string,
): Promise<boolean> {
  const now = ctx.clock.now();
  const row = await findMerchantRow(trx, merchantId);
  if (row?.status !== 'active') return false;
  const money = await shopMoney(trx, merchantId);
  if (money.deposit.balance >= money.deposit.minimum) return false;
  await applyTransition(
    trx,
    now,
    merchantLifecycle,
    {
      entityId: merchantId,
      from: 'active',
      to: 'suspended',
      actor: SYSTEM_ACTOR,
      reason: { code: DEPOSIT_SHORT },
    },
    () => updateMerchantStatus(trx, merchantId, 'active', 'suspended', now),
  );
  const owner = await findUserById(trx, row.user_id);
  if (owner)
    await queueEmail(
      trx,
      now,
      ctx.keys,
      shopStatusEmail(owner.email, owner.locale, ctx.config.shopName, {
        shopName: row.shop_name,
        suspended: true,
        reason: `保证金 ${formatMoney(money.deposit.balance, 'CNY')} 低于最低要求 ${formatMoney(money.deposit.minimum, 'CNY')}，补足后自动恢复 / deposit below the minimum; topping it up reopens the shop`,
      }),
    );
  return true;
}

/** A shop suspended only because its deposit ran short reopens once the owner tops it up. */
async function reinstateIfTopped(db: Db, now: Date, merchantId: string, actor: Actor): Promise<void> {
  const row = await findMerchantRow(db, merchantId);
  if (row?.status !== 'suspended') return;
  const history = await listTransitions(db, merchantLifecycle.name, merchantId);
  if (history.at(-1)?.reasonCode !== DEPOSIT_SHORT) return;
  const money = await shopMoney(db, merchantId);
  if (money.deposit.balance < money.deposit.minimum) return;
  await applyTransition(
    db,
    now,
    merchantLifecycle,
    { entityId: merchantId, from: 'suspended', to: 'active', actor, reason: { code: 'deposit_topped_up' } },
    () => updateMerchantStatus(db, merchantId, 'suspended', 'active', now),
  );
}
