import type { KamengModule } from '../../platform/module.js';
import { defineReasons } from '../../platform/reasons.js';
import { payoutsErrors } from './payouts.errors.js';
import { registerPayoutRoutes } from './payouts.routes.js';

/** Payouts (提现, issue 5 deliverable 6): matured earnings out, by an admin, as ledger transfers. */
export const payoutsModule: KamengModule = {
  name: 'payouts',
  errors: payoutsErrors,
  reasons: defineReasons({
    payout_requested: { 'zh-CN': '提现申请：{shop}', en: 'Payout requested: {shop}' },
    payout_paid: { 'zh-CN': '提现已打款（凭证 {reference}）', en: 'Payout paid (reference {reference})' },
    payout_rejected: { 'zh-CN': '提现被拒绝，退回余额', en: 'Payout rejected, back to the balance' },
    payout_cancelled: { 'zh-CN': '提现已取消，退回余额', en: 'Payout cancelled, back to the balance' },
  }),
  registerRoutes: registerPayoutRoutes,
};

export type { PayoutsTables } from './payouts.tables.js';
export { payoutSummary } from './payouts.service.js';
