import { verifyCheckpointSignature } from '../../../common/ledger/checkpoint.js';
import type { Db } from '../../platform/context.js';
import { ACCOUNT_KINDS } from './account-kinds.js';
import { presentCheckpoint } from './checkpoints.service.js';
import { entryHash, genesisHash, logNodeHash, transferLeafHash, EMPTY_TREE_ROOT } from './hashing.js';
import { MissingEntriesError, transferRecords } from './sequencer.js';
import {
  fromStoredLeaf,
  leafNode,
  rootNode,
  type StoredLeaf,
  type SumNode,
  type TileRoot,
} from './sum-tree-builder.js';

/**
 * `kameng ledger verify`: recomputes the ledger from its rows and reports the first row that disagrees
 * (docs/LEDGER.md "Verifying"). Checks, in order: every account's hash chain, sequence and running
 * balances against its cached state; conservation per currency; every transfer's entries; every log
 * leaf against its transfer and the log root against the latest checkpoint; that checkpoint's signature
 * and sum tree, leaf by leaf against the chains. Entries are streamed, so memory stays flat.
 */
export interface VerifyProblem {
  where: string;
  what: string;
}

export interface VerifyReport {
  ok: boolean;
  problem: VerifyProblem | null;
  stats: {
    accounts: number;
    entries: number;
    transfers: number;
    logSize: number;
    checkpoint: number | null;
    seconds: number;
  };
}

class Failed extends Error {
  constructor(readonly problem: VerifyProblem) {
    super(`${problem.where}: ${problem.what}`);
  }
}

function fail(where: string, what: string): never {
  throw new Failed({ where, what });
}

const PAGE = 10_000;

export async function verifyLedger(
  db: Db,
  options: { publicKeyBase64?: string; onProgress?: (entries: number) => void } = {},
): Promise<VerifyReport> {
  const started = performance.now();
  const stats = {
    accounts: 0,
    entries: 0,
    transfers: 0,
    logSize: 0,
    checkpoint: null as number | null,
    seconds: 0,
  };
  try {
    const chains = await verifyChains(db, stats, options.onProgress);
    await verifyConservation(db);
    await verifyTransfers(db, stats);
    await verifyLogAndCheckpoint(db, stats, chains, options.publicKeyBase64);
    return { ok: true, problem: null, stats: { ...stats, seconds: (performance.now() - started) / 1000 } };
  } catch (error) {
    if (!(error instanceof Failed)) throw error;
    return {
      ok: false,
      problem: error.problem,
      stats: { ...stats, seconds: (performance.now() - started) / 1000 },
    };
  }
}

interface ChainHead {
  balance: number;
  entryCount: number;
  headHash: string;
}

