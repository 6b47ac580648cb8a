import type { KamengModule } from '../../platform/module.js';
import { merchantsErrors } from './merchants.errors.js';
import { registerMerchantRoutes } from './merchants.routes.js';
import { merchantsReasons } from './reasons.js';
import { advanceClosingShops } from './closing.service.js';
import { HOUR_MS } from '../../platform/clock.js';

/**
 * Merchants: applications with KYC, review, deposits, shop states, API keys, closing with notice
 * (PRODUCT.md P3).
 */
export const merchantsModule: KamengModule = {
  name: 'merchants',
  errors: merchantsErrors,
  reasons: merchantsReasons,
  registerRoutes: registerMerchantRoutes,
  jobs: [{ name: 'merchants.closing', handler: async (ctx) => void (await advanceClosingShops(ctx)) }],
  recurringJobs: [{ name: 'merchants.closing', everyMs: HOUR_MS }],
};

export type { MerchantsTables } from './merchants.tables.js';
export { createApiKeyAuthenticator } from './api-keys.service.js';
export { merchantCaller, assertActive, assertMayFulfil, type MerchantCaller } from './merchant-caller.js';
export { merchantsErrors } from './merchants.errors.js';
export {
  merchantContact,
  OPEN_SHOP_STATUSES,
  publicShopFacts,
  shopIsOpen,
  shopNamesOf,
  type PublicShopFacts,
} from './shop-facts.js';
export { withCheckCharacter } from './kyc.js';
export { CREDIT_REVIEW_JOB, recordCreditEvent } from './credit.js';
export { suspendIfDepositShort } from './deposit.service.js';
export { merchantLifecycle } from './merchant-lifecycle.js';
export {
  findMerchantRow,
  lockMerchantRow,
  setSanction,
  type MerchantRow as MerchantRowView,
} from './merchants.repository.js';
export { advanceClosingShops } from './closing.service.js';
