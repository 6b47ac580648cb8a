import { CompiledQuery } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import { PREPARED } from '../../db/postgres-driver.js';
import type { Db } from '../../platform/context.js';
import type { AccountRow } from './accounts.repository.js';
import type { AccountState, EntryRow, ExistingTransfer, TransferRow } from './engine.js';

/**
 * The ledger's hot path in hand-written, parameterised SQL (ADR 0005). Every transfer runs these, so
 * they skip the query builder (whose per-query build cost was a fifth of a transfer's CPU) and, on
 * PostgreSQL, all writes of a batch travel in one statement: a data-modifying CTE inserting transfers,
 * entries and log-queue rows and updating the accounts, guarded by the entry counts they were loaded with.
 * One round trip instead of four; the guard's row count is checked by the caller.
 */
function placeholders(dialect: Dialect, start: number, count: number): string {
  return Array.from({ length: count }, (_, i) => (dialect === 'postgres' ? `$${start + i}` : '?')).join(', ');
}

const rowsCache = new Map<string, string>();

/** `(?, ?), (?, ?)` for `rows` rows of `width` values, cached by shape: batches repeat their sizes. */
function rowsOf(
  dialect: Dialect,
  start: number,
  width: number,
  rows: number,
  casts: readonly string[] = [],
): string {
  const key = `${dialect}:${start}:${width}:${rows}:${casts.join(',')}`;
  let text = rowsCache.get(key);
  if (!text) {
    const out: string[] = [];
    for (let r = 0; r < rows; r++) {
      const cells = Array.from({ length: width }, (_, c) => {
        const placeholder = dialect === 'postgres' ? `$${start + r * width + c}` : '?';
        // Casts tell PostgreSQL the types of a VALUES list; SQLite needs none and pays for each.
        return casts[c] && dialect === 'postgres' ? `cast(${placeholder} as ${casts[c]})` : placeholder;
      });
      out.push(`(${cells.join(', ')})`);
    }
    text = out.join(', ');
    if (rowsCache.size > 4_096) rowsCache.clear();
    rowsCache.set(key, text);
  }
  return text;
}

export async function selectAccountsForUpdate(
  db: Db,
  dialect: Dialect,
  ids: readonly string[],
): Promise<AccountRow[]> {
  if (ids.length === 0) return [];
  const lock = dialect === 'postgres' ? ' for update' : '';
  const query = CompiledQuery.raw(
    `${PREPARED}select * from ledger_accounts where id in (${placeholders(dialect, 1, ids.length)}) order by id${lock}`,
    [...ids],
  );
  return (await db.executeQuery<AccountRow>(query)).rows;
}

export async function selectExistingTransfers(
  db: Db,
  dialect: Dialect,
  ids: readonly string[],
): Promise<ExistingTransfer[]> {
  if (ids.length === 0) return [];
  const query = CompiledQuery.raw(
    `${PREPARED}select id, type, outcome, rejection_code, request_hash from ledger_transfers where id in (${placeholders(dialect, 1, ids.length)})`,
    [...ids],
  );
  const rows = (
    await db.executeQuery<{
      id: string;
      type: ExistingTransfer['type'];
      outcome: ExistingTransfer['outcome'];
      rejection_code: string | null;
      request_hash: string;
    }>(query)
  ).rows;
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    outcome: r.outcome,
    rejectionCode: r.rejection_code,
    requestHash: r.request_hash,
  }));
}

const TRANSFER_COLUMNS = [
  'id',
  'type',
  'outcome',
  'rejection_code',
  'pending_id',
  'corrects_id',
  'legs',
  'cause_type',
  'cause_id',
  'reason_code',
  'reason_params',
  'actor_type',
  'actor_id',
  'expires_at',
  'request_hash',
  'entry_refs',
  'created_at',
] as const;
const ENTRY_COLUMNS = [
  'account_id',
  'seq',
  'transfer_id',
  'kind',
  'amount',
  'balance_after',
  'held_after',
  'incoming_after',
  'cause_type',
  'created_at',
  'prev_hash',
  'hash',
] as const;
const ENTRY_CASTS = ['', 'bigint', '', '', 'bigint', 'bigint', 'bigint', 'bigint'];
/** A VALUES list read by `insert … select` needs every type spelled out. */
const ENTRY_CASTS_ALL = [
  'text',
  'bigint',
  'text',
  'text',
  'bigint',
  'bigint',
  'bigint',
  'bigint',
  'text',
  'text',
  'text',
  'text',
];

export interface Writes {
  transfers: readonly TransferRow[];
  entries: readonly EntryRow[];
  accounts: readonly AccountState[];
  queued: readonly string[];
  queuedAt: string;
}

/** PostgreSQL caps a statement at 65,535 parameters; bigger batches go in chunks. */
const PG_MAX_PARAMETERS = 60_000;

/**
 * Writes the decisions. `onlyIfNew` (PostgreSQL, one transfer, when the idempotency lookup was skipped): the writes happen
 * only if every transfer id is new — otherwise nothing is written and the answer is `conflict`, and the
 * caller decides again knowing the existing transfers.
 */