/** Walks accounts and entries together, both in (account, seq) order. */
async function verifyChains(
  db: Db,
  stats: VerifyReport['stats'],
  onProgress?: (entries: number) => void,
): Promise<Map<string, ChainHead>> {
  const heads = new Map<string, ChainHead>();
  const accounts = await db.selectFrom('ledger_accounts').selectAll().orderBy('id').execute();
  const known = new Set(accounts.map((a) => a.id));
  let accountIndex = 0;
  let current: (typeof accounts)[number] | undefined;
  let state = { seq: 0, balance: 0, held: 0, incoming: 0, hash: '' };

  const openAccount = (account: (typeof accounts)[number]) => {
    current = account;
    state = {
      seq: 0,
      balance: 0,
      held: 0,
      incoming: 0,
      hash: genesisHash({
        id: account.id,
        ownerType: account.owner_type,
        ownerId: account.owner_id,
        kind: account.kind,
        currency: account.currency,
        floor: account.balance_floor,
        createdAt: account.created_at,
      }),
    };
  };
  const closeAccount = () => {
    if (!current) return;
    const where = `account ${current.id}`;
    if (state.seq !== current.entry_count)
      fail(where, `has ${state.seq} entries but its cached entry count is ${current.entry_count}`);
    if (state.balance !== current.balance)
      fail(where, `entries sum to ${state.balance} but its cached balance is ${current.balance}`);
    if (state.held !== current.held || state.incoming !== current.incoming)
      fail(where, 'cached held/incoming amounts differ from its entries');
    if (state.hash !== current.head_hash) fail(where, 'cached head hash differs from the last entry');
    const expectedFloor = (ACCOUNT_KINDS as Record<string, { floor: string }>)[current.kind]?.floor;
    if (expectedFloor !== current.balance_floor)
      fail(where, `floor ${current.balance_floor} is not the floor of kind ${current.kind}`);
    heads.set(current.id, { balance: state.balance, entryCount: state.seq, headHash: state.hash });
    stats.accounts++;
    current = undefined;
  };
  const advanceTo = (accountId: string) => {
    while (accountIndex < accounts.length && accounts[accountIndex]!.id <= accountId) {
      closeAccount();
      openAccount(accounts[accountIndex++]!);
    }
  };

  let after: [string, number] = ['', 0];
  for (;;) {
    const page = await db
      .selectFrom('ledger_entries')
      .selectAll()
      .where((eb) => eb(eb.refTuple('account_id', 'seq'), '>', eb.tuple(after[0], after[1])))
      .orderBy('account_id')
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const entry of page) {
      if (!known.has(entry.account_id))
        fail(`entry ${entry.account_id}#${entry.seq}`, 'belongs to no account');
      if (current?.id !== entry.account_id) advanceTo(entry.account_id);
      const where = `account ${entry.account_id}, seq ${entry.seq}`;
      if (entry.seq !== state.seq + 1)
        fail(where, entry.seq > state.seq + 1 ? `seq ${state.seq + 1} is missing` : 'seq repeats');
      if (entry.prev_hash !== state.hash) fail(where, 'prev_hash does not continue the chain');
      applyEntry(state, entry.kind, entry.amount);
      if (
        entry.balance_after !== state.balance ||
        entry.held_after !== state.held ||
        entry.incoming_after !== state.incoming
      ) {
        fail(
          where,
          `after-values (${entry.balance_after}/${entry.held_after}/${entry.incoming_after}) differ from the running totals (${state.balance}/${state.held}/${state.incoming})`,
        );
      }
      const hash = entryHash(state.hash, {
        accountId: entry.account_id,
        seq: entry.seq,
        transferId: entry.transfer_id,
        kind: entry.kind,
        amount: entry.amount,
        balanceAfter: entry.balance_after,
        heldAfter: entry.held_after,
        incomingAfter: entry.incoming_after,
        causeType: entry.cause_type,
        createdAt: entry.created_at,
      });
      if (hash !== entry.hash) fail(where, 'hash does not match the entry: the row was edited');
      state.seq = entry.seq;
      state.hash = hash;
      stats.entries++;
    }
    onProgress?.(stats.entries);
    if (page.length < PAGE) break;
    after = [page.at(-1)!.account_id, page.at(-1)!.seq];
  }
  advanceTo('\uffff');
  closeAccount();
  return heads;
}

/** The same arithmetic as the engine's, written again on purpose: the verifier must not share its bugs. */
function applyEntry(
  state: { balance: number; held: number; incoming: number },
  kind: string,
  amount: number,
): void {
  if (kind === 'posted') {
    state.balance += amount;
  } else if (kind === 'hold') {
    if (amount < 0) state.held -= amount;
    else state.incoming += amount;
  } else if (amount > 0) {
    state.held -= amount;
  } else {
    state.incoming += amount;
  }
}

async function verifyConservation(db: Db): Promise<void> {
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
  for (const row of rows) {
    if (Number(row.balance) !== 0) fail(`currency ${row.currency}`, `balances sum to ${row.balance}, not 0`);
    if (Number(row.held) !== Number(row.incoming))
      fail(`currency ${row.currency}`, 'outgoing and incoming holds differ');
  }
}

