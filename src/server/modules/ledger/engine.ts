import type { Insertable } from 'kysely';
import { canonicalJson } from '../../../common/ledger/canonical.js';
import type { Currency } from '../../../common/money.js';
import { toStoredTime } from '../../platform/clock.js';
import { requestHash, type LedgerCommand, type Leg } from './commands.js';
import { entryHash } from './hashing.js';
import type { Rejection } from './ledger.errors.js';
import type {
  BalanceFloor,
  EntryKind,
  LedgerEntriesTable,
  LedgerTransfersTable,
  OwnerType,
  TransferOutcome,
  TransferType,
} from './ledger.tables.js';

/**
 * The ledger's rules, applied in memory to locked account states: no I/O, so a whole batch of commands
 * is decided before anything is written, and one command's rejection never touches another's state.
 * The caller loads and locks the accounts, then writes what this returns.
 */
export interface AccountState {
  readonly id: string;
  readonly ownerType: OwnerType;
  readonly ownerId: string;
  readonly kind: string;
  readonly currency: Currency;
  readonly floor: BalanceFloor;
  balance: number;
  held: number;
  incoming: number;
  entryCount: number;
  headHash: string;
  /** entry_count when loaded: the write is guarded by it. */
  readonly loadedEntryCount: number;
}

export interface HoldRecord {
  id: string;
  legs: readonly Leg[];
  expiresAt: string | null;
}

export interface ExistingTransfer {
  id: string;
  type: TransferType;
  outcome: TransferOutcome;
  rejectionCode: string | null;
  requestHash: string;
}

export interface EngineState {
  accounts: Map<string, AccountState>;
  /** Accepted holds, by id (those referenced by the batch, and those the batch creates). */
  holds: Map<string, HoldRecord>;
  /** Holds already posted, voided or expired. */
  resolvedHolds: Set<string>;
  /** Transfers already recorded under these ids (idempotency). */
  existing: Map<string, ExistingTransfer>;
}

export type EntryRow = Insertable<LedgerEntriesTable>;
export type TransferRow = Insertable<LedgerTransfersTable>;

export type Decision =
  | { kind: 'new'; transfer: TransferRow; entries: EntryRow[] }
  | { kind: 'replay'; existing: ExistingTransfer }
  | { kind: 'conflict'; id: string };

export interface EngineResult {
  decisions: Decision[];
  transfers: TransferRow[];
  entries: EntryRow[];
}

export function decide(state: EngineState, commands: readonly LedgerCommand[], now: Date): EngineResult {
  const stamp = toStoredTime(now);
  const decisions: Decision[] = [];
  const transfers: TransferRow[] = [];
  const entries: EntryRow[] = [];
  for (const command of commands) {
    const hash = requestHash(command);
    const existing = state.existing.get(command.id);
    if (existing) {
      decisions.push(
        existing.requestHash === hash ? { kind: 'replay', existing } : { kind: 'conflict', id: command.id },
      );
      continue;
    }
    const outcome = apply(state, command, stamp);
    const written = outcome.ok ? outcome.entries : [];
    const transfer = transferRow(command, hash, outcome, stamp, written);
    transfers.push(transfer);
    entries.push(...written);
    decisions.push({ kind: 'new', transfer, entries: written });
    state.existing.set(command.id, {
      id: command.id,
      type: command.type,
      outcome: transfer.outcome,
      rejectionCode: transfer.rejection_code ?? null,
      requestHash: hash,
    });
    if (outcome.ok && command.type === 'hold') {
      state.holds.set(command.id, {
        id: command.id,
        legs: command.legs,
        expiresAt: transfer.expires_at ?? null,
      });
    }
    if (outcome.ok && 'pendingId' in command) state.resolvedHolds.add(command.pendingId);
  }
  return { decisions, transfers, entries };
}

type Applied =
  { ok: true; outcome: TransferOutcome; entries: EntryRow[] } | { ok: false; rejection: Rejection };

function apply(state: EngineState, command: LedgerCommand, stamp: string): Applied {
  switch (command.type) {
    case 'transfer':
      return move(
        state,
        command.id,
        command.cause.type,
        stamp,
        'posted',
        command.legs.map((leg) => ({ leg, kind: 'posted' as const })),
      );
    case 'hold':
      return move(
        state,
        command.id,
        command.cause.type,
        stamp,
        'held',
        command.legs.map((leg) => ({ leg, kind: 'hold' as const })),
      );
    case 'post':
    case 'void':
    case 'expire':
      return resolve(state, command, stamp);
  }
}

