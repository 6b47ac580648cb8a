import type { Selectable } from 'kysely';
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

/** The accounts inserted; an owner that already had its account (a concurrent open won) is left out. */
export async function insertAccountsIfAbsent(
  db: Db,
  rows: readonly LedgerAccountsTable[],
): Promise<AccountRow[]> {
  return db
    .insertInto('ledger_accounts')
    .values(rows)
    .onConflict((oc) => oc.columns(['owner_type', 'owner_id', 'kind', 'currency']).doNothing())
    .returningAll()
    .execute();
}

export async function findAccountByOwner(
  db: Db,
  owner: { ownerType: string; ownerId: string; kind: string; currency: string },
): Promise<AccountRow | undefined> {
  return (await findAccountsByOwners(db, { ...owner, ownerIds: [owner.ownerId] }))[0];
}

export async function findAccountsByOwners(
  db: Db,
  owners: { ownerType: string; ownerIds: readonly string[]; kind: string; currency: string },
): Promise<AccountRow[]> {
  if (owners.ownerIds.length === 0) return [];
  return db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('owner_type', '=', owners.ownerType as AccountRow['owner_type'])
    .where('owner_id', 'in', owners.ownerIds)
    .where('kind', '=', owners.kind)
    .where('currency', '=', owners.currency as AccountRow['currency'])
    .execute();
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
