/**
 * The ledger's canonical byte formats (docs/LEDGER.md "Byte formats"). Every hashed record is a JSON
 * array serialized per RFC 8785 (JCS) restricted to strings, safe integers, null, arrays and objects
 * with keys sorted by UTF-16 code units: one text for one value, reproducible in any language.
 */
export type CanonicalValue =
  string | number | null | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue };

export function canonicalJson(value: CanonicalValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new Error(`canonical JSON holds safe integers only, got ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) {
    // A plain loop: records are hashed on every write, and map/join allocates twice per array.
    const items = value as readonly CanonicalValue[];
    let text = '[';
    for (let i = 0; i < items.length; i++) text += (i === 0 ? '' : ',') + canonicalJson(items[i]!);
    return text + ']';
  }
  const object = value as { readonly [key: string]: CanonicalValue };
  const keys = Object.keys(object).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key]!)}`).join(',')}}`;
}

export interface AccountHeader {
  id: string;
  ownerType: string;
  ownerId: string;
  kind: string;
  currency: string;
  floor: string;
  createdAt: string;
}

/** An account's genesis: its chain starts from SHA-256 of these bytes. */
export function accountHeaderJson(a: AccountHeader): string {
  return canonicalJson([
    'kameng-account-v1',
    a.id,
    a.ownerType,
    a.ownerId,
    a.kind,
    a.currency,
    a.floor,
    a.createdAt,
  ]);
}

export interface EntryRecord {
  accountId: string;
  seq: number;
  transferId: string;
  kind: string;
  amount: number;
  balanceAfter: number;
  heldAfter: number;
  incomingAfter: number;
  causeType: string;
  createdAt: string;
}

/** An entry: hash = SHA-256(previous hash (32 bytes) ‖ UTF-8 of these bytes). */
export function entryJson(e: EntryRecord): string {
  return canonicalJson([
    'kameng-entry-v1',
    e.accountId,
    e.seq,
    e.transferId,
    e.kind,
    e.amount,
    e.balanceAfter,
    e.heldAfter,
    e.incomingAfter,
    e.causeType,
    e.createdAt,
  ]);
}

export interface TransferRecord {
  id: string;
  type: string;
  outcome: string;
  pendingId: string | null;
  correctsId: string | null;
  causeType: string;
  causeId: string;
  reasonCode: string;
  reasonParams: { readonly [key: string]: string | number };
  actorType: string;
  actorId: string;
  expiresAt: string | null;
  createdAt: string;
  /** The entries the transfer wrote, as [accountId, seq, entry hash hex], in write order. */
  entries: ReadonlyArray<readonly [string, number, string]>;
}

/** A transfer's leaf in the log: binds the transfer to the entry hashes of every account it touched. */
export function transferLeafJson(t: TransferRecord): string {
  return canonicalJson([
    'kameng-transfer-v1',
    t.id,
    t.type,
    t.outcome,
    t.pendingId,
    t.correctsId,
    t.causeType,
    t.causeId,
    t.reasonCode,
    t.reasonParams,
    t.actorType,
    t.actorId,
    t.expiresAt,
    t.createdAt,
    t.entries.map((entry) => [...entry]),
  ]);
}

export interface BalanceRecord {
  accountId: string;
  ownerType: string;
  ownerId: string;
  kind: string;
  currency: string;
  balance: number;
  entryCount: number;
  headHash: string;
}

/** A balance leaf of the sum tree: the account's state as of a checkpoint, tied to its chain head. */
export function balanceLeafJson(b: BalanceRecord): string {
  return canonicalJson([
    'kameng-balance-v1',
    b.accountId,
    b.ownerType,
    b.ownerId,
    b.kind,
    b.currency,
    b.balance,
    b.entryCount,
    b.headHash,
  ]);
}
