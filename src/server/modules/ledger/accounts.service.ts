import type { Currency } from '../../../common/money.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { ACCOUNT_KINDS, PLATFORM_OWNER, type AccountKind } from './account-kinds.js';
import { findAccountByOwner, insertAccountIfAbsent, type AccountRow } from './accounts.repository.js';
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
  const owner = { ownerType, ownerId, kind: request.kind, currency: request.currency };
  const found = await findAccountByOwner(db, owner);
  if (found) return presentAccount(found);
  const id = newId('ledgerAccount', now);
  const createdAt = toStoredTime(now);
  await insertAccountIfAbsent(db, {
    id,
    owner_type: ownerType,
    owner_id: ownerId,
    kind: request.kind,
    currency: request.currency,
    balance_floor: spec.floor,
    balance: 0,
    held: 0,
    incoming: 0,
    entry_count: 0,
    head_hash: genesisHash({
      id,
      ownerType,
      ownerId,
      kind: request.kind,
      currency: request.currency,
      floor: spec.floor,
      createdAt,
    }),
    created_at: createdAt,
  });
  const opened = await findAccountByOwner(db, owner);
  if (!opened)
    throw new Error(`account ${request.kind}/${request.currency} for ${ownerId} vanished after opening`);
  return presentAccount(opened);
}