export async function writeDecisions(
  db: Db,
  dialect: Dialect,
  writes: Writes,
  options: { onlyIfNew?: boolean } = {},
): Promise<'written' | 'conflict'> {
  const parameterCount =
    writes.transfers.length * TRANSFER_COLUMNS.length +
    writes.entries.length * ENTRY_COLUMNS.length +
    writes.queued.length * 2 +
    writes.accounts.length * 7;
  if (dialect === 'postgres' && parameterCount <= PG_MAX_PARAMETERS)
    return options.onlyIfNew ? writeIfNew(db, writes) : (await writeInOneStatement(db, writes), 'written');
  // Too big for one statement: the caller must have looked the ids up.
  if (options.onlyIfNew) return 'conflict';
  for (const chunk of chunks(writes.transfers))
    await insertRows(db, dialect, 'ledger_transfers', TRANSFER_COLUMNS, chunk, []);
  for (const chunk of chunks(writes.entries))
    await insertRows(db, dialect, 'ledger_entries', ENTRY_COLUMNS, chunk, ENTRY_CASTS);
  for (const chunk of chunks(writes.queued)) {
    await db.executeQuery(
      CompiledQuery.raw(
        `insert into ledger_log_queue (transfer_id, queued_at) values ${rowsOf(dialect, 1, 2, chunk.length)}`,
        chunk.flatMap((id) => [id, writes.queuedAt]),
      ),
    );
  }
  for (const chunk of chunks(writes.accounts)) await updateAccounts(db, dialect, chunk);
  return 'written';
}

/** Statements of at most 500 rows: well inside SQLite's and PostgreSQL's parameter limits. */
function* chunks<T>(rows: readonly T[]): Generator<readonly T[]> {
  for (let i = 0; i < rows.length; i += 500) yield rows.slice(i, i + 500);
}

/** Every changed account in one statement, each row guarded by the entry count it was loaded with. */
async function updateAccounts(db: Db, dialect: Dialect, accounts: readonly AccountState[]): Promise<void> {
  if (accounts.length === 0) return;
  // SQLite names a VALUES list's columns column1…column7; PostgreSQL takes the alias list.
  const text =
    dialect === 'postgres'
      ? `update ledger_accounts as a
         set balance = v.balance, held = v.held, incoming = v.incoming, entry_count = v.entry_count, head_hash = v.head_hash
         from (values ${rowsOf(dialect, 1, 7, accounts.length, ACCOUNT_CASTS)}) as v(id, balance, held, incoming, entry_count, head_hash, loaded_count)
         where a.id = v.id and a.entry_count = v.loaded_count`
      : `update ledger_accounts
         set balance = v.column2, held = v.column3, incoming = v.column4, entry_count = v.column5, head_hash = v.column6
         from (values ${rowsOf(dialect, 1, 7, accounts.length)}) as v
         where ledger_accounts.id = v.column1 and ledger_accounts.entry_count = v.column7`;
  const result = await db.executeQuery(
    CompiledQuery.raw(`${PREPARED}${text}`, accounts.flatMap(accountValues)),
  );
  assertUpdated(Number(result.numAffectedRows ?? 0), accounts.length);
}

const ACCOUNT_CASTS = ['text', 'bigint', 'bigint', 'bigint', 'bigint', 'text', 'bigint'];

function accountValues(a: AccountState): unknown[] {
  return [a.id, a.balance, a.held, a.incoming, a.entryCount, a.headHash, a.loadedEntryCount];
}

async function insertRows<T extends object>(
  db: Db,
  dialect: Dialect,
  table: string,
  columns: readonly (keyof T & string)[],
  rows: readonly T[],
  casts: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.flatMap((row) =>
    columns.map((column) => (row as Record<string, unknown>)[column] ?? null),
  );
  await db.executeQuery(
    CompiledQuery.raw(
      `insert into ${table} (${columns.join(', ')}) values ${rowsOf(dialect, 1, columns.length, rows.length, casts)}`,
      values,
    ),
  );
}

