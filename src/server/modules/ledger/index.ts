import type { KamengModule } from '../../platform/module.js';
import { ledgerErrors } from './ledger.errors.js';

/**
 * The ledger: the one path by which any balance changes (PRODUCT.md P2). Other modules call the functions
 * exported here, passing their transaction so that a business change and its postings commit together.
 * The ledger imports no other module.
 */
export const ledgerModule: KamengModule = {
  name: 'ledger',
  errors: ledgerErrors,
};

export type { LedgerTables } from './ledger.tables.js';
export { ACCOUNT_KINDS, type AccountKind } from './account-kinds.js';
export { openAccount, type LedgerAccount, type OpenAccount } from './accounts.service.js';
export type { Cause, Leg, LedgerCommand, Reason } from './commands.js';
export {
  postCommand,
  postCommands,
  rejectionError,
  type LedgerResult,
  type PostedEntry,
} from './transfers.service.js';
export { LedgerWriter } from './group-commit.js';
export { ledgerErrors } from './ledger.errors.js';
