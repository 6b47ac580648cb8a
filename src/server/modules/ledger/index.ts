import type { KamengModule } from '../../platform/module.js';
import type { ReasonCatalogue } from '../../platform/reasons.js';
import { ledgerJobs, ledgerRecurringJobs } from './ledger.jobs.js';
import { ledgerErrors } from './ledger.errors.js';
import { registerLedgerRoutes } from './ledger.routes.js';
import { ledgerReasons } from './reasons.js';

/**
 * The ledger: the one path by which any balance changes (PRODUCT.md P2). Other modules call the functions
 * exported here, passing their transaction so that a business change and its postings commit together.
 * The ledger imports no other module.
 */
export function createLedgerModule(deps: {
  reasons: () => ReasonCatalogue;
  checkpointEveryMs: number;
}): KamengModule {
  return {
    name: 'ledger',
    errors: ledgerErrors,
    reasons: ledgerReasons,
    jobs: ledgerJobs,
    recurringJobs: ledgerRecurringJobs(deps.checkpointEveryMs),
    registerRoutes: (app, ctx) => registerLedgerRoutes(app, ctx, deps.reasons),
  };
}

export type { LedgerTables } from './ledger.tables.js';
export { ACCOUNT_KINDS, type AccountKind } from './account-kinds.js';
export {
  accountsOfOwners,
  openAccount,
  openNewAccounts,
  type LedgerAccount,
  type OpenAccount,
} from './accounts.service.js';
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
export { publishCheckpoint } from './checkpoints.service.js';
export { ledgerSigner } from './signing.js';
export { verifyLedger, describeReport, type VerifyReport } from './verify.service.js';
export { withLogLock, sequenceQueued } from './sequencer.js';
export { ledgerReasons } from './reasons.js';
export { encodeStatementCursor, statementPage } from './statement.service.js';
/** The per-account hash chain, for tools that build a ledger outside the engine (bench data sets). */
export { entryHash, genesisHash } from './hashing.js';
export { balancesOf } from './statement.service.js';
