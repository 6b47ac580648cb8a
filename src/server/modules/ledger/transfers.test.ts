import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDialect,
  type TestDatabase,
} from '../../../../tests/helpers/databases.js';
import {
  expectLedgerInvariants,
  fund,
  post,
  transfer,
  transferId,
  userWallet,
} from '../../../../tests/helpers/ledger.js';
import { SYSTEM_ACTOR } from '../../platform/actor.js';
import { systemClock } from '../../platform/clock.js';
import { isAppError } from '../../platform/errors.js';
import { openAccount } from './accounts.service.js';
import type { LedgerCommand } from './commands.js';
import { ledgerErrors } from './ledger.errors.js';
import { postCommands } from './transfers.service.js';

describeEachDialect('ledger transfers', (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await expectLedgerInvariants(db());
    await database.destroy();
  });

  const hold = (
    legs: LedgerCommand extends infer C ? (C extends { type: 'hold'; legs: infer L } ? L : never) : never,
    expiresAt?: Date,
    id = transferId('hold'),
  ): LedgerCommand => ({
    id,
    type: 'hold',
    legs,
    ...(expiresAt ? { expiresAt } : {}),
    cause: { type: 'order', id },
    reason: { code: 'order_hold' },
    actor: SYSTEM_ACTOR,
  });
  const resolve = (
    type: 'post' | 'void' | 'expire',
    pendingId: string,
    extra: object = {},
  ): LedgerCommand => ({
    id: transferId(type),
    type,
    pendingId,
    cause: { type: 'order', id: pendingId },
    reason: { code: `order_${type}` },
    actor: SYSTEM_ACTOR,
    ...extra,
  });
  const balanceOf = async (id: string) =>
    db()
      .selectFrom('ledger_accounts')
      .select(['balance', 'held', 'incoming', 'entry_count'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('moves money between two accounts, with entries that carry the balance after', async () => {
    const a = await userWallet(db(), 'usr_a');
    const b = await userWallet(db(), 'usr_b');
    await fund(db(), dialect, a, 1000);
    const result = await post(
      db(),
      dialect,
      transfer([
        { accountId: a, amount: -300 },
        { accountId: b, amount: 300 },
      ]),
    );
    expect(result.outcome).toBe('posted');
    if (result.outcome !== 'posted') return;
    expect(result.entries).toEqual([
      expect.objectContaining({ accountId: a, seq: 2, amount: -300, balanceAfter: 700 }),
      expect.objectContaining({ accountId: b, seq: 1, amount: 300, balanceAfter: 300 }),
    ]);
    expect(await balanceOf(a)).toMatchObject({ balance: 700, entry_count: 2 });
  });

  it('refuses to take an account below zero, records the refusal, and answers a retry with it', async () => {
    const a = await userWallet(db(), 'usr_poor');
    const b = await userWallet(db(), 'usr_rich');
    await fund(db(), dialect, a, 50);
    const command = transfer([
      { accountId: a, amount: -80 },
      { accountId: b, amount: 80 },
    ]);
    const first = await post(db(), dialect, command);
    expect(first).toMatchObject({ outcome: 'rejected', rejection: 'insufficient_funds', replayed: false });
    await fund(db(), dialect, a, 100);
    // TigerBeetle's rule: the id keeps its first answer, even once the money is there.
    expect(await post(db(), dialect, command)).toMatchObject({
      outcome: 'rejected',
      rejection: 'insufficient_funds',
      replayed: true,
    });
    expect((await balanceOf(a)).balance).toBe(150);
  });

  it('replays an accepted transfer with its original entries, and refuses the id for another request', async () => {
    const a = await userWallet(db(), 'usr_idem');
    const b = await userWallet(db(), 'usr_idem2');
    await fund(db(), dialect, a, 500);
    const command = transfer([
      { accountId: a, amount: -100 },
      { accountId: b, amount: 100 },
    ]);
    const first = await post(db(), dialect, command);
    const again = await post(db(), dialect, command);
    expect(again).toMatchObject({ outcome: 'posted', replayed: true });
    expect(again.outcome === 'posted' && again.entries.map((e) => e.seq)).toEqual(
      first.outcome === 'posted' && first.entries.map((e) => e.seq),
    );
    expect((await balanceOf(a)).balance).toBe(400);
    const different = {
      ...command,
      legs: [
        { accountId: a, amount: -101 },
        { accountId: b, amount: 101 },
      ],
    };
    await expect(post(db(), dialect, different)).rejects.toSatisfy((e) =>
      isAppError(e, ledgerErrors.LEDGER_IDEMPOTENCY_CONFLICT),
    );
  });

  it('posts the new transfers of a call that also replays an old one: each moves its money once', async () => {
    const a = await userWallet(db(), 'usr_mixed');
    const b = await userWallet(db(), 'usr_mixed2');
    await fund(db(), dialect, a, 1_000);
    const old = transfer([
      { accountId: a, amount: -100 },
      { accountId: b, amount: 100 },
    ]);
    await post(db(), dialect, old);
    const fresh = transfer([
      { accountId: a, amount: -300 },
      { accountId: b, amount: 300 },
    ]);
    const results = await db()
      .transaction()
      .execute((trx) => postCommands(trx, { dialect, clock: systemClock }, [old, fresh]));
    expect(results.map((r) => [r.outcome, r.replayed])).toEqual([
      ['posted', true],
      ['posted', false],
    ]);
    expect(results[1]!.outcome === 'posted' && results[1]!.entries).toHaveLength(2);
    expect((await balanceOf(a)).balance).toBe(600);
    expect((await balanceOf(b)).balance).toBe(400);
    const queued = await db()
      .selectFrom('ledger_log_queue')
      .select('transfer_id')
      .where('transfer_id', '=', fresh.id)
      .execute();
    const logged = await db()
      .selectFrom('ledger_log')
      .select('transfer_id')
      .where('transfer_id', '=', fresh.id)
      .execute();
    expect(queued.length + logged.length).toBe(1);
  });

  it('rejects transfers that do not balance per currency or touch unknown accounts', async () => {
    const a = await userWallet(db(), 'usr_c1');
    const zuan = (
      await openAccount(db(), new Date(), { kind: 'user_zuan', currency: 'ZUAN', ownerId: 'usr_c1' })
    ).id;
    await fund(db(), dialect, a, 100);
    expect(
      await post(
        db(),
        dialect,
        transfer([
          { accountId: a, amount: -10 },
          { accountId: zuan, amount: 10 },
        ]),
      ),
    ).toMatchObject({
      rejection: 'unbalanced',
    });
    expect(
      await post(
        db(),
        dialect,
        transfer([
          { accountId: a, amount: -10 },
          { accountId: 'acc_nope', amount: 10 },
        ]),
      ),
    ).toMatchObject({
      rejection: 'account_not_found',
    });
  });

  it('refuses malformed commands outright, recording nothing', async () => {
    const a = await userWallet(db(), 'usr_m');
    const bad: LedgerCommand[] = [
      transfer([
        { accountId: a, amount: 0 },
        { accountId: a, amount: 0 },
      ]),
      transfer([
        { accountId: a, amount: 1.5 },
        { accountId: 'x', amount: -1.5 },
      ]),
      transfer([{ accountId: a, amount: 1 }]),
      transfer([
        { accountId: a, amount: -1 },
        { accountId: a, amount: 1 },
      ]),
      transfer(
        [
          { accountId: a, amount: -1 },
          { accountId: 'b', amount: 1 },
        ],
        'bad id with spaces',
      ),
    ];
    for (const command of bad) {
      await expect(post(db(), dialect, command)).rejects.toSatisfy((e) =>
        isAppError(e, ledgerErrors.LEDGER_INVALID_TRANSFER),
      );
    }
  });

  it('splits one transfer over several accounts: escrow to merchant and fee in one step', async () => {
    const escrow = (await openAccount(db(), new Date(), { kind: 'escrow', currency: 'CNY' })).id;
    const payable = (
      await openAccount(db(), new Date(), { kind: 'merchant_payable', currency: 'CNY', ownerId: 'mer_1' })
    ).id;
    const fee = (await openAccount(db(), new Date(), { kind: 'platform_fee_revenue', currency: 'CNY' })).id;
    await fund(db(), dialect, escrow, 10_000);
    const settle = transfer([
      { accountId: escrow, amount: -10_000 },
      { accountId: payable, amount: 9_500 },
      { accountId: fee, amount: 500 },
    ]);
    expect((await post(db(), dialect, settle)).outcome).toBe('posted');
    expect((await balanceOf(payable)).balance).toBe(9_500);
  });

  it('holds count against the available balance at once; post, partial post, void and expiry release them', async () => {
    const buyer = await userWallet(db(), 'usr_h');
    const shop = await userWallet(db(), 'usr_shop');
    await fund(db(), dialect, buyer, 1_000);
    const h1 = hold([
      { accountId: buyer, amount: -600 },
      { accountId: shop, amount: 600 },
    ]);
    expect((await post(db(), dialect, h1)).outcome).toBe('held');
    expect(await balanceOf(buyer)).toMatchObject({ balance: 1_000, held: 600 });
    expect(await balanceOf(shop)).toMatchObject({ balance: 0, incoming: 600 });
    // 400 available: spending 500 fails, 400 succeeds.
    expect(
      (
        await post(
          db(),
          dialect,
          transfer([
            { accountId: buyer, amount: -500 },
            { accountId: shop, amount: 500 },
          ]),
        )
      ).outcome,
    ).toBe('rejected');
    expect(
      (
        await post(
          db(),
          dialect,
          hold([
            { accountId: buyer, amount: -500 },
            { accountId: shop, amount: 500 },
          ]),
        )
      ).outcome,
    ).toBe('rejected');

    const partial = resolve('post', h1.id, {
      legs: [
        { accountId: buyer, amount: -450 },
        { accountId: shop, amount: 450 },
      ],
    });
    expect((await post(db(), dialect, partial)).outcome).toBe('posted');
    expect(await balanceOf(buyer)).toMatchObject({ balance: 550, held: 0 });
    expect(await balanceOf(shop)).toMatchObject({ balance: 450, incoming: 0 });
    expect(await post(db(), dialect, resolve('void', h1.id))).toMatchObject({ rejection: 'hold_resolved' });

    const h2 = hold([
      { accountId: buyer, amount: -100 },
      { accountId: shop, amount: 100 },
    ]);
    await post(db(), dialect, h2);
    expect(
      await post(
        db(),
        dialect,
        resolve('post', h2.id, {
          legs: [
            { accountId: buyer, amount: -101 },
            { accountId: shop, amount: 101 },
          ],
        }),
      ),
    ).toMatchObject({
      rejection: 'post_exceeds_hold',
    });
    expect((await post(db(), dialect, resolve('void', h2.id))).outcome).toBe('voided');
    expect(await balanceOf(buyer)).toMatchObject({ balance: 550, held: 0 });

    const now = new Date();
    const h3 = hold(
      [
        { accountId: buyer, amount: -50 },
        { accountId: shop, amount: 50 },
      ],
      new Date(now.getTime() + 60_000),
    );
    await post(db(), dialect, h3, now);
    expect(await post(db(), dialect, resolve('expire', h3.id), now)).toMatchObject({
      rejection: 'hold_not_expired',
    });
    const later = new Date(now.getTime() + 60_000);
    expect(await post(db(), dialect, resolve('post', h3.id), later)).toMatchObject({
      rejection: 'hold_expired',
    });
    expect((await post(db(), dialect, resolve('expire', h3.id), later)).outcome).toBe('expired');
    expect(await balanceOf(buyer)).toMatchObject({ balance: 550, held: 0 });
    expect(await post(db(), dialect, resolve('void', 'no-such-hold'))).toMatchObject({
      rejection: 'hold_not_found',
    });
  });

  it('decides a batch command by command: a rejection or a duplicate never affects the others', async () => {
    const a = await userWallet(db(), 'usr_batch');
    const b = await userWallet(db(), 'usr_batch2');
    await fund(db(), dialect, a, 100);
    const ok1 = transfer([
      { accountId: a, amount: -60 },
      { accountId: b, amount: 60 },
    ]);
    const tooMuch = transfer([
      { accountId: a, amount: -60 },
      { accountId: b, amount: 60 },
    ]);
    const ok2 = transfer([
      { accountId: a, amount: -40 },
      { accountId: b, amount: 40 },
    ]);
    const results = await database.handle.db
      .transaction()
      .execute((trx) => postCommands(trx, { dialect, clock: systemClock }, [ok1, tooMuch, ok2, ok1]));
    expect(results.map((r) => [r.outcome, r.replayed])).toEqual([
      ['posted', false],
      ['rejected', false],
      ['posted', false],
      ['posted', true],
    ]);
    expect((await balanceOf(a)).balance).toBe(0);
  });

  it('commits postings with the caller’s business change, or neither', async () => {
    const a = await userWallet(db(), 'usr_atomic');
    const b = await userWallet(db(), 'usr_atomic2');
    await fund(db(), dialect, a, 100);
    const command = transfer([
      { accountId: a, amount: -100 },
      { accountId: b, amount: 100 },
    ]);
    await expect(
      database.handle.db.transaction().execute(async (trx) => {
        await postCommands(trx, { dialect, clock: systemClock }, [command]);
        throw new Error('the order could not be saved');
      }),
    ).rejects.toThrow('the order could not be saved');
    expect((await balanceOf(a)).balance).toBe(100);
    expect(
      await db().selectFrom('ledger_transfers').select('id').where('id', '=', command.id).execute(),
    ).toEqual([]);
  });

  it('keeps entries and transfers append-only, and the floor holds even against direct SQL', async () => {
    const a = await userWallet(db(), 'usr_sql');
    await fund(db(), dialect, a, 10);
    await expect(db().updateTable('ledger_entries').set({ amount: 1_000_000 }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(db().deleteFrom('ledger_entries').execute()).rejects.toThrow(/append-only/);
    await expect(db().updateTable('ledger_transfers').set({ outcome: 'voided' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(
      db().updateTable('ledger_accounts').set({ balance: -5 }).where('id', '=', a).execute(),
    ).rejects.toThrow();
  });

  it('opens an account once, however many callers race to open it', async () => {
    const handles = Array.from({ length: 8 }, () => database.connectAgain(2));
    try {
      const opened = await Promise.all(
        handles.map((h) =>
          openAccount(h.db, new Date(), { kind: 'user_zuan', currency: 'ZUAN', ownerId: 'usr_race' }),
        ),
      );
      expect(new Set(opened.map((a) => a.id)).size).toBe(1);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });
});
