import type { KamengModule } from '../../platform/module.js';
import { merchantsErrors } from './merchants.errors.js';
import { registerMerchantRoutes } from './merchants.routes.js';
import { merchantsReasons } from './reasons.js';

/** Merchants: applications with KYC, review, deposits, shop states, API keys (PRODUCT.md P3). */
export const merchantsModule: KamengModule = {
  name: 'merchants',
  errors: merchantsErrors,
  reasons: merchantsReasons,
  registerRoutes: registerMerchantRoutes,
};

export type { MerchantsTables } from './merchants.tables.js';
export { createApiKeyAuthenticator } from './api-keys.service.js';
export { merchantCaller, assertActive, type MerchantCaller } from './merchant-caller.js';
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
export { recordCreditEvent } from './credit.js';
export { suspendIfDepositShort } from './deposit.service.js';
