import type { KamengModule } from '../../platform/module.js';
import { catalogErrors } from './catalog.errors.js';
import { registerCatalogRoutes } from './catalog.routes.js';

/** The catalog: categories, goods and the encrypted card-key inventory (PRODUCT.md P3). */
export const catalogModule: KamengModule = {
  name: 'catalog',
  errors: catalogErrors,
  registerRoutes: registerCatalogRoutes,
};

export type { CatalogTables } from './catalog.tables.js';
export { catalogErrors } from './catalog.errors.js';
export { findProductTerms, rulesVersionOf, type Product } from './products.service.js';
export {
  releaseKeysOfOrder,
  reserveKeysForOrder,
  revealKeysOfOrder,
  keyHintsOfOrder,
  keysInStock,
  pickKeysForSale,
  sellKeysOfOrder,
  sellPickedKeys,
} from './inventory.service.js';
