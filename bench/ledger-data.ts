import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { connectDatabase, openSqliteFile, SQLITE_FILE_NAME } from '../src/server/db/connect.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { entryHash, genesisHash } from '../src/server/modules/ledger/index.js';

/** A migrated SQLite database opened for bulk loading: no fsync, since a crash only loses bench data. */
async function openBulkLoad(dataDir: string) {
  const handle = connectDatabase({ dataDir, databaseUrl: undefined });
  await migrateToLatest(handle.db);
  await handle.close();
  const db = openSqliteFile(path.join(dataDir, SQLITE_FILE_NAME));
  db.pragma('synchronous = OFF');
  return db;
}

/**
 * Builds large SQLite ledgers fast, straight into the tables, with the exact rows the engine would write
 * (hash chains, running balances, log queue), so `ledger verify` accepts them. Only for benchmarks: it
 * bypasses the engine to make a million entries in seconds instead of minutes.
 */
interface Account {
  id: string;
  balance: number;
  count: number;
  head: string;
}

function accountId(n: number): string {
  return `acc_BENCH${String(n).padStart(21, '0')}`;
}

export async function generateLedger(
  dataDir: string,
  options: { wallets: number; hotTransfers: number; otherTransfers: number },
): Promise<{ hotAccountId: string; entries: number; transfers: number }> {
  const db = await openBulkLoad(dataDir);
  const createdAt = '2026-01-01T00:00:00.000Z';
  const insertAccount = db.prepare(
    `insert into ledger_accounts (id, owner_type, owner_id, kind, currency, balance_floor, balance, held, incoming, entry_count, head_hash, created_at)
     values (?, ?, ?, ?, 'CNY', ?, 0, 0, 0, 0, ?, ?)`,
  );
  const insertTransfer = db.prepare(
    `insert into ledger_transfers (id, type, outcome, rejection_code, pending_id, corrects_id, legs, cause_type, cause_id, reason_code, reason_params, actor_type, actor_id, expires_at, request_hash, entry_refs, created_at)
     values (?, 'transfer', 'posted', null, null, null, ?, 'adjustment', ?, 'adjustment', '{"note":"bench"}', 'system', 'bench', null, ?, ?, ?)`,
  );
  const insertEntry = db.prepare(
    `insert into ledger_entries (account_id, seq, transfer_id, kind, amount, balance_after, held_after, incoming_after, cause_type, created_at, prev_hash, hash)
     values (?, ?, ?, 'posted', ?, ?, 0, 0, 'adjustment', ?, ?, ?)`,
  );
  const queue = db.prepare('insert into ledger_log_queue (transfer_id, queued_at) values (?, ?)');
  const saveAccount = db.prepare(
    'update ledger_accounts set balance = ?, entry_count = ?, head_hash = ? where id = ?',
  );

  const accounts: Account[] = [];
  const open = (n: number, ownerType: string, ownerId: string, kind: string, floor: string) => {
    const id = accountId(n);
    const head = genesisHash({ id, ownerType, ownerId, kind, currency: 'CNY', floor, createdAt });
    insertAccount.run(id, ownerType, ownerId, kind, floor, head, createdAt);
    accounts.push({ id, balance: 0, count: 0, head });
  };
  let transfers = 0;
  let entries = 0;
  const requestHash = randomBytes(32).toString('hex');
  const move = (from: Account, to: Account, amount: number) => {
    const id = `bench-${++transfers}`;
    const at = new Date(Date.parse(createdAt) + transfers).toISOString();
    const refs = [
      [from.id, from.count + 1],
      [to.id, to.count + 1],
    ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    insertTransfer.run(
      id,
      JSON.stringify([
        { accountId: from.id, amount: -amount },
        { accountId: to.id, amount },
      ]),
      id,
      requestHash,
      JSON.stringify(refs),
      at,
    );
    for (const [account, delta] of [
      [from, -amount],
      [to, amount],
    ] as const) {
      account.balance += delta;
      account.count += 1;
      const record = {
        accountId: account.id,
        seq: account.count,
        transferId: id,
        kind: 'posted',
        amount: delta,
        balanceAfter: account.balance,
        heldAfter: 0,
        incomingAfter: 0,
        causeType: 'adjustment',
        createdAt: at,
      };
      const hash = entryHash(account.head, record);
      insertEntry.run(account.id, account.count, id, delta, account.balance, at, account.head, hash);
      account.head = hash;
      entries++;
    }
    queue.run(id, at);
  };

  const build = db.transaction(() => {
    open(0, 'platform', 'platform', 'platform_clearing', 'none');
    for (let n = 1; n <= options.wallets; n++) open(n, 'user', `usr_bench_${n}`, 'user_wallet', 'zero');
    const clearing = accounts[0]!;
    for (let n = 1; n <= options.wallets; n++) move(clearing, accounts[n]!, 1_000_000_000);
    const hot = accounts[1]!;
    for (let i = 0; i < options.hotTransfers; i++) {
      const other = accounts[2 + (i % (options.wallets - 1))]!;
      if (i % 2 === 0) move(hot, other, 1 + (i % 97));
      else move(other, hot, 1 + (i % 89));
    }
    for (let i = 0; i < options.otherTransfers; i++) {
      const a = accounts[2 + (i % (options.wallets - 1))]!;
      const b = accounts[2 + ((i * 7 + 3) % (options.wallets - 1))]!;
      if (a !== b) move(a, b, 1 + (i % 50));
    }
    for (const account of accounts) saveAccount.run(account.balance, account.count, account.head, account.id);
  });
  build();
  db.pragma('synchronous = FULL');
  db.close();
  return { hotAccountId: accountId(1), entries, transfers };
}

/** A million (or so) customer accounts with balances, for the checkpoint benchmark; no entries. */
export async function generateAccounts(dataDir: string, count: number): Promise<void> {
  const db = await openBulkLoad(dataDir);
  const createdAt = '2026-01-01T00:00:00.000Z';
  const insert = db.prepare(
    `insert into ledger_accounts (id, owner_type, owner_id, kind, currency, balance_floor, balance, held, incoming, entry_count, head_hash, created_at)
     values (?, 'user', ?, 'user_wallet', 'CNY', 'zero', ?, 0, 0, 0, ?, ?)`,
  );
  const head = randomBytes(32).toString('hex');
  db.transaction(() => {
    for (let n = 0; n < count; n++)
      insert.run(accountId(n), `usr_bench_${n}`, (n * 7919) % 1_000_000, head, createdAt);
  })();
  db.pragma('synchronous = FULL');
  db.close();
}
