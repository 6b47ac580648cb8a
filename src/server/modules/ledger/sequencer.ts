import { sql } from 'kysely';
import type { TransferRecord } from '../../../common/ledger/canonical.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db, Trx } from '../../platform/context.js';
import type { Dialect } from '../../db/connect.js';
import { logNodeHash, transferLeafHash } from './hashing.js';
import { LogTree } from './log-tree.js';
import { byAccountThenSeq } from './transfers.service.js';
import { entriesByKeys, type EntryDbRow, type TransferDbRow } from './transfers.repository.js';

/**
 * Appends committed transfers to the log, in the order the sequencer sees them committed, with dense
 * indices: the transfer path never waits on a global counter, and the log still has one total order.
 * Runs under `withLogLock`, so there is one sequencer
 * at a time however many instances run. Also stores the hash of every subtree the new leaves complete.
 */
const BATCH = 2_000;

/**
 * Runs `work` in a transaction that alone may append to the log. On PostgreSQL the lock is a session
 * advisory lock taken on the transaction's connection *before* BEGIN, so that a REPEATABLE READ snapshot
 * (the checkpoint's) is taken after the lock and sees every log row a previous holder committed.
 */
export async function withLogLock<T>(
  db: Db,
  dialect: Dialect,
  work: (trx: Trx) => Promise<T>,
  isolation: 'read committed' | 'repeatable read' = 'read committed',
): Promise<T> {
  if (dialect === 'sqlite') return db.transaction().execute(work);
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtextextended('kameng:ledger-log', 0))`.execute(connection);
    try {
      return await connection.transaction().setIsolationLevel(isolation).execute(work);
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended('kameng:ledger-log', 0))`.execute(connection);
    }
  });
}

/** Sequences everything queued; returns the new log size. Call inside `withLogLock`. */
export async function sequenceQueued(db: Trx, now: Date): Promise<number> {
  let size = await new LogTree(db).size();
  for (;;) {
    const queued = await db
      .selectFrom('ledger_log_queue')
      .select('transfer_id')
      .orderBy('queued_at')
      .orderBy('transfer_id')
      .limit(BATCH)
      .execute();
    if (queued.length === 0) return size;
    const ids = queued.map((q) => q.transfer_id);
    const records = await transferRecords(db, ids);
    const leaves = ids.map((id, i) => ({
      log_index: size + i,
      transfer_id: id,
      leaf_hash: transferLeafHash(records.get(id)!),
      sequenced_at: toStoredTime(now),
    }));
    for (let i = 0; i < leaves.length; i += 500)
      await db
        .insertInto('ledger_log')
        .values(leaves.slice(i, i + 500))
        .execute();
    await db.deleteFrom('ledger_log_queue').where('transfer_id', 'in', ids).execute();
    await storeCompletedSubtrees(db, size, size + leaves.length);
    size += leaves.length;
  }
}

/** The canonical record of each transfer, as hashed into its leaf. */
export async function transferRecords(db: Db, ids: readonly string[]): Promise<Map<string, TransferRecord>> {
  const records = new Map<string, TransferRecord>();
  for (let i = 0; i < ids.length; i += 500) {
    const transfers = await db
      .selectFrom('ledger_transfers')
      .selectAll()
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    const entries = await entriesByKeys(
      db,
      transfers.flatMap((t) => JSON.parse(t.entry_refs) as Array<[string, number]>),
    );
    const byTransfer = new Map<string, EntryDbRow[]>();
    for (const entry of entries)
      byTransfer.set(entry.transfer_id, [...(byTransfer.get(entry.transfer_id) ?? []), entry]);
    for (const transfer of transfers) {
      const listed = (JSON.parse(transfer.entry_refs) as unknown[]).length;
      const found = byTransfer.get(transfer.id) ?? [];
      if (found.length !== listed) throw new MissingEntriesError(transfer.id, listed, found.length);
      records.set(transfer.id, toRecord(transfer, found));
    }
  }
  for (const id of ids) if (!records.has(id)) throw new Error(`transfer ${id} does not exist`);
  return records;
}

/** A transfer lists entries that are not there (or not its own): the ledger was edited. */
export class MissingEntriesError extends Error {
  override name = 'MissingEntriesError';
  constructor(
    readonly transferId: string,
    listed: number,
    found: number,
  ) {
    super(`transfer ${transferId} lists ${listed} entries but ${found} of them exist and name it`);
  }
}

export function toRecord(
  t: TransferDbRow,
  entries: ReadonlyArray<Pick<EntryDbRow, 'account_id' | 'seq' | 'hash'>>,
): TransferRecord {
  return {
    id: t.id,
    type: t.type,
    outcome: t.outcome,
    pendingId: t.pending_id,
    correctsId: t.corrects_id,
    causeType: t.cause_type,
    causeId: t.cause_id,
    reasonCode: t.reason_code,
    reasonParams: JSON.parse(t.reason_params) as Record<string, string | number>,
    actorType: t.actor_type,
    actorId: t.actor_id,
    expiresAt: t.expires_at,
    createdAt: t.created_at,
    entries: [...entries].sort(byAccountThenSeq).map((e) => [e.account_id, e.seq, e.hash] as const),
  };
}

/** Recomputes the stored subtree hashes of the first `size` leaves from the leaves: a repair of the cache. */
export async function rebuildLogNodes(db: Trx, size: number): Promise<void> {
  await db.deleteFrom('ledger_log_nodes').execute();
  await storeCompletedSubtrees(db, 0, size);
}

/** Stores the hash of each complete aligned subtree that leaves [from, to) finish, level by level. */
async function storeCompletedSubtrees(db: Trx, from: number, to: number): Promise<void> {
  let below = new Map<number, string>();
  const leaves = await db
    .selectFrom('ledger_log')
    .select(['log_index', 'leaf_hash'])
    .where('log_index', '>=', from - (from % 2))
    .where('log_index', '<', to)
    .execute();
  for (const leaf of leaves) below.set(leaf.log_index, leaf.leaf_hash);
  for (let level = 1; 2 ** level <= to; level++) {
    const width = 2 ** level;
    const first = Math.floor(from / width);
    const last = Math.floor(to / width) - 1;
    // No new node at this level means none above it either: a new parent always has a new right child.
    if (last < first) return;
    const children = new Map(below);
    const missing: number[] = [];
    for (let i = 2 * first; i <= 2 * last + 1; i++) if (!children.has(i)) missing.push(i);
    if (missing.length > 0) {
      const stored = await db
        .selectFrom('ledger_log_nodes')
        .select(['node_index', 'hash'])
        .where('level', '=', level - 1)
        .where('node_index', 'in', missing)
        .execute();
      for (const node of stored) children.set(node.node_index, node.hash);
    }
    const nodes: Array<{ level: number; node_index: number; hash: string }> = [];
    const current = new Map<number, string>();
    for (let index = first; index <= last; index++) {
      const hash = logNodeHash(children.get(2 * index)!, children.get(2 * index + 1)!);
      nodes.push({ level, node_index: index, hash });
      current.set(index, hash);
    }
    for (let i = 0; i < nodes.length; i += 500)
      await db
        .insertInto('ledger_log_nodes')
        .values(nodes.slice(i, i + 500))
        .execute();
    below = current;
  }
}
