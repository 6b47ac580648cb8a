import type { Currency } from '../../../common/money.js';

/** Ledger tables (docs/LEDGER.md). Amounts are integer minor units; times are ISO 8601 UTC text. */
export type OwnerType = 'user' | 'merchant' | 'platform';
export type BalanceFloor = 'zero' | 'none';
export type TransferType = 'transfer' | 'hold' | 'post' | 'void' | 'expire';
export type TransferOutcome = 'posted' | 'held' | 'voided' | 'expired' | 'rejected';
export type EntryKind = 'posted' | 'hold' | 'release';

export interface LedgerAccountsTable {
  id: string;
  owner_type: OwnerType;
  owner_id: string;
  kind: string;
  currency: Currency;
  balance_floor: BalanceFloor;
  /** Posted balance: credits minus debits. */
  balance: number;
  /** Outgoing holds: counted against the available balance at once. */
  held: number;
  /** Incoming holds: not spendable until posted. */
  incoming: number;
  entry_count: number;
  head_hash: string;
  created_at: string;
}

export interface LedgerTransfersTable {
  /** Chosen by the caller: the idempotency key. */
  id: string;
  type: TransferType;
  outcome: TransferOutcome;
  rejection_code: string | null;
  pending_id: string | null;
  corrects_id: string | null;
  /** JSON: the requested legs, `[{accountId, amount}]`. */
  legs: string;
  cause_type: string;
  cause_id: string;
  reason_code: string;
  /** JSON object, canonical. */
  reason_params: string;
  actor_type: string;
  actor_id: string;
  expires_at: string | null;
  request_hash: string;
  /** JSON `[[accountId, seq], …]`, sorted: the entries this transfer wrote. */
  entry_refs: string;
  created_at: string;
}

export interface LedgerEntriesTable {
  account_id: string;
  seq: number;
  transfer_id: string;
  kind: EntryKind;
  amount: number;
  balance_after: number;
  held_after: number;
  incoming_after: number;
  cause_type: string;
  created_at: string;
  prev_hash: string;
  hash: string;
}

export interface LedgerLogTable {
  log_index: number;
  transfer_id: string;
  leaf_hash: string;
  sequenced_at: string;
}

export interface LedgerLogQueueTable {
  transfer_id: string;
  queued_at: string;
}

export interface LedgerLogNodesTable {
  level: number;
  node_index: number;
  hash: string;
}

export interface LedgerCheckpointsTable {
  sequence: number;
  log_size: number;
  log_root: string;
  sum_root: string;
  totals: string;
  account_count: number;
  consistency_proof: string;
  tile_roots: string;
  body: string;
  signature: string;
  key_id: string;
  created_at: string;
}

export interface LedgerSumTilesTable {
  checkpoint_sequence: number;
  tile_index: number;
  leaves: string;
}

export interface LedgerTables {
  ledger_accounts: LedgerAccountsTable;
  ledger_transfers: LedgerTransfersTable;
  ledger_entries: LedgerEntriesTable;
  ledger_log: LedgerLogTable;
  ledger_log_queue: LedgerLogQueueTable;
  ledger_log_nodes: LedgerLogNodesTable;
  ledger_checkpoints: LedgerCheckpointsTable;
  ledger_sum_tiles: LedgerSumTilesTable;
}
