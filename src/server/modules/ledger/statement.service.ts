import type { BalanceView, StatementLine, StatementPage } from '../../../common/api/ledger.js';
import type { Locale } from '../../../common/locale.js';
import type { Currency } from '../../../common/money.js';
import type { Db } from '../../platform/context.js';
import { AppError, platformErrors } from '../../platform/errors.js';
import { renderReason, type ReasonCatalogue } from '../../platform/reasons.js';
import { accountsOfOwner, findAccount, type AccountRow } from './accounts.repository.js';

/**
 * 账户明细: one account's lines, newest first, each with the balance after it and the reason in the
 * reader's language (seed 002: "钻掉了" must always have an answer). Keyset pagination on the entry
 * sequence; the export streams the same query page by page, so a long history never sits in memory.
 */
export interface StatementFilters {
  from?: string | undefined;
  to?: string | undefined;
  cause?: string | undefined;
}

/** The account a customer's statement shows for a currency. */
const CUSTOMER_KINDS: Record<'user' | 'merchant', Record<Currency, string>> = {
  user: { CNY: 'user_wallet', ZUAN: 'user_zuan' },
  merchant: { CNY: 'merchant_payable', ZUAN: 'merchant_payable' },
};

export function presentBalance(row: AccountRow): BalanceView {
  return {
    accountId: row.id,
    kind: row.kind,
    currency: row.currency,
    balance: row.balance,
    held: row.held,
    incoming: row.incoming,
    available: row.balance - row.held,
  };
}

export async function balancesOf(
  db: Db,
  ownerType: 'user' | 'merchant',
  ownerId: string,
): Promise<BalanceView[]> {
  return (await accountsOfOwner(db, ownerType, ownerId)).map(presentBalance);
}

export async function customerAccount(
  db: Db,
  ownerType: 'user' | 'merchant',
  ownerId: string,
  currency: Currency,
): Promise<AccountRow | undefined> {
  const kind = CUSTOMER_KINDS[ownerType][currency];
  return (await accountsOfOwner(db, ownerType, ownerId)).find(
    (a) => a.kind === kind && a.currency === currency,
  );
}

export function encodeStatementCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

function decodeStatementCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new AppError(platformErrors.VALIDATION_FAILED, { summary: 'cursor' });
  return Number(match[1]);
}

/**
 * The first entry stamped at or after `at` (entry_count + 1 if none). Entries of one account are stamped
 * in write order (the ledger reads its clock under the account's lock), so their times never decrease
 * and a binary search over the primary key finds the bound in log2(n) point reads.
 */
async function firstSeqAtOrAfter(db: Db, account: AccountRow, at: string): Promise<number> {
  let low = 1;
  let high = account.entry_count + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const entry = await db
      .selectFrom('ledger_entries')
      .select('created_at')
      .where('account_id', '=', account.id)
      .where('seq', '=', middle)
      .executeTakeFirstOrThrow();
    if (entry.created_at >= at) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The sequence range [first, end) that the time filters select. */
async function seqRange(
  db: Db,
  account: AccountRow,
  filters: StatementFilters,
): Promise<{ first: number; end: number }> {
  return {
    first: filters.from ? await firstSeqAtOrAfter(db, account, new Date(filters.from).toISOString()) : 1,
    end: filters.to
      ? await firstSeqAtOrAfter(db, account, new Date(filters.to).toISOString())
      : account.entry_count + 1,
  };
}

async function statementRows(
  db: Db,
  accountId: string,
  range: { first: number; end: number },
  cause: string | undefined,
  beforeSeq: number | undefined,
  limit: number,
) {
  let query = db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transfers as t', 't.id', 'e.transfer_id')
    .select([
      'e.seq',
      'e.created_at',
      'e.kind',
      'e.amount',
      'e.balance_after',
      'e.held_after',
      'e.cause_type',
      'e.transfer_id',
      't.cause_id',
      't.reason_code',
      't.reason_params',
    ])
    .where('e.account_id', '=', accountId)
    .orderBy('e.seq', 'desc')
    .limit(limit);
  query = query
    .where('e.seq', '<', Math.min(beforeSeq ?? range.end, range.end))
    .where('e.seq', '>=', range.first);
  if (cause) query = query.where('e.cause_type', '=', cause);
  return query.execute();
}

type Row = Awaited<ReturnType<typeof statementRows>>[number];

function presentLine(row: Row, reasons: ReasonCatalogue, locale: Locale): StatementLine {
  const params = JSON.parse(row.reason_params) as Record<string, string | number>;
  return {
    seq: row.seq,
    at: row.created_at,
    kind: row.kind,
    amount: row.amount,
    balanceAfter: row.balance_after,
    heldAfter: row.held_after,
    availableAfter: row.balance_after - row.held_after,
    reason: { code: row.reason_code, params, text: renderReason(reasons, row.reason_code, params, locale) },
    cause: { type: row.cause_type, id: row.cause_id },
    transferId: row.transfer_id,
  };
}

export async function statementPage(
  db: Db,
  account: AccountRow | undefined,
  query: StatementFilters & { cursor?: string | undefined; limit: number },
  reasons: ReasonCatalogue,
  locale: Locale,
): Promise<StatementPage> {
  if (!account) return { account: null, items: [], nextCursor: null };
  const range = await seqRange(db, account, query);
  const rows = await statementRows(
    db,
    account.id,
    range,
    query.cause,
    decodeStatementCursor(query.cursor),
    query.limit + 1,
  );
  const page = rows.slice(0, query.limit);
  return {
    account: presentBalance(account),
    items: page.map((row) => presentLine(row, reasons, locale)),
    nextCursor: rows.length > query.limit ? encodeStatementCursor(page.at(-1)!.seq) : null,
  };
}

/** Every line matching the filters, newest first, a page at a time. */
export async function* statementLines(
  db: Db,
  account: AccountRow,
  filters: StatementFilters,
  reasons: ReasonCatalogue,
  locale: Locale,
): AsyncGenerator<StatementLine> {
  const range = await seqRange(db, account, filters);
  let before: number | undefined;
  for (;;) {
    const rows = await statementRows(db, account.id, range, filters.cause, before, 1_000);
    for (const row of rows) yield presentLine(row, reasons, locale);
    if (rows.length < 1_000) return;
    before = rows.at(-1)!.seq;
  }
}

export async function accountForAdmin(db: Db, accountId: string): Promise<AccountRow | undefined> {
  return findAccount(db, accountId);
}

/** Totals per account kind and currency, for admins and auditors. */
export async function totalsByKind(db: Db) {
  const rows = await db
    .selectFrom('ledger_accounts')
    .select((eb) => [
      'kind',
      'currency',
      eb.fn.countAll<number>().as('accounts'),
      eb.fn.sum<number>('balance').as('balance'),
      eb.fn.sum<number>('held').as('held'),
      eb.fn.sum<number>('incoming').as('incoming'),
    ])
    .groupBy(['kind', 'currency'])
    .orderBy('kind')
    .orderBy('currency')
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    currency: r.currency,
    accounts: Number(r.accounts),
    balance: Number(r.balance),
    held: Number(r.held),
    incoming: Number(r.incoming),
  }));
}
