import type { Db } from '../../platform/context.js';
import { getShopSettings } from '../../platform/settings.js';
import { balancesOf, openAccount } from '../ledger/index.js';

/**
 * A shop's money in the ledger: the deposit (保证金) it keeps with the platform and the payable balance it
 * earns. Both accounts are opened when the shop is approved.
 */
export async function openShopAccounts(db: Db, now: Date, merchantId: string): Promise<void> {
  await openAccount(db, now, { kind: 'merchant_deposit', currency: 'CNY', ownerId: merchantId });
  await openAccount(db, now, { kind: 'merchant_payable', currency: 'CNY', ownerId: merchantId });
}

export interface ShopMoney {
  deposit: { balance: number; minimum: number };
  payable: { available: number; pending: number };
}

export async function shopMoney(db: Db, merchantId: string): Promise<ShopMoney> {
  const balances = await balancesOf(db, 'merchant', merchantId);
  const deposit = balances.find((b) => b.kind === 'merchant_deposit');
  const payable = balances.find((b) => b.kind === 'merchant_payable');
  const settings = await getShopSettings(db);
  return {
    deposit: {
      balance: deposit?.balance ?? 0,
      minimum: settings.merchantDepositMinimum,
    },
    payable: { available: payable?.available ?? 0, pending: payable?.incoming ?? 0 },
  };
}