async function writeInOneStatement(db: Db, writes: Writes): Promise<void> {
  const parameters: unknown[] = [];
  const add = (values: unknown[]) => {
    const start = parameters.length + 1;
    parameters.push(...values);
    return start;
  };
  const parts: string[] = [];
  if (writes.transfers.length > 0) {
    const start = add(writes.transfers.flatMap((row) => TRANSFER_COLUMNS.map((c) => row[c] ?? null)));
    parts.push(
      `t as (insert into ledger_transfers (${TRANSFER_COLUMNS.join(', ')}) values ${rowsOf('postgres', start, TRANSFER_COLUMNS.length, writes.transfers.length)})`,
    );
  }
  if (writes.entries.length > 0) {
    const start = add(writes.entries.flatMap((row) => ENTRY_COLUMNS.map((c) => row[c] ?? null)));
    parts.push(
      `e as (insert into ledger_entries (${ENTRY_COLUMNS.join(', ')}) values ${rowsOf('postgres', start, ENTRY_COLUMNS.length, writes.entries.length, ENTRY_CASTS)})`,
    );
  }
  if (writes.queued.length > 0) {
    const start = add(writes.queued.flatMap((id) => [id, writes.queuedAt]));
    parts.push(
      `q as (insert into ledger_log_queue (transfer_id, queued_at) values ${rowsOf('postgres', start, 2, writes.queued.length)})`,
    );
  }
  // Single transfers recur in a handful of shapes: prepare those; one-off batch shapes stay unnamed.
  const marker = writes.transfers.length <= 4 ? PREPARED : '';
  const prefix = `${marker}${parts.length > 0 ? `with ${parts.join(', ')} ` : ''}`;
  if (writes.accounts.length === 0) {
    if (parts.length > 0) await db.executeQuery(CompiledQuery.raw(`${prefix}select 1`, parameters));
    return;
  }
  const start = add(writes.accounts.flatMap(accountValues));
  const values = rowsOf('postgres', start, 7, writes.accounts.length, ACCOUNT_CASTS);
  const result = await db.executeQuery(
    CompiledQuery.raw(
      `${prefix}update ledger_accounts as a
       set balance = v.balance, held = v.held, incoming = v.incoming, entry_count = v.entry_count, head_hash = v.head_hash
       from (values ${values}) as v(id, balance, held, incoming, entry_count, head_hash, loaded_count)
       where a.id = v.id and a.entry_count = v.loaded_count`,
      parameters,
    ),
  );
  assertUpdated(Number(result.numAffectedRows ?? 0), writes.accounts.length);
}

/**
 * The same writes as `writeInOneStatement` for ONE transfer, each guarded by `fresh`: true only when the
 * transfer row was inserted, i.e. its id did not exist (ON CONFLICT DO NOTHING skips an existing one,
 * after waiting for a concurrent insert of it to commit). With one transfer the insert is all or nothing;
 * with several it could insert some and skip others, so callers with several use the lookup instead.
 */
async function writeIfNew(db: Db, writes: Writes): Promise<'written' | 'conflict'> {
  if (writes.transfers.length !== 1) throw new Error('writeIfNew takes exactly one transfer');
  const parameters: unknown[] = [];
  const add = (values: unknown[]) => {
    const start = parameters.length + 1;
    parameters.push(...values);
    return start;
  };
  const transfers = add(writes.transfers.flatMap((row) => TRANSFER_COLUMNS.map((c) => row[c] ?? null)));
  const parts = [
    `t as (insert into ledger_transfers (${TRANSFER_COLUMNS.join(', ')}) values ${rowsOf('postgres', transfers, TRANSFER_COLUMNS.length, writes.transfers.length)} on conflict (id) do nothing returning id)`,
    `fresh as (select count(*) = ${writes.transfers.length} as ok from t)`,
  ];
  if (writes.entries.length > 0) {
    const start = add(writes.entries.flatMap((row) => ENTRY_COLUMNS.map((c) => row[c] ?? null)));
    parts.push(
      `e as (insert into ledger_entries (${ENTRY_COLUMNS.join(', ')}) select * from (values ${rowsOf('postgres', start, ENTRY_COLUMNS.length, writes.entries.length, ENTRY_CASTS_ALL)}) as v where (select ok from fresh))`,
    );
  }
  if (writes.queued.length > 0) {
    const start = add(writes.queued.flatMap((id) => [id, writes.queuedAt]));
    parts.push(
      `q as (insert into ledger_log_queue (transfer_id, queued_at) select * from (values ${rowsOf('postgres', start, 2, writes.queued.length, ['text', 'text'])}) as v where (select ok from fresh))`,
    );
  }
  if (writes.accounts.length > 0) {
    const start = add(writes.accounts.flatMap(accountValues));
    parts.push(
      `u as (update ledger_accounts as a
       set balance = v.balance, held = v.held, incoming = v.incoming, entry_count = v.entry_count, head_hash = v.head_hash
       from (values ${rowsOf('postgres', start, 7, writes.accounts.length, ACCOUNT_CASTS)}) as v(id, balance, held, incoming, entry_count, head_hash, loaded_count)
       where a.id = v.id and a.entry_count = v.loaded_count and (select ok from fresh) returning a.id)`,
    );
  }
  const marker = writes.transfers.length <= 4 ? PREPARED : '';
  const updated = writes.accounts.length > 0 ? '(select count(*) from u)' : '0';
  const { rows } = await db.executeQuery<{ ok: boolean; updated: number | string }>(
    CompiledQuery.raw(
      `${marker}with ${parts.join(', ')} select (select ok from fresh) as ok, ${updated} as updated`,
      parameters,
    ),
  );
  if (!rows[0]!.ok) return 'conflict';
  assertUpdated(Number(rows[0]!.updated), writes.accounts.length);
  return 'written';
}

function assertUpdated(updated: number, expected: number): void {
  if (updated !== expected) {
    throw new Error(
      `ledger account changed under its lock (${updated} of ${expected} rows matched their loaded entry count)`,
    );
  }
}
