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
