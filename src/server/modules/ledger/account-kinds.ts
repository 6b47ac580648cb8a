import type { Currency } from '../../../common/money.js';
import type { BalanceFloor, OwnerType } from './ledger.tables.js';

/**
 * Every kind of ledger account, who owns it, in which currencies, and whether it may go negative.
 * Only accounts that stand for money or 钻 entering from or leaving to the outside world (payment
 * clearing, 钻 issuance, corrections) may be negative: their negative balance *is* the amount that came in.
 */
interface KindSpec {
  owner: OwnerType;
  currencies: readonly Currency[];
  floor: BalanceFloor;
  /** A customer's asset: counted in the proof of liabilities. */
  liability: boolean;
}

export const ACCOUNT_KINDS = {
  user_wallet: { owner: 'user', currencies: ['CNY'], floor: 'zero', liability: true },
  user_zuan: { owner: 'user', currencies: ['ZUAN'], floor: 'zero', liability: true },
  merchant_payable: { owner: 'merchant', currencies: ['CNY'], floor: 'zero', liability: true },
  merchant_deposit: { owner: 'merchant', currencies: ['CNY'], floor: 'zero', liability: true },
  escrow: { owner: 'platform', currencies: ['CNY', 'ZUAN'], floor: 'zero', liability: false },
  platform_clearing: { owner: 'platform', currencies: ['CNY'], floor: 'none', liability: false },
  platform_fee_revenue: { owner: 'platform', currencies: ['CNY'], floor: 'zero', liability: false },
  zuan_issuance: { owner: 'platform', currencies: ['ZUAN'], floor: 'none', liability: false },
  zuan_redeemed: { owner: 'platform', currencies: ['ZUAN'], floor: 'zero', liability: false },
  zuan_expired: { owner: 'platform', currencies: ['ZUAN'], floor: 'zero', liability: false },
  promotion_budget: { owner: 'platform', currencies: ['ZUAN'], floor: 'zero', liability: false },
  reserve: { owner: 'platform', currencies: ['CNY'], floor: 'zero', liability: false },
  platform_adjustment: { owner: 'platform', currencies: ['CNY', 'ZUAN'], floor: 'none', liability: false },
} as const satisfies Record<string, KindSpec>;

export type AccountKind = keyof typeof ACCOUNT_KINDS;
export const ACCOUNT_KIND_NAMES = Object.keys(ACCOUNT_KINDS) as AccountKind[];

export function isAccountKind(value: string): value is AccountKind {
  return Object.hasOwn(ACCOUNT_KINDS, value);
}

export function kindSpec(kind: AccountKind): KindSpec {
  return ACCOUNT_KINDS[kind];
}

/** The owner id of platform accounts. */
export const PLATFORM_OWNER = 'platform';
