import { expect } from 'vitest';
import type { Db } from '../../src/server/platform/context.js';
import { SYSTEM_ACTOR } from '../../src/server/platform/actor.js';
import { fixedClock } from '../../src/server/platform/clock.js';
import {
  openAccount,
  postCommand,
  type LedgerCommand,
  type LedgerResult,
  type Leg,
} from '../../src/server/modules/ledger/index.js';
import type { Dialect } from '../../src/server/db/connect.js';

/** Test shorthands over the ledger's module API, and the invariants every test state must satisfy. */
export async function userWallet(db: Db, userId: string, now = new Date()): Promise<string> {
  return (await openAccount(db, now, { kind: 'user_wallet', currency: 'CNY', ownerId: userId })).id;
}

export async function clearing(db: Db, now = new Date()): Promise<string> {
  return (await openAccount(db, now, { kind: 'platform_clearing', currency: 'CNY' })).id;
}

let counter = 0;
export function transferId(prefix = 't'): string {
  return `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export function transfer(legs: Leg[], id = transferId()): LedgerCommand {
  return {
    id,
    type: 'transfer',
    legs,
    cause: { type: 'adjustment', id },
    reason: { code: 'test_move' },
    actor: SYSTEM_ACTOR,
  };
}

/** One command in its own transaction, as a use case would run it. */
export async function post(
  db: Db,
  dialect: Dialect,
  command: LedgerCommand,
  now = new Date(),
): Promise<LedgerResult> {
  return db.transaction().execute((trx) => postCommand(trx, { dialect, clock: fixedClock(now) }, command));
}

export async function fund(db: Db, dialect: Dialect, accountId: string, amount: number): Promise<void> {
  const source = await clearing(db);
  const result = await post(
    db,
    dialect,
    transfer([
      { accountId: source, amount: -amount },
      { accountId, amount },
    ]),
  );
  expect(result.outcome).toBe('posted');
}

export interface Totals {
  balance: Record<string, number>;
  held: Record<string, number>;
  incoming: Record<string, number>;
}

export async function ledgerTotals(db: Db): Promise<Totals> {
  const rows = await db
    .selectFrom('ledger_accounts')
    .select((eb) => [
      'currency',
      eb.fn.sum<number>('balance').as('balance'),
      eb.fn.sum<number>('held').as('held'),
      eb.fn.sum<number>('incoming').as('incoming'),
    ])
    .groupBy('currency')
    .execute();
  const totals: Totals = { balance: {}, held: {}, incoming: {} };
  for (const row of rows) {
    totals.balance[row.currency] = Number(row.balance);
    totals.held[row.currency] = Number(row.held);
    totals.incoming[row.currency] = Number(row.incoming);
  }
  return totals;
}

/**
 * Invariants 1 and 3: per currency, balances sum to zero and outgoing holds equal incoming holds; every
 * account's cached state equals the sum of its entries and its last entry's `after` values; no account
 * below its floor; sequences dense.
 */
export async function expectLedgerInvariants(db: Db): Promise<void> {
  const totals = await ledgerTotals(db);
  for (const currency of Object.keys(totals.balance)) {
    expect(totals.balance[currency], `Σ balance ${currency}`).toBe(0);
    expect(totals.held[currency], `Σ held = Σ incoming ${currency}`).toBe(totals.incoming[currency]);
  }
  const accounts = await db.selectFrom('ledger_accounts').selectAll().execute();
  const sums = await db
    .selectFrom('ledger_entries')
    .select((eb) => [
      'account_id',
      eb.fn.countAll<number>().as('n'),
      eb.fn.max('seq').as('max_seq'),
      eb.fn
        .sum<number>(eb.case().when('kind', '=', 'posted').then(eb.ref('amount')).else(0).end())
        .as('posted'),
    ])
    .groupBy('account_id')
    .execute();
  const byAccount = new Map(sums.map((s) => [s.account_id, s]));
  for (const account of accounts) {
    const s = byAccount.get(account.id);
    expect(Number(s?.n ?? 0), `${account.id} entry count`).toBe(account.entry_count);
    expect(Number(s?.max_seq ?? 0), `${account.id} dense sequence`).toBe(account.entry_count);
    expect(Number(s?.posted ?? 0), `${account.id} balance = Σ entries`).toBe(account.balance);
    if (account.balance_floor === 'zero')
      expect(account.balance - account.held, `${account.id} floor`).toBeGreaterThanOrEqual(0);
    if (account.entry_count > 0) {
      const last = await db
        .selectFrom('ledger_entries')
        .selectAll()
        .where('account_id', '=', account.id)
        .where('seq', '=', account.entry_count)
        .executeTakeFirstOrThrow();
      expect([last.balance_after, last.held_after, last.incoming_after, last.hash]).toEqual([
        account.balance,
        account.held,
        account.incoming,
        account.head_hash,
      ]);
    }
  }
}

/** For tamper tests only: lets direct SQL edit a table the engine otherwise keeps append-only. */
export async function dropAppendOnly(db: Db, dialect: Dialect, table: string): Promise<void> {
  const { sql } = await import('kysely');
  if (dialect === 'postgres') {
    await sql`drop trigger if exists ${sql.id(`${table}_append_only`)} on ${sql.table(table)}`.execute(db);
    await sql`drop trigger if exists ${sql.id(`${table}_no_truncate`)} on ${sql.table(table)}`.execute(db);
  } else {
    await sql`drop trigger if exists ${sql.id(`${table}_no_update`)}`.execute(db);
    await sql`drop trigger if exists ${sql.id(`${table}_no_delete`)}`.execute(db);
  }
}
