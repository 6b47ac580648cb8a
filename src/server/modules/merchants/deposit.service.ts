import type { MyShopView } from '../../../common/api/merchants.js';
import { userActor } from '../../platform/actor.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { ulid } from '../../platform/ids.js';
import { openAccount, postCommand, rejectionError } from '../ledger/index.js';
import { presentShop } from './application.service.js';
import { merchantsErrors } from './merchants.errors.js';
import { findMerchantRowOfUser, rowToMerchant } from './merchants.repository.js';
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
  const updated = await findMerchantRowOfUser(trx, userId);
  return presentShop(trx, rowToMerchant(updated ?? row));
}
