import type { Currency } from '../../../common/money.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { ACCOUNT_KINDS, PLATFORM_OWNER, type AccountKind } from './account-kinds.js';
import {
  findAccountByOwner,
  findAccountsByOwners,
  insertAccountsIfAbsent,
  type AccountRow,
} from './accounts.repository.js';
import type { LedgerAccountsTable } from './ledger.tables.js';
import { genesisHash } from './hashing.js';
import { ledgerErrors } from './ledger.errors.js';
import { AppError } from '../../platform/errors.js';

/**
 * Accounts are opened explicitly, before any transfer touches them, and opening is idempotent: one account
 * per owner, kind and currency (a unique constraint decides races between concurrent openers).
 */
export interface OpenAccount {
  kind: AccountKind;
  currency: Currency;
  /**
   * The user or merchant id. Platform accounts default to the one platform account of their kind; a
   * platform account kept per business object (an order's escrow) names that object instead.
   */
  ownerId?: string;
}

export interface LedgerAccount {
  id: string;
  ownerType: AccountRow['owner_type'];
  ownerId: string;
  kind: string;
  currency: Currency;
  balance: number;
  held: number;
  incoming: number;
  available: number;
  entryCount: number;
}

export function presentAccount(row: AccountRow): LedgerAccount {
  return {
    id: row.id,
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    kind: row.kind,
    currency: row.currency,
    balance: row.balance,
    held: row.held,
    incoming: row.incoming,
    available: row.balance - row.held,
    entryCount: row.entry_count,
  };
}

export async function openAccount(db: Db, now: Date, request: OpenAccount): Promise<LedgerAccount> {
  const owner = ownerOf(request);
  const found = await findAccountByOwner(db, owner);
  if (found) return presentAccount(found);
  const opened =
    (await insertAccountsIfAbsent(db, [newAccountRow(now, owner)]))[0] ??
    (await findAccountByOwner(db, owner));
  if (!opened)
    throw new Error(`account ${owner.kind}/${owner.currency} for ${owner.ownerId} vanished after opening`);
  return presentAccount(opened);
}

/** The accounts of one kind and currency that these owners have (an owner without one is absent). */
export async function accountsOfOwners(
  db: Db,
  request: { kind: AccountKind; currency: Currency; ownerIds: readonly string[] },
): Promise<Map<string, LedgerAccount>> {
  const rows = await findAccountsByOwners(db, { ...request, ownerType: ACCOUNT_KINDS[request.kind].owner });
  return new Map(rows.map((row) => [row.owner_id, presentAccount(row)]));
}

/**
 * Opens accounts that cannot exist yet — each owned by an object made in this transaction, such as the
 * escrow of an order being created — in one insert. An owner that already has its account is an error.
 */
export async function openNewAccounts(
  db: Db,
  now: Date,
  requests: readonly OpenAccount[],
): Promise<LedgerAccount[]> {
  if (requests.length === 0) return [];
  const rows = requests.map((request) => newAccountRow(now, ownerOf(request)));
  const inserted = await insertAccountsIfAbsent(db, rows);
  if (inserted.length !== rows.length) throw new Error('an account opened as new already existed');
  const byId = new Map(inserted.map((row) => [row.id, row]));
  return rows.map((row) => presentAccount(byId.get(row.id)!));
}

interface Owner {
  ownerType: AccountRow['owner_type'];
  ownerId: string;
  kind: AccountKind;
  currency: Currency;
}

function ownerOf(request: OpenAccount): Owner {
  const spec = ACCOUNT_KINDS[request.kind];
  const ownerType = spec.owner;
  const ownerId = ownerType === 'platform' ? (request.ownerId ?? PLATFORM_OWNER) : request.ownerId;
  if (!ownerId)
    throw new AppError(ledgerErrors.LEDGER_INVALID_TRANSFER, { problem: `${request.kind} needs an owner` });
  if (!(spec.currencies as readonly string[]).includes(request.currency)) {
    throw new AppError(ledgerErrors.LEDGER_INVALID_TRANSFER, {
      problem: `${request.kind} holds no ${request.currency}`,
    });
  }
  return { ownerType, ownerId, kind: request.kind, currency: request.currency };
}

function newAccountRow(now: Date, owner: Owner): LedgerAccountsTable {
  const floor = ACCOUNT_KINDS[owner.kind].floor;
  const id = newId('ledgerAccount', now);
  const createdAt = toStoredTime(now);
  return {
    id,
    owner_type: owner.ownerType,
    owner_id: owner.ownerId,
    kind: owner.kind,
    currency: owner.currency,
    balance_floor: floor,
    balance: 0,
    held: 0,
    incoming: 0,
    entry_count: 0,
    head_hash: genesisHash({ id, ...owner, floor, createdAt }),
    created_at: createdAt,
  };
}