async function verifyTransfers(db: Db, stats: VerifyReport['stats']): Promise<void> {
  const orphan = await db
    .selectFrom('ledger_entries as e')
    .leftJoin('ledger_transfers as t', 't.id', 'e.transfer_id')
    .select(['e.account_id', 'e.seq', 'e.transfer_id'])
    .where('t.id', 'is', null)
    .executeTakeFirst();
  if (orphan)
    fail(
      `account ${orphan.account_id}, seq ${orphan.seq}`,
      `names transfer ${orphan.transfer_id}, which does not exist`,
    );
  const unbalanced = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_accounts as a', 'a.id', 'e.account_id')
    .select(['e.transfer_id', 'a.currency'])
    .where('e.kind', '<>', 'release')
    .groupBy(['e.transfer_id', 'a.currency'])
    .having((eb) => eb.fn.sum('e.amount'), '<>', 0)
    .executeTakeFirst();
  if (unbalanced)
    fail(`transfer ${unbalanced.transfer_id}`, `entries do not sum to zero in ${unbalanced.currency}`);
  const count = await db
    .selectFrom('ledger_transfers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  stats.transfers = Number(count.n);
}

async function verifyLogAndCheckpoint(
  db: Db,
  stats: VerifyReport['stats'],
  chains: Map<string, ChainHead>,
  publicKeyBase64: string | undefined,
): Promise<void> {
  const unlogged = await db
    .selectFrom('ledger_transfers as t')
    .leftJoin('ledger_log as l', 'l.transfer_id', 't.id')
    .leftJoin('ledger_log_queue as q', 'q.transfer_id', 't.id')
    .select('t.id')
    .where('t.outcome', '<>', 'rejected')
    .where('l.transfer_id', 'is', null)
    .where('q.transfer_id', 'is', null)
    .executeTakeFirst();
  if (unlogged) fail(`transfer ${unlogged.id}`, 'is neither in the log nor waiting for it');

  const checkpointRow = await db
    .selectFrom('ledger_checkpoints')
    .selectAll()
    .orderBy('sequence', 'desc')
    .limit(1)
    .executeTakeFirst();
  const stack: Array<{ size: number; hash: string }> = [];
  let checkpointRoot: string | null = null;
  let index = 0;
  for (;;) {
    const page = await db
      .selectFrom('ledger_log')
      .selectAll()
      .where('log_index', '>=', index)
      .orderBy('log_index')
      .limit(2_000)
      .execute();
    const records = await transferRecords(
      db,
      page.map((p) => p.transfer_id),
    ).catch((error: unknown) =>
      fail(
        `log index ${index}`,
        error instanceof MissingEntriesError ? error.message : 'names a transfer that does not exist',
      ),
    );
    for (const leaf of page) {
      if (leaf.log_index !== index) fail(`log index ${index}`, 'is missing');
      if (transferLeafHash(records.get(leaf.transfer_id)!) !== leaf.leaf_hash) {
        fail(
          `log index ${index}`,
          `leaf hash does not match transfer ${leaf.transfer_id}: the transfer or its entries were edited`,
        );
      }
      stack.push({ size: 1, hash: leaf.leaf_hash });
      while (stack.length > 1 && stack.at(-1)!.size === stack.at(-2)!.size) {
        const right = stack.pop()!;
        const left = stack.pop()!;
        stack.push({ size: left.size * 2, hash: logNodeHash(left.hash, right.hash) });
      }
      index++;
      if (checkpointRow && index === checkpointRow.log_size) checkpointRoot = rootOfStack(stack);
    }
    if (page.length < 2_000) break;
  }
  stats.logSize = index;
  if (!checkpointRow) return;
  stats.checkpoint = checkpointRow.sequence;
  const where = `checkpoint ${checkpointRow.sequence}`;
  if (
    (checkpointRoot ?? (checkpointRow.log_size === 0 ? EMPTY_TREE_ROOT : null)) !== checkpointRow.log_root
  ) {
    fail(where, 'its log root is not the root of the log');
  }
  if (
    publicKeyBase64 &&
    !(await verifyCheckpointSignature(presentCheckpoint(checkpointRow), publicKeyBase64))
  ) {
    fail(where, 'its signature does not verify');
  }
  await verifySumTree(
    db,
    checkpointRow.sequence,
    checkpointRow.sum_root,
    JSON.parse(checkpointRow.tile_roots) as TileRoot[],
    chains,
    where,
  );
}

function rootOfStack(stack: ReadonlyArray<{ hash: string }>): string {
  let root = stack.at(-1)!.hash;
  for (let i = stack.length - 2; i >= 0; i--) root = logNodeHash(stack[i]!.hash, root);
  return root;
}

/** Recomputes the checkpoint's sum root from its stored tiles and ties every leaf to its account's chain. */
async function verifySumTree(
  db: Db,
  sequence: number,
  sumRoot: string,
  tileRoots: readonly TileRoot[],
  chains: Map<string, ChainHead>,
  where: string,
): Promise<void> {
  const tiles = await db
    .selectFrom('ledger_sum_tiles')
    .selectAll()
    .where('checkpoint_sequence', '=', sequence)
    .orderBy('tile_index')
    .execute();
  if (tiles.length !== tileRoots.length)
    fail(where, `has ${tileRoots.length} tiles but ${tiles.length} are stored`);
  const nodes: SumNode[] = [];
  for (const tile of tiles) {
    const leaves = (JSON.parse(tile.leaves) as StoredLeaf[]).map(fromStoredLeaf);
    for (const leaf of leaves) {
      const head = await chainStateAt(db, leaf.accountId, leaf.entryCount, chains);
      if (!head || head.balance !== leaf.balance || head.headHash !== leaf.headHash) {
        fail(`${where}, account ${leaf.accountId}`, 'its balance leaf does not match the account’s chain');
      }
    }
    const tileRoot = rootNode(leaves.map(leafNode));
    if (tileRoot.hash.toString('hex') !== tileRoots[tile.tile_index]?.hash)
      fail(`${where}, tile ${tile.tile_index}`, 'does not hash to its recorded root');
    nodes.push(tileRoot);
  }
  if (rootNode(nodes).hash.toString('hex') !== sumRoot)
    fail(where, 'its sum root is not the root of its tiles');
}

/** The chain's balance and hash right after entry `seq` (the checkpoint may be older than the head). */
async function chainStateAt(
  db: Db,
  accountId: string,
  seq: number,
  chains: Map<string, ChainHead>,
): Promise<ChainHead | null> {
  const head = chains.get(accountId);
  if (!head) return null;
  if (head.entryCount === seq) return head;
  if (seq === 0) {
    const account = await db
      .selectFrom('ledger_accounts')
      .selectAll()
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    const genesis = genesisHash({
      id: account.id,
      ownerType: account.owner_type,
      ownerId: account.owner_id,
      kind: account.kind,
      currency: account.currency,
      floor: account.balance_floor,
      createdAt: account.created_at,
    });
    return { balance: 0, entryCount: 0, headHash: genesis };
  }
  const entry = await db
    .selectFrom('ledger_entries')
    .select(['balance_after', 'hash'])
    .where('account_id', '=', accountId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return entry ? { balance: entry.balance_after, entryCount: seq, headHash: entry.hash } : null;
}

export function describeReport(report: VerifyReport): string {
  const s = report.stats;
  const rate = s.seconds > 0 ? Math.round(s.entries / s.seconds) : s.entries;
  const summary = `${s.accounts} accounts, ${s.entries} entries, ${s.transfers} transfers, log of ${s.logSize}, checkpoint ${s.checkpoint ?? 'none'}; ${s.seconds.toFixed(2)} s (${rate} entries/s)`;
  return report.ok
    ? `OK: ${summary}`
    : `BAD: ${report.problem!.where}: ${report.problem!.what}\n(${summary})`;
}
