import type { Selectable } from 'kysely';
import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import type { Leg } from './commands.js';
import type { HoldRecord } from './engine.js';
import type { LedgerEntriesTable, LedgerTransfersTable } from './ledger.tables.js';

export type TransferDbRow = Selectable<LedgerTransfersTable>;
export type EntryDbRow = Selectable<LedgerEntriesTable>;

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

/** Entries by their keys, e.g. a transfer's `entry_refs`. */
export async function entriesByKeys(
  db: Db,
  keys: ReadonlyArray<readonly [string, number]>,
): Promise<EntryDbRow[]> {
  const rows: EntryDbRow[] = [];
  for (let i = 0; i < keys.length; i += 400) {
    const chunk = keys.slice(i, i + 400);
    rows.push(
      ...(await db
        .selectFrom('ledger_entries')
        .selectAll()
        .where((eb) =>
          eb(
            eb.refTuple('account_id', 'seq'),
            'in',
            chunk.map(([account, seq]) => eb.tuple(account, seq)),
          ),
        )
        .execute()),
    );
  }
  return rows;
}

/** The entries each of these transfers wrote, found through its `entry_refs`. */
export async function entriesOfTransfers(db: Db, transferIds: readonly string[]): Promise<EntryDbRow[]> {
  if (transferIds.length === 0) return [];
  const transfers = await db
    .selectFrom('ledger_transfers')
    .select('entry_refs')
    .where('id', 'in', [...transferIds])
    .execute();
  return entriesByKeys(
    db,
    transfers.flatMap((t) => JSON.parse(t.entry_refs) as Array<[string, number]>),
  );
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
