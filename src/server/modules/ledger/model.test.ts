import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDialect,
  type TestDatabase,
} from '../../../../tests/helpers/databases.js';
import { expectLedgerInvariants } from '../../../../tests/helpers/ledger.js';
import { SYSTEM_ACTOR } from '../../platform/actor.js';
import { fixedClock } from '../../platform/clock.js';
import type { Dialect } from '../../db/connect.js';
import { openAccount } from './accounts.service.js';
import type { LedgerCommand } from './commands.js';
import { postCommand } from './transfers.service.js';

/**
 * Invariant 5: the ledger against a pure in-memory model of its rules, over random sequences of
 * transfers, holds, posts (full and partial), voids, expiries, time passing and replays.
 * The model is written here from the rules, independently of the engine.
 */
interface ModelAccount {
  balance: number;
  held: number;
  incoming: number;
  floorZero: boolean;
}
interface ModelHold {
  from: number;
  to: number;
  amount: number;
  expiresAt: number | null;
  resolved: boolean;
}
interface Model {
  accounts: ModelAccount[];
  holds: Map<string, ModelHold>;
  outcomes: Map<string, string>;
  now: number;
}
interface Real {
  db: TestDatabase;
  dialect: Dialect;
  accountIds: string[];
  now: number;
}

const ACCOUNTS = 4; // three user wallets (floor zero) and the clearing account (may go negative)

function available(a: ModelAccount): number {
  return a.balance - a.held;
}

async function run(real: Real, command: LedgerCommand): Promise<string> {
  const result = await real.db.handle.db
    .transaction()
    .execute((trx) =>
      postCommand(trx, { dialect: real.dialect, clock: fixedClock(new Date(real.now)) }, command),
    );
  return result.outcome === 'rejected' ? `rejected:${result.rejection}` : result.outcome;
}

async function expectSameBalances(model: Model, real: Real): Promise<void> {
  const rows = await real.db.handle.db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('id', 'in', real.accountIds)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  real.accountIds.forEach((id, i) => {
    const row = byId.get(id)!;
    expect({ balance: row.balance, held: row.held, incoming: row.incoming }, `account ${i}`).toEqual({
      balance: model.accounts[i]!.balance,
      held: model.accounts[i]!.held,
      incoming: model.accounts[i]!.incoming,
    });
  });
}

const base = (id: string) => ({
  cause: { type: 'adjustment', id },
  reason: { code: 'model' },
  actor: SYSTEM_ACTOR,
});
let serial = 0;
const nextId = (kind: string) => `${kind}-${process.pid}-${++serial}`;

class TransferCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly from: number,
    readonly to: number,
    readonly amount: number,
  ) {}
  check = () => this.from !== this.to;
  async run(model: Model, real: Real): Promise<void> {
    const id = nextId('t');
    const from = model.accounts[this.from]!;
    const expected =
      from.floorZero && available(from) < this.amount ? 'rejected:insufficient_funds' : 'posted';
    const legs = [
      { accountId: real.accountIds[this.from]!, amount: -this.amount },
      { accountId: real.accountIds[this.to]!, amount: this.amount },
    ];
    expect(await run(real, { id, type: 'transfer', legs, ...base(id) })).toBe(expected);
    if (expected === 'posted') {
      from.balance -= this.amount;
      model.accounts[this.to]!.balance += this.amount;
    }
    model.outcomes.set(id, expected);
    await expectSameBalances(model, real);
  }
  toString = () => `transfer(${this.from}→${this.to}, ${this.amount})`;
}

class HoldCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly from: number,
    readonly to: number,
    readonly amount: number,
    readonly ttl: number | null,
  ) {}
  check = () => this.from !== this.to;
  async run(model: Model, real: Real): Promise<void> {
    const id = nextId('h');
    const from = model.accounts[this.from]!;
    const expected = from.floorZero && available(from) < this.amount ? 'rejected:insufficient_funds' : 'held';
    const legs = [
      { accountId: real.accountIds[this.from]!, amount: -this.amount },
      { accountId: real.accountIds[this.to]!, amount: this.amount },
    ];
    const expiresAt = this.ttl === null ? undefined : new Date(model.now + this.ttl);
    expect(
      await run(real, { id, type: 'hold', legs, ...(expiresAt ? { expiresAt } : {}), ...base(id) }),
    ).toBe(expected);
    if (expected === 'held') {
      from.held += this.amount;
      model.accounts[this.to]!.incoming += this.amount;
      model.holds.set(id, {
        from: this.from,
        to: this.to,
        amount: this.amount,
        expiresAt: expiresAt?.getTime() ?? null,
        resolved: false,
      });
    }
    model.outcomes.set(id, expected);
    await expectSameBalances(model, real);
  }
  toString = () => `hold(${this.from}→${this.to}, ${this.amount}, ttl ${this.ttl})`;
}

class ResolveCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly action: 'post' | 'void' | 'expire',
    readonly pick: number,
    readonly percent: number,
  ) {}
  check = (model: Readonly<Model>) => model.holds.size > 0;
  async run(model: Model, real: Real): Promise<void> {
    const holdIds = [...model.holds.keys()];
    const holdId = holdIds[this.pick % holdIds.length]!;
    const hold = model.holds.get(holdId)!;
    const expired = hold.expiresAt !== null && hold.expiresAt <= model.now;
    const postAmount = Math.max(1, Math.floor((hold.amount * this.percent) / 100));
    let expected: string;
    if (hold.resolved) expected = 'rejected:hold_resolved';
    else if (this.action === 'post' && expired) expected = 'rejected:hold_expired';
    else if (this.action === 'expire' && !expired) expected = 'rejected:hold_not_expired';
    else expected = { post: 'posted', void: 'voided', expire: 'expired' }[this.action];
    const id = nextId(this.action);
    const legs =
      this.action === 'post'
        ? [
            { accountId: real.accountIds[hold.from]!, amount: -postAmount },
            { accountId: real.accountIds[hold.to]!, amount: postAmount },
          ]
        : undefined;
    const command = {
      id,
      type: this.action,
      pendingId: holdId,
      ...(legs ? { legs } : {}),
      ...base(id),
    } as LedgerCommand;
    expect(await run(real, command)).toBe(expected);
    if (!expected.startsWith('rejected')) {
      hold.resolved = true;
      model.accounts[hold.from]!.held -= hold.amount;
      model.accounts[hold.to]!.incoming -= hold.amount;
      if (this.action === 'post') {
        model.accounts[hold.from]!.balance -= postAmount;
        model.accounts[hold.to]!.balance += postAmount;
      }
    }
    model.outcomes.set(id, expected);
    await expectSameBalances(model, real);
  }
  toString = () => `${this.action}(#${this.pick}, ${this.percent}%)`;
}

class AdvanceTime implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  run(model: Model, real: Real): Promise<void> {
    model.now += this.ms;
    real.now += this.ms;
    return Promise.resolve();
  }
  toString = () => `advance(${this.ms} ms)`;
}

class ReplayCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.outcomes.size > 0;
  async run(model: Model, real: Real): Promise<void> {
    const ids = [...model.outcomes.keys()];
    const id = ids[this.pick % ids.length]!;
    const row = await real.db.handle.db
      .selectFrom('ledger_transfers')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const legs = JSON.parse(row.legs) as Array<{ accountId: string; amount: number }>;
    const command = {
      id,
      type: row.type,
      ...(row.type === 'transfer' || row.type === 'hold' || (row.type === 'post' && legs.length > 0)
        ? { legs }
        : {}),
      ...(row.pending_id ? { pendingId: row.pending_id } : {}),
      ...(row.expires_at ? { expiresAt: new Date(row.expires_at) } : {}),
      ...base(id),
    } as LedgerCommand;
    expect(await run(real, command), `replay of ${id}`).toBe(model.outcomes.get(id));
    await expectSameBalances(model, real);
  }
  toString = () => `replay(#${this.pick})`;
}

const account = fc.integer({ min: 0, max: ACCOUNTS - 1 });
const amount = fc.integer({ min: 1, max: 400 });
const commands = fc.commands(
  [
    fc.tuple(account, account, amount).map(([f, t, a]) => new TransferCommand(f, t, a)),
    fc
      .tuple(account, account, amount, fc.option(fc.integer({ min: 1, max: 5_000 })))
      .map(([f, t, a, ttl]) => new HoldCommand(f, t, a, ttl)),
    fc
      .tuple(
        fc.constantFrom('post' as const, 'void' as const, 'expire' as const),
        fc.nat(),
        fc.integer({ min: 1, max: 100 }),
      )
      .map(([action, pick, percent]) => new ResolveCommand(action, pick, percent)),
    fc.integer({ min: 1, max: 3_000 }).map((ms) => new AdvanceTime(ms)),
    fc.nat().map((pick) => new ReplayCommand(pick)),
  ],
  { maxCommands: 40 },
);

describeEachDialect('ledger against its model', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('agrees with the model on every outcome and balance, and keeps the invariants', async () => {
    let runNumber = 0;
    await fc.assert(
      fc.asyncProperty(commands, async (sequence) => {
        runNumber++;
        const now = Date.UTC(2026, 10, 22) + runNumber * 1e7;
        const db = database.handle.db;
        const at = new Date(now);
        const accountIds = [
          (
            await openAccount(db, at, {
              kind: 'user_wallet',
              currency: 'CNY',
              ownerId: `usr_m${runNumber}_0`,
            })
          ).id,
          (
            await openAccount(db, at, {
              kind: 'user_wallet',
              currency: 'CNY',
              ownerId: `usr_m${runNumber}_1`,
            })
          ).id,
          (
            await openAccount(db, at, {
              kind: 'user_wallet',
              currency: 'CNY',
              ownerId: `usr_m${runNumber}_2`,
            })
          ).id,
          (await openAccount(db, at, { kind: 'platform_adjustment', currency: 'CNY' })).id,
        ];
        // The platform account is shared across runs: start the model from its current balance.
        const shared = await db
          .selectFrom('ledger_accounts')
          .selectAll()
          .where('id', '=', accountIds[3]!)
          .executeTakeFirstOrThrow();
        const model: Model = {
          accounts: [
            { balance: 0, held: 0, incoming: 0, floorZero: true },
            { balance: 0, held: 0, incoming: 0, floorZero: true },
            { balance: 0, held: 0, incoming: 0, floorZero: true },
            { balance: shared.balance, held: shared.held, incoming: shared.incoming, floorZero: false },
          ],
          holds: new Map(),
          outcomes: new Map(),
          now,
        };
        await fc.asyncModelRun(() => ({ model, real: { db: database, dialect, accountIds, now } }), sequence);
      }),
      { numRuns: dialect === 'sqlite' ? 40 : 25 },
    );
    await expectLedgerInvariants(database.handle.db);
  }, 120_000);
});
