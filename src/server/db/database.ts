import type { AccountsTables } from '../modules/accounts/index.js';
import type { LedgerTables } from '../modules/ledger/index.js';
import type { PlatformTables } from '../platform/platform.tables.js';

/** Every table Kysely knows, composed from the owners' `*.tables.ts`. */
export interface Database extends PlatformTables, AccountsTables, LedgerTables {}
