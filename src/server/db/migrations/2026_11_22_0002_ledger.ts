import { sql, type Kysely } from 'kysely';
import { dialectOf, makeAppendOnly, sqlIn } from '../schema-helpers.js';

/**
 * The ledger (docs/LEDGER.md). Money columns are bigint (64-bit integers on both engines) holding minor
 * units; the engine refuses an account below its floor through a CHECK constraint, whatever the code does.
 * Entries, transfers, the log and checkpoints are append-only by trigger.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // On SQLite, a table keyed by text is clustered on its key (WITHOUT ROWID): one b-tree per table
  // instead of a table plus a key index, so a transfer dirties fewer pages (and fsyncs less).
  const clustered = dialectOf(db) === 'sqlite' ? sql`without rowid` : sql``;
  await db.schema
    .createTable('ledger_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_type', 'text', (c) =>
      c.notNull().check(sqlIn('owner_type', ['user', 'merchant', 'platform'])),
    )
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull().check(sqlIn('currency', ['CNY', 'ZUAN'])))
    .addColumn('balance_floor', 'text', (c) => c.notNull().check(sqlIn('balance_floor', ['zero', 'none'])))
    .addColumn('balance', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('held', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('incoming', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('entry_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ledger_accounts_owner_kind', ['owner_type', 'owner_id', 'kind', 'currency'])
    // The floor, in the engine: an available balance below zero cannot be written at all.
    .addCheckConstraint('ledger_accounts_floor', sql`balance_floor = 'none' or balance - held >= 0`)
    .addCheckConstraint('ledger_accounts_pending', sql`held >= 0 and incoming >= 0`)
    .execute();
  if (dialectOf(db) === 'postgres') {
    // Accounts are updated on every transfer and none of the updated columns is indexed: room left in
    // each page lets PostgreSQL update them in place (HOT), without touching the indexes.
    await sql`alter table ledger_accounts set (fillfactor = 70)`.execute(db);
  }

  await db.schema
    .createTable('ledger_transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sqlIn('type', ['transfer', 'hold', 'post', 'void', 'expire'])),
    )
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sqlIn('outcome', ['posted', 'held', 'voided', 'expired', 'rejected'])),
    )
    .addColumn('rejection_code', 'text')
    .addColumn('pending_id', 'text')
    .addColumn('corrects_id', 'text')
    .addColumn('legs', 'text', (c) => c.notNull())
    .addColumn('cause_type', 'text', (c) => c.notNull())
    .addColumn('cause_id', 'text', (c) => c.notNull())
    .addColumn('reason_code', 'text', (c) => c.notNull())
    .addColumn('reason_params', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('request_hash', 'text', (c) => c.notNull())
    // JSON [[accountId, seq], …]: the keys of the entries this transfer wrote, so they are found by
    // primary key and entries need no index on their transfer.
    .addColumn('entry_refs', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .modifyEnd(clustered)
    .execute();
  // A hold is resolved (posted, voided or expired) at most once. Partial indexes: a plain transfer
  // writes neither of these two.
  await db.schema
    .createIndex('ledger_transfers_resolution')
    .on('ledger_transfers')
    .column('pending_id')
    .unique()
    .where(sql<boolean>`pending_id is not null and outcome <> 'rejected'`)
    .execute();
  await db.schema
    .createIndex('ledger_transfers_open_holds')
    .on('ledger_transfers')
    .column('expires_at')
    .where(sql<boolean>`type = 'hold' and outcome = 'held' and expires_at is not null`)
    .execute();
  await db.schema
    .createIndex('ledger_transfers_cause')
    .on('ledger_transfers')
    .columns(['cause_type', 'cause_id'])
    .execute();
  await makeAppendOnly(db, 'ledger_transfers');

  await db.schema
    .createTable('ledger_entries')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['posted', 'hold', 'release'])))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('balance_after', 'bigint', (c) => c.notNull())
    .addColumn('held_after', 'bigint', (c) => c.notNull())
    .addColumn('incoming_after', 'bigint', (c) => c.notNull())
    .addColumn('cause_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_entries_pk', ['account_id', 'seq'])
    .modifyEnd(clustered)
    .execute();
  // Statements filter an account's lines by cause through this index, and by time through the primary
  // key: an account's entries are stamped in write order, so time bounds are found by binary search.
  await db.schema
    .createIndex('ledger_entries_cause')
    .on('ledger_entries')
    .columns(['account_id', 'cause_type', 'seq'])
    .execute();
  await makeAppendOnly(db, 'ledger_entries');

  // The RFC 6962 log of accepted transfers, in the order the sequencer saw them committed.
  await db.schema
    .createTable('ledger_log')
    .addColumn('log_index', 'bigint', (c) => c.primaryKey())
    .addColumn('transfer_id', 'text', (c) => c.notNull().unique())
    .addColumn('leaf_hash', 'text', (c) => c.notNull())
    .addColumn('sequenced_at', 'text', (c) => c.notNull())
    .execute();
  await makeAppendOnly(db, 'ledger_log');
  // Transfers committed but not yet in the log. Small by design (drained every few seconds), so the
  // sequencer sorts it without an index.
  await db.schema
    .createTable('ledger_log_queue')
    .addColumn('transfer_id', 'text', (c) => c.primaryKey())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .modifyEnd(clustered)
    .execute();
  // Hashes of complete subtrees (level ≥ 1) of the log: a cache the verifier recomputes.
  await db.schema
    .createTable('ledger_log_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('node_index', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_log_nodes_pk', ['level', 'node_index'])
    .execute();

  await db.schema
    .createTable('ledger_checkpoints')
    .addColumn('sequence', 'bigint', (c) => c.primaryKey())
    .addColumn('log_size', 'bigint', (c) => c.notNull())
    .addColumn('log_root', 'text', (c) => c.notNull())
    .addColumn('sum_root', 'text', (c) => c.notNull())
    .addColumn('totals', 'text', (c) => c.notNull())
    .addColumn('account_count', 'bigint', (c) => c.notNull())
    .addColumn('consistency_proof', 'text', (c) => c.notNull())
    .addColumn('tile_roots', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await makeAppendOnly(db, 'ledger_checkpoints');
  // The balance leaves of a checkpoint's sum tree, 256 to a row; kept for recent checkpoints only.
  await db.schema
    .createTable('ledger_sum_tiles')
    .addColumn('checkpoint_sequence', 'bigint', (c) => c.notNull())
    .addColumn('tile_index', 'bigint', (c) => c.notNull())
    .addColumn('leaves', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_sum_tiles_pk', ['checkpoint_sequence', 'tile_index'])
    .execute();
}
