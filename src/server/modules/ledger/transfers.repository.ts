import type { Selectable } from 'kysely';
import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import type { Leg } from './commands.js';
import type { EntryRow, ExistingTransfer, HoldRecord, TransferRow } from './engine.js';
import type { LedgerEntriesTable, LedgerTransfersTable } from './ledger.tables.js';

export type TransferDbRow = Selectable<LedgerTransfersTable>;
export type EntryDbRow = Selectable<LedgerEntriesTable>;

/** SQLite allows 32,766 bound parameters per statement; 13 columns × 500 rows stays well below. */
const CHUNK = 500;

async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

export async function insertTransfers(db: Db, rows: readonly TransferRow[]): Promise<void> {
  await inChunks(rows, (chunk) => db.insertInto('ledger_transfers').values(chunk).execute());
}

export async function insertEntries(db: Db, rows: readonly EntryRow[]): Promise<void> {
  await inChunks(rows, (chunk) => db.insertInto('ledger_entries').values(chunk).execute());
}

export async function queueForLog(db: Db, transferIds: readonly string[], now: Date): Promise<void> {
  const queuedAt = toStoredTime(now);
  await inChunks(transferIds, (chunk) =>
    db
      .insertInto('ledger_log_queue')
      .values(chunk.map((id) => ({ transfer_id: id, queued_at: queuedAt })))
      .execute(),
  );
}

export async function findExistingTransfers(db: Db, ids: readonly string[]): Promise<ExistingTransfer[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('ledger_transfers')
    .select(['id', 'type', 'outcome', 'rejection_code', 'request_hash'])
    .where('id', 'in', [...ids])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    outcome: r.outcome,
    rejectionCode: r.rejection_code,
    requestHash: r.request_hash,
  }));
}

/** Accepted holds among these ids. Holds are immutable rows: reading them needs no lock. */
export async function findHolds(db: Db, ids: readonly string[]): Promise<HoldRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('ledger_transfers')
    .select(['id', 'legs', 'expires_at'])
    .where('id', 'in', [...ids])
    .where('type', '=', 'hold')
    .where('outcome', '=', 'held')
    .execute();
  return rows.map((r) => ({ id: r.id, legs: JSON.parse(r.legs) as Leg[], expiresAt: r.expires_at }));
}

/** Which of these holds already have their one accepted resolution. */
export async function findResolvedHolds(db: Db, pendingIds: readonly string[]): Promise<string[]> {
  if (pendingIds.length === 0) return [];
  const rows = await db
    .selectFrom('ledger_transfers')
    .select('pending_id')
    .where('pending_id', 'in', [...pendingIds])
    .where('outcome', '<>', 'rejected')
    .execute();
  return rows.map((r) => r.pending_id!);
}

export async function entriesOfTransfers(db: Db, transferIds: readonly string[]): Promise<EntryDbRow[]> {
  if (transferIds.length === 0) return [];
  return db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('transfer_id', 'in', [...transferIds])
    .orderBy('transfer_id')
    .execute();
}

export async function findTransfer(db: Db, id: string): Promise<TransferDbRow | undefined> {
  return db.selectFrom('ledger_transfers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Holds past their expiry with no resolution yet, oldest first. */
export async function expiredOpenHolds(db: Db, now: Date, limit: number): Promise<TransferDbRow[]> {
  return db
    .selectFrom('ledger_transfers as h')
    .selectAll('h')
    .where('h.type', '=', 'hold')
    .where('h.outcome', '=', 'held')
    .where('h.expires_at', '<=', toStoredTime(now))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('ledger_transfers as r')
            .select('r.id')
            .whereRef('r.pending_id', '=', 'h.id')
            .where('r.outcome', '<>', 'rejected'),
        ),
      ),
    )
    .orderBy('h.expires_at')
    .limit(limit)
    .execute();
}
