import { sql, type Selectable } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { Db } from '../../platform/context.js';
import type { AccountState } from './engine.js';
import type { LedgerAccountsTable } from './ledger.tables.js';

export type AccountRow = Selectable<LedgerAccountsTable>;

export function rowToState(row: AccountRow): AccountState {
  return {
    id: row.id,
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    kind: row.kind,
    currency: row.currency,
    floor: row.balance_floor,
    balance: row.balance,
    held: row.held,
    incoming: row.incoming,
    entryCount: row.entry_count,
    headHash: row.head_hash,
    loadedEntryCount: row.entry_count,
  };
}

export async function insertAccountIfAbsent(db: Db, row: LedgerAccountsTable): Promise<void> {
  await db
    .insertInto('ledger_accounts')
    .values(row)
    .onConflict((oc) => oc.columns(['owner_type', 'owner_id', 'kind', 'currency']).doNothing())
    .execute();
}

export async function findAccountByOwner(
  db: Db,
  owner: { ownerType: string; ownerId: string; kind: string; currency: string },
): Promise<AccountRow | undefined> {
  return db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('owner_type', '=', owner.ownerType as AccountRow['owner_type'])
    .where('owner_id', '=', owner.ownerId)
    .where('kind', '=', owner.kind)
    .where('currency', '=', owner.currency as AccountRow['currency'])
    .executeTakeFirst();
}

export async function findAccount(db: Db, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('ledger_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function accountsOfOwner(db: Db, ownerType: string, ownerId: string): Promise<AccountRow[]> {
  return db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('owner_type', '=', ownerType as AccountRow['owner_type'])
    .where('owner_id', '=', ownerId)
    .orderBy('id')
    .execute();
}

/**
 * Loads and, on PostgreSQL, row-locks the accounts in id order (pgledger's rule): two transactions that
 * touch the same accounts lock them in the same order and can never deadlock. On SQLite the transaction
 * already holds the database's write lock (BEGIN IMMEDIATE).
 */
export async function lockAccounts(db: Db, dialect: Dialect, ids: readonly string[]): Promise<AccountRow[]> {
  if (ids.length === 0) return [];
  const query = db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('id');
  return dialect === 'postgres' ? query.forUpdate().execute() : query.execute();
}

/**
 * Writes the new states, each guarded by the entry count it was loaded with: a write that finds another
 * count means someone changed the account without holding its lock — a bug the guard turns into an error.
 */
export async function saveAccountStates(
  db: Db,
  dialect: Dialect,
  states: readonly AccountState[],
): Promise<void> {
  if (states.length === 0) return;
  if (dialect === 'postgres') {
    const rows = sql.join(
      states.map(
        (s) =>
          sql`(${s.id}, ${s.balance}::bigint, ${s.held}::bigint, ${s.incoming}::bigint, ${s.entryCount}::bigint, ${s.headHash}, ${s.loadedEntryCount}::bigint)`,
      ),
    );
    const result = await sql`
      update ledger_accounts as a
      set balance = v.balance, held = v.held, incoming = v.incoming, entry_count = v.entry_count, head_hash = v.head_hash
      from (values ${rows}) as v(id, balance, held, incoming, entry_count, head_hash, loaded_count)
      where a.id = v.id and a.entry_count = v.loaded_count`.execute(db);
    assertAllUpdated(Number(result.numAffectedRows ?? 0), states.length);
    return;
  }
  for (const s of states) {
    const result = await db
      .updateTable('ledger_accounts')
      .set({
        balance: s.balance,
        held: s.held,
        incoming: s.incoming,
        entry_count: s.entryCount,
        head_hash: s.headHash,
      })
      .where('id', '=', s.id)
      .where('entry_count', '=', s.loadedEntryCount)
      .executeTakeFirst();
    assertAllUpdated(Number(result.numUpdatedRows), 1);
  }
}

function assertAllUpdated(updated: number, expected: number): void {
  if (updated !== expected) {
    throw new Error(
      `ledger account changed under its lock (${updated} of ${expected} rows matched their loaded entry count)`,
    );
  }
}