function resolve(
  state: EngineState,
  command: Extract<LedgerCommand, { pendingId: string }>,
  stamp: string,
): Applied {
  const hold = state.holds.get(command.pendingId);
  if (!hold) return { ok: false, rejection: 'hold_not_found' };
  if (state.resolvedHolds.has(hold.id)) return { ok: false, rejection: 'hold_resolved' };
  const expired = hold.expiresAt !== null && hold.expiresAt <= stamp;
  if (command.type === 'post' && expired) return { ok: false, rejection: 'hold_expired' };
  if (command.type === 'expire' && !expired) return { ok: false, rejection: 'hold_not_expired' };
  const releases = hold.legs.map((leg) => ({
    leg: { accountId: leg.accountId, amount: -leg.amount },
    kind: 'release' as const,
  }));
  if (command.type !== 'post') {
    return move(
      state,
      command.id,
      command.cause.type,
      stamp,
      command.type === 'void' ? 'voided' : 'expired',
      releases,
    );
  }
  const posted = command.legs ?? hold.legs;
  for (const leg of posted) {
    const held = hold.legs.find((h) => h.accountId === leg.accountId);
    if (
      !held ||
      Math.sign(held.amount) !== Math.sign(leg.amount) ||
      Math.abs(leg.amount) > Math.abs(held.amount)
    ) {
      return { ok: false, rejection: 'post_exceeds_hold' };
    }
  }
  return move(state, command.id, command.cause.type, stamp, 'posted', [
    ...releases,
    ...posted.map((leg) => ({ leg, kind: 'posted' as const })),
  ]);
}

/**
 * Applies entries to copies of the account states, checks balance per currency and every floor, and
 * only then makes the copies the new states: a rejected command leaves no trace in memory.
 */
function move(
  state: EngineState,
  transferId: string,
  causeType: string,
  stamp: string,
  outcome: TransferOutcome,
  moves: ReadonlyArray<{ leg: Leg; kind: EntryKind }>,
): Applied {
  const working = new Map<string, AccountState>();
  const perCurrency = new Map<Currency, number>();
  for (const { leg, kind } of moves) {
    const account = working.get(leg.accountId) ?? state.accounts.get(leg.accountId);
    if (!account) return { ok: false, rejection: 'account_not_found' };
    if (kind === 'posted' || kind === 'hold')
      perCurrency.set(account.currency, (perCurrency.get(account.currency) ?? 0) + leg.amount);
    working.set(leg.accountId, { ...account });
  }
  if ([...perCurrency.values()].some((sum) => sum !== 0)) return { ok: false, rejection: 'unbalanced' };

  const entries: EntryRow[] = [];
  for (const { leg, kind } of moves) {
    const account = working.get(leg.accountId)!;
    applyToAccount(account, kind, leg.amount);
    account.entryCount += 1;
    const record = {
      accountId: account.id,
      seq: account.entryCount,
      transferId,
      kind,
      amount: leg.amount,
      balanceAfter: account.balance,
      heldAfter: account.held,
      incomingAfter: account.incoming,
      causeType,
      createdAt: stamp,
    };
    const hash = entryHash(account.headHash, record);
    entries.push({
      account_id: record.accountId,
      seq: record.seq,
      transfer_id: transferId,
      kind,
      amount: leg.amount,
      balance_after: record.balanceAfter,
      held_after: record.heldAfter,
      incoming_after: record.incomingAfter,
      cause_type: causeType,
      created_at: stamp,
      prev_hash: account.headHash,
      hash,
    });
    account.headHash = hash;
  }
  for (const account of working.values()) {
    if (
      !Number.isSafeInteger(account.balance) ||
      !Number.isSafeInteger(account.held) ||
      !Number.isSafeInteger(account.incoming)
    ) {
      return { ok: false, rejection: 'insufficient_funds' };
    }
    if (account.floor === 'zero' && account.balance - account.held < 0)
      return { ok: false, rejection: 'insufficient_funds' };
  }
  for (const account of working.values()) state.accounts.set(account.id, account);
  return { ok: true, outcome, entries };
}

function applyToAccount(account: AccountState, kind: EntryKind, amount: number): void {
  switch (kind) {
    case 'posted':
      account.balance += amount;
      return;
    case 'hold':
      if (amount < 0) account.held -= amount;
      else account.incoming += amount;
      return;
    case 'release':
      if (amount > 0) account.held -= amount;
      else account.incoming += amount;
      return;
  }
}

function transferRow(
  command: LedgerCommand,
  hash: string,
  applied: Applied,
  stamp: string,
  entries: readonly EntryRow[],
): TransferRow {
  const refs = entries
    .map((e) => [e.account_id, e.seq] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x - y));
  return {
    id: command.id,
    type: command.type,
    outcome: applied.ok ? applied.outcome : 'rejected',
    rejection_code: applied.ok ? null : applied.rejection,
    pending_id: 'pendingId' in command ? command.pendingId : null,
    corrects_id: command.type === 'transfer' ? (command.correctsId ?? null) : null,
    legs: JSON.stringify(
      'legs' in command && command.legs
        ? command.legs.map((l) => ({ accountId: l.accountId, amount: l.amount }))
        : [],
    ),
    cause_type: command.cause.type,
    cause_id: command.cause.id,
    reason_code: command.reason.code,
    reason_params: canonicalJson({ ...(command.reason.params ?? {}) }),
    actor_type: command.actor.type,
    actor_id: command.actor.id,
    expires_at: command.type === 'hold' && command.expiresAt ? toStoredTime(command.expiresAt) : null,
    request_hash: hash,
    entry_refs: JSON.stringify(refs),
    created_at: stamp,
  };
}
