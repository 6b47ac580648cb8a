import type { AccountsTables } from '../modules/accounts/index.js';
import type { LedgerTables } from '../modules/ledger/index.js';
import type { CatalogTables } from '../modules/catalog/index.js';
import type { ChatTables } from '../modules/chat/index.js';
import type { MerchantsTables } from '../modules/merchants/index.js';
import type { OrdersTables } from '../modules/orders/index.js';
import type { PaymentsTables } from '../modules/payments/index.js';
import type { DisputesTables } from '../modules/disputes/index.js';
import type { PayoutsTables } from '../modules/payouts/index.js';
import type { PlatformTables } from '../platform/platform.tables.js';

/** Every table Kysely knows, composed from the owners' `*.tables.ts`. */
export interface Database
  extends
    PlatformTables,
    AccountsTables,
    LedgerTables,
    MerchantsTables,
    CatalogTables,
    PaymentsTables,
    ChatTables,
    OrdersTables,
    DisputesTables,
    PayoutsTables {}
