import type { Dialect } from '../../db/connect.js';
import type { Db, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { toStoredTime, type Clock } from '../../platform/clock.js';
import { rowToState, type AccountRow } from './accounts.repository.js';
import { assertWellFormed, pendingIdOf, type LedgerCommand } from './commands.js';
import {
  decide,
  type AccountState,
  type Decision,
  type ExistingTransfer,
  type HoldRecord,
} from './engine.js';
import { isRejection, ledgerErrors, REJECTIONS, type Rejection } from './ledger.errors.js';
import type { EntryKind, TransferOutcome, TransferType } from './ledger.tables.js';
import {
  selectAccountsForUpdate,
  selectExistingTransfers,
  writeDecisions,
  type Writes,
} from './ledger-writes.js';
import { entriesOfTransfers, findHolds, findResolvedHolds } from './transfers.repository.js';

/**
 * The one path by which any balance changes. `postCommands` runs inside the caller's transaction, so a
 * business change and its postings commit together (or neither does). Order of work, for correctness
 * under concurrency:
 * 1. read the holds the commands resolve (immutable rows, no lock needed);
 * 2. lock every account involved, in id order (no deadlocks; Formance's fresh-account race cannot happen
 *    because transfers only touch accounts that already exist);
 * 3. only now look up the command ids and hold resolutions: under the locks, a concurrent duplicate has
 *    either committed (and is seen) or not started;
 * 4. decide everything in memory; 5. write transfers, entries, account states and the log queue
 *    (ledger-writes.ts: one statement on PostgreSQL).
 */
export interface PostedEntry {
  accountId: string;
  seq: number;
  kind: EntryKind;
  amount: number;
  balanceAfter: number;
  heldAfter: number;
}

export type LedgerResult =
  | {
      id: string;
      type: TransferType;
      outcome: Exclude<TransferOutcome, 'rejected'>;
      replayed: boolean;
      entries: PostedEntry[];
    }
  | { id: string; type: TransferType; outcome: 'rejected'; rejection: Rejection; replayed: boolean };

export interface LedgerWriteContext {
  dialect: Dialect;
  /**
   * Read once the accounts are locked, so that an account's entries are stamped in the order they are
   * written: their times never go backwards, which lets statements search an account's lines by time.
   */
  clock: Clock;
}

export async function postCommands(
  db: Trx,
  context: LedgerWriteContext,
  commands: readonly LedgerCommand[],
): Promise<LedgerResult[]> {
  for (const command of commands) assertWellFormed(command);
  const pendingIds = unique(commands.map(pendingIdOf).filter((id): id is string => id !== null));
  const holds = await findHolds(db, pendingIds);

  const accountIds = unique([
    ...commands.flatMap((c) => ('legs' in c && c.legs ? c.legs.map((l) => l.accountId) : [])),
    ...holds.flatMap((h) => h.legs.map((l) => l.accountId)),
  ]).sort();
  const accounts = await selectAccountsForUpdate(db, context.dialect, accountIds);
  const now = context.clock.now();
  const ids = unique(commands.map((c) => c.id));
  // On PostgreSQL every statement is a round trip: for a single command the idempotency lookup is
  // skipped and the write itself checks that the transfer id is new (it changes nothing otherwise).
  // Replays are rare; when one turns up, the command is decided again with the lookup, under the same
  // locks. (Several commands take the lookup: an insert that skips one existing id would still insert
  // the others, and undoing that needs a savepoint — the round trip saved.)
  if (context.dialect === 'postgres' && pendingIds.length === 0 && commands.length === 1) {
    const optimistic = decideAndCheck(commands, now, { accounts, holds, resolved: [], existing: [] });
    if (
      (await writeDecisions(db, context.dialect, writesOf(optimistic, now), { onlyIfNew: true })) ===
      'written'
    )
      return presentResults(db, optimistic.decisions);
  }
  const [existing, resolved] = await Promise.all([
    selectExistingTransfers(db, context.dialect, ids),
    findResolvedHolds(db, pendingIds),
  ]);
  const result = decideAndCheck(commands, now, { accounts, holds, resolved, existing });
  await writeDecisions(db, context.dialect, writesOf(result, now));
  return presentResults(db, result.decisions);
}

/** The engine's decisions over the locked rows; a reused id with another body is the caller's error. */
function decideAndCheck(
  commands: readonly LedgerCommand[],
  now: Date,
  loaded: {
    accounts: readonly AccountRow[];
    holds: readonly HoldRecord[];
    resolved: readonly string[];
    existing: readonly ExistingTransfer[];
  },
) {
  const accounts = new Map<string, AccountState>(loaded.accounts.map((row) => [row.id, rowToState(row)]));
  const result = decide(
    {
      accounts,
      holds: new Map(loaded.holds.map((h) => [h.id, h])),
      resolvedHolds: new Set(loaded.resolved),
      existing: new Map(loaded.existing.map((e) => [e.id, e])),
    },
    commands,
    now,
  );
  const conflict = result.decisions.find((d) => d.kind === 'conflict');
  if (conflict)
    throw new AppError(
      ledgerErrors.LEDGER_IDEMPOTENCY_CONFLICT,
      {},
      { extensions: { transferId: conflict.id } },
    );
  return { ...result, accounts: [...accounts.values()] };
}

function writesOf(result: ReturnType<typeof decideAndCheck>, now: Date): Writes {
  return {
    transfers: result.transfers,
    entries: result.entries,
    accounts: result.accounts.filter((a) => a.entryCount !== a.loadedEntryCount),
    queued: result.transfers.filter((t) => t.outcome !== 'rejected').map((t) => t.id),
    queuedAt: toStoredTime(now),
  };
}

async function presentResults(db: Db, decisions: readonly Decision[]): Promise<LedgerResult[]> {
  const replayedAccepted = decisions
    .filter(
      (d): d is Extract<Decision, { kind: 'replay' }> =>
        d.kind === 'replay' && d.existing.outcome !== 'rejected',
    )
    .map((d) => d.existing.id);
  const storedEntries = await entriesOfTransfers(db, unique(replayedAccepted));
  return decisions.map((decision): LedgerResult => {
    if (decision.kind === 'conflict') throw new Error('unreachable: conflicts are thrown before writing');
    const replayed = decision.kind === 'replay';
    const id = replayed ? decision.existing.id : decision.transfer.id;
    const type = replayed ? decision.existing.type : decision.transfer.type;
    const outcome = replayed ? decision.existing.outcome : decision.transfer.outcome;
    if (outcome === 'rejected') {
      const code = replayed ? decision.existing.rejectionCode : decision.transfer.rejection_code;
      return { id, type, outcome, rejection: code && isRejection(code) ? code : 'unbalanced', replayed };
    }
    const entries = replayed
      ? storedEntries.filter((e) => e.transfer_id === id).sort(byAccountThenSeq)
      : decision.entries;
    return {
      id,
      type,
      outcome,
      replayed,
      entries: entries.map((e) => ({
        accountId: e.account_id,
        seq: e.seq,
        kind: e.kind,
        amount: e.amount,
        balanceAfter: e.balance_after,
        heldAfter: e.held_after,
      })),
    };
  });
}

export function byAccountThenSeq(
  a: { account_id: string; seq: number },
  b: { account_id: string; seq: number },
): number {
  return a.account_id < b.account_id ? -1 : a.account_id > b.account_id ? 1 : a.seq - b.seq;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** One command; the result says what happened (a rejection is a result, not an exception). */
export async function postCommand(
  db: Trx,
  context: LedgerWriteContext,
  command: LedgerCommand,
): Promise<LedgerResult> {
  const [result] = await postCommands(db, context, [command]);
  return result!;
}

/** For callers that treat a rejection as a failure of their use case. */
export function rejectionError(result: LedgerResult): AppError | null {
  return result.outcome === 'rejected' ? new AppError(REJECTIONS[result.rejection]) : null;
}
