import { afterEach, expect, it } from 'vitest';
import type { OrderView } from '../../src/common/api/orders.js';
import {
  BuyNowLane,
  buyNowAlone,
  buyNowBatch,
  listPricePolicies,
  type BuyNowRequest,
  type CommercePolicies,
} from '../../src/server/modules/orders/index.js';
import { AppError } from '../../src/server/platform/errors.js';
import type { Db, ServiceContext } from '../../src/server/platform/context.js';
import { describeEachDialect } from '../helpers/databases.js';
import { expectLedgerInvariants } from '../helpers/ledger.js';
import { useTestApp } from '../helpers/test-app.js';
import {
  createCategories,
  fundWallet,
  keysNamed,
  listCardKeyProduct,
  openShop,
  signedIn,
  uniqueSuffix,
  type Categories,
  type OpenShop,
  type Person,
  type ProductInfo,
} from '../helpers/commerce.js';
import { expectInventoryConsistent } from '../helpers/orders.js';

/**
 * 立即购买 in batches (ADR 0010): a batch must leave exactly what the same requests leave when each runs
 * alone, in arrival order — the same answers, rows, timelines and ledger postings — and one request's
 * failure must never become another's.
 */
describeEachDialect('buy now: batches equal requests run alone', (dialect) => {
  const app = useTestApp(dialect);
  const db = () => app().database.handle.db;
  const ctx = () => app().kameng.ctx;

  afterEach(async () => {
    await expectLedgerInvariants(db());
    await expectInventoryConsistent(db());
  });

  async function aShop(): Promise<{ shop: OpenShop; categories: Categories }> {
    const admin = await signedIn(app(), 'admin', 'admin');
    const suffix = uniqueSuffix();
    const shop = await openShop(app(), admin.client, `秒杀小铺${suffix}`);
    const categories = await createCategories(admin.client, `原神${suffix}`);
    return { shop, categories };
  }

  async function fundedBuyers(name: string, count: number, wallet: number): Promise<Person[]> {
    const buyers: Person[] = [];
    for (let i = 0; i < count; i++) {
      const buyer = await signedIn(app(), 'buyer', `${name}${i}`);
      await fundWallet(app(), buyer.user.id, wallet);
      buyers.push(buyer);
    }
    return buyers;
  }

  /** Eight buyers, each with a different fate, for a product with four keys at 600. */
  async function scenario(shop: OpenShop, categories: Categories) {
    const product = await listCardKeyProduct(shop, categories.kindId, {
      title: '创世结晶 ×60',
      price: 600,
      keys: keysNamed('SEC', 4),
    });
    const fates: Array<{ name: string; wallet: number; quantity: number; rulesVersion?: string }> = [
      { name: 'first', wallet: 1_000, quantity: 1 },
      { name: 'two-keys', wallet: 2_000, quantity: 2 },
      { name: 'short', wallet: 100, quantity: 1 },
      { name: 'stale-rules', wallet: 1_000, quantity: 1, rulesVersion: 'an older version' },
      { name: 'no-wallet', wallet: 0, quantity: 1 },
      { name: 'wants-two-of-one-left', wallet: 5_000, quantity: 2 },
      { name: 'last-key', wallet: 1_000, quantity: 1 },
      { name: 'sold-out', wallet: 1_000, quantity: 1 },
    ];
    const requests: BuyNowRequest[] = [];
    for (const fate of fates) {
      const buyer = await signedIn(app(), 'buyer', fate.name);
      if (fate.wallet > 0) await fundWallet(app(), buyer.user.id, fate.wallet);
      requests.push({
        userId: buyer.user.id,
        input: {
          productId: product.id,
          quantity: fate.quantity,
          rulesVersion: fate.rulesVersion ?? product.rulesVersion,
          acknowledgeNoReasonReturnExclusion: true,
          buyerInput: {},
        },
      });
    }
    return { product, requests };
  }

  type Answer = { ok: true; orderId: string } | { ok: false; code: string; params: unknown };

  it('gives every request the answer and the footprint it gets when it runs alone', async () => {
    const { shop, categories } = await aShop();
    const batched = await scenario(shop, categories);
    const alone = await scenario(shop, categories);

    const jobsBefore = await countJobs(db());
    const batchAnswers: Answer[] = (
      await ctx().transact((trx) => buyNowBatch(ctx(), trx, listPricePolicies, batched.requests))
    ).map((outcome) =>
      outcome.ok
        ? { ok: true, orderId: outcome.order.id }
        : { ok: false, code: outcome.error.code, params: outcome.error.params },
    );
    const batchJobs = (await countJobs(db())) - jobsBefore;
    const aloneAnswers: Answer[] = [];
    for (const request of alone.requests) {
      try {
        const order = await ctx().transact((trx) => buyNowAlone(ctx(), trx, listPricePolicies, request));
        aloneAnswers.push({ ok: true, orderId: order.id });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        aloneAnswers.push({ ok: false, code: error.code, params: error.params });
      }
    }
    const aloneJobs = (await countJobs(db())) - jobsBefore - batchJobs;

    const codes = (answers: Answer[]) => answers.map((a) => (a.ok ? 'bought' : a.code));
    expect(codes(batchAnswers)).toEqual([
      'bought',
      'bought',
      'ORDER_INSUFFICIENT_BALANCE',
      'ORDER_RULES_CHANGED',
      'ORDER_INSUFFICIENT_BALANCE',
      'ORDER_OUT_OF_STOCK',
      'bought',
      'ORDER_OUT_OF_STOCK',
    ]);
    expect(codes(aloneAnswers)).toEqual(codes(batchAnswers));
    expect(batchAnswers.filter((a) => !a.ok)).toEqual(aloneAnswers.filter((a) => !a.ok));
    // The delivered-order emails: one each, either way.
    expect(batchJobs).toBe(aloneJobs);

    for (const [i, answer] of batchAnswers.entries()) {
      const twin = aloneAnswers[i]!;
      if (!answer.ok || !twin.ok) continue;
      const mine = await footprint(db(), answer.orderId, batched.requests[i]!.userId);
      const theirs = await footprint(db(), twin.orderId, alone.requests[i]!.userId);
      expect(mine, `request ${i}`).toEqual(theirs);
    }
    // Whoever was refused kept their money and took no keys.
    for (const side of [batched, alone]) {
      const sold = await db()
        .selectFrom('card_keys')
        .select('status')
        .where('product_id', '=', side.product.id)
        .execute();
      expect(sold.map((k) => k.status)).toEqual(['sold', 'sold', 'sold', 'sold']);
    }
  });

  it('sells the last keys once when many buyers press 立即购买 at the same moment', async () => {
    const { shop, categories } = await aShop();
    const product = await listCardKeyProduct(shop, categories.kindId, {
      price: 500,
      keys: keysNamed('RUSH', 3),
    });
    const buyers = await fundedBuyers('rush', 12, 800);
    const answers = await Promise.all(
      buyers.map((buyer) =>
        buyer.client.post<OrderView & { code?: string }>('/api/v1/orders', buyNowBody(product)),
      ),
    );
    const bought = answers.filter((a) => a.status === 200);
    expect(bought).toHaveLength(3);
    for (const answer of bought) expect(answer.body.status).toBe('delivered');
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('ORDER_OUT_OF_STOCK');
    }
    // Operators see the batches: the shop's metrics count them by outcome.
    const metrics = await app().client().get('/api/metrics');
    expect(metrics.text).toMatch(/kameng_buy_now_batch_size_count\{outcome="written"\} [1-9]/);
    // Each winner can open exactly one key; the losers paid nothing.
    for (const [i, answer] of answers.entries()) {
      const wallet = await buyers[i]!.client.get<{ items: Array<{ kind: string; balance: number }> }>(
        '/api/v1/me/balances',
      );
      const balance = wallet.body.items.find((b) => b.kind === 'user_wallet')?.balance;
      if (answer.status !== 200) {
        expect(balance).toBe(800);
        continue;
      }
      expect(balance).toBe(300);
      const keys = await buyers[i]!.client.post<{ keys: unknown[] }>(`/api/v1/orders/${answer.body.id}/keys`);
      expect(keys.body.keys).toHaveLength(1);
    }
  });

  it('buys once per Idempotency-Key: retries, at once or later, get the first answer', async () => {
    const { shop, categories } = await aShop();
    const product = await listCardKeyProduct(shop, categories.kindId, {
      price: 250,
      keys: keysNamed('KEY', 3),
    });
    const buyer = await signedIn(app(), 'buyer', 'retry');
    await fundWallet(app(), buyer.user.id, 1_000);
    const headers = { 'idempotency-key': 'buy-now-5b1e-0001' };
    const [a, b] = await Promise.all([
      buyer.client.post<OrderView>('/api/v1/orders', buyNowBody(product), { headers }),
      buyer.client.post<OrderView>('/api/v1/orders', buyNowBody(product), { headers }),
    ]);
    const c = await buyer.client.post<OrderView>('/api/v1/orders', buyNowBody(product), { headers });
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(1);
    expect(c.body).toEqual(a.body);
    expect([a, b, c].filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    const balances = await buyer.client.get<{ items: Array<{ kind: string; balance: number }> }>(
      '/api/v1/me/balances',
    );
    expect(balances.body.items.find((x) => x.kind === 'user_wallet')?.balance).toBe(750);
    const changed = await buyer.client.post<{ code: string }>(
      '/api/v1/orders',
      { ...buyNowBody(product), quantity: 2 },
      { headers },
    );
    expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // A failed attempt stores nothing: the same key works once the buyer has the money.
    const poor = await signedIn(app(), 'buyer', 'retry-poor');
    const poorHeaders = { 'idempotency-key': 'buy-now-5b1e-0002' };
    const refused = await poor.client.post<{ code: string }>('/api/v1/orders', buyNowBody(product), {
      headers: poorHeaders,
    });
    expect(refused.body.code).toBe('ORDER_INSUFFICIENT_BALANCE');
    await fundWallet(app(), poor.user.id, 250);
    const retried = await poor.client.post<OrderView>('/api/v1/orders', buyNowBody(product), {
      headers: poorHeaders,
    });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body.status).toBe('delivered');
  });

  it('never buys twice when the commit may have happened: callers hear the error, nothing is retried', async () => {
    const { shop, categories } = await aShop();
    const product = await listCardKeyProduct(shop, categories.kindId, {
      price: 200,
      keys: keysNamed('ACK', 5),
    });
    const buyers = await fundedBuyers('ack', 2, 1_000);
    // The connection drops while COMMIT is acknowledged: the batch is bought, the caller hears an error.
    const real = ctx();
    let loseAck = true;
    const flaky: ServiceContext = {
      ...real,
      transact: async (work) => {
        const result = await real.transact(work);
        if (loseAck) {
          loseAck = false;
          throw new Error('connection terminated during COMMIT');
        }
        return result;
      },
    };
    const batches: string[] = [];
    const lane = new BuyNowLane(flaky, listPricePolicies, {
      onBatch: (size, outcome) => batches.push(`${outcome}:${size}`),
    });
    const settled = await Promise.allSettled(
      buyers.map((buyer) =>
        lane.submit({ userId: buyer.user.id, input: { ...buyNowBody(product), buyerInput: {} } }),
      ),
    );
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(batches).toEqual(['failed:2']);
    for (const buyer of buyers) {
      const orders = await db()
        .selectFrom('orders')
        .select('status')
        .where('buyer_id', '=', buyer.user.id)
        .execute();
      expect(orders.map((o) => o.status)).toEqual(['delivered']);
    }
  });

  it('answers a malformed Idempotency-Key on its own request', async () => {
    const { shop, categories } = await aShop();
    const product = await listCardKeyProduct(shop, categories.kindId, {
      price: 100,
      keys: keysNamed('BAD', 2),
    });
    const [buyer] = await fundedBuyers('badkey', 1, 500);
    const answer = await buyer!.client.post<{ code: string }>('/api/v1/orders', buyNowBody(product), {
      headers: { 'idempotency-key': 'has spaces in it' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
  });

  it("takes a buyer's second request after the first, so their daily limit holds", async () => {
    const { shop, categories } = await aShop();
    const product = await listCardKeyProduct(shop, categories.kindId, {
      price: 300,
      keys: keysNamed('DAY', 5),
      maxPerUserPerDay: 1,
    });
    const buyer = await signedIn(app(), 'buyer', 'twice');
    await fundWallet(app(), buyer.user.id, 5_000);
    const answers = await Promise.all([
      buyer.client.post<{ code?: string }>('/api/v1/orders', buyNowBody(product)),
      buyer.client.post<{ code?: string }>('/api/v1/orders', buyNowBody(product)),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.code).toBe('ORDER_DAILY_LIMIT');
  });

  it("never fails a request because another in its batch failed: the batch's requests then run alone", async () => {
    const { shop, categories } = await aShop();
    const product = await listCardKeyProduct(shop, categories.kindId, {
      price: 400,
      keys: keysNamed('ALONE', 5),
    });
    const buyers = await fundedBuyers('alone', 4, 1_000);
    const troublemaker = buyers[2]!.user.id;
    // A price rule that breaks (a bug, a lost connection) for one buyer only.
    const policies: CommercePolicies = {
      ...listPricePolicies,
      unitPrice: (trx, input) =>
        input.buyerId === troublemaker
          ? Promise.reject(new Error('the price rule broke'))
          : listPricePolicies.unitPrice(trx, input),
    };
    const batches: string[] = [];
    const lane = new BuyNowLane(ctx(), policies, {
      onBatch: (size, outcome) => batches.push(`${outcome}:${size}`),
    });
    const settled = await Promise.allSettled(
      buyers.map((buyer) =>
        lane.submit({
          userId: buyer.user.id,
          input: { ...buyNowBody(product), buyerInput: {} },
        }),
      ),
    );
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(batches).toEqual(['alone:4']);
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({ message: 'the price rule broke' });
    for (const s of settled)
      if (s.status === 'fulfilled') expect(s.value.order).toMatchObject({ status: 'delivered', amount: 400 });
    const left = await db()
      .selectFrom('card_keys')
      .select('id')
      .where('product_id', '=', product.id)
      .where('status', '=', 'available')
      .execute();
    expect(left).toHaveLength(2);
  });
});

function buyNowBody(product: ProductInfo) {
  return {
    productId: product.id,
    quantity: 1,
    rulesVersion: product.rulesVersion,
    acknowledgeNoReasonReturnExclusion: true,
    payWith: 'wallet' as const,
  };
}

async function countJobs(db: Db): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Everything an order left in the database, with its own ids (order, payment, accounts, buyer, product)
 * replaced by what they are, so that two orders bought the same way compare equal. Hashes, which cover
 * the ids, are left out; `ledger verify` checks them.
 */
async function footprint(db: Db, orderId: string, buyerId: string) {
  const order = await db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
  const payments = await db.selectFrom('payments').selectAll().where('purpose_id', '=', orderId).execute();
  const entities = [orderId, ...payments.map((p) => p.id)];
  const timeline = await db
    .selectFrom('state_transitions')
    .select([
      'machine',
      'entity_id',
      'from_state',
      'to_state',
      'actor_type',
      'actor_id',
      'reason_code',
      'reason_note',
      'at',
    ])
    .where('entity_id', 'in', entities)
    .orderBy('machine')
    .orderBy('id')
    .execute();
  const keys = await db
    .selectFrom('card_keys')
    .select(['status', 'sold_at', 'reserved_until'])
    .where('order_id', '=', orderId)
    .execute();
  const delivered = await db
    .selectFrom('order_keys')
    .select('delivered_at')
    .where('order_id', '=', orderId)
    .execute();
  const transfers = await db
    .selectFrom('ledger_transfers')
    .select([
      'id',
      'type',
      'outcome',
      'legs',
      'cause_type',
      'reason_code',
      'reason_params',
      'actor_type',
      'actor_id',
    ])
    .where('cause_id', '=', orderId)
    .orderBy('id')
    .execute();
  const accountIds = [
    ...new Set(
      transfers.flatMap((t) => (JSON.parse(t.legs) as Array<{ accountId: string }>).map((l) => l.accountId)),
    ),
  ];
  const accounts = await db
    .selectFrom('ledger_accounts')
    .select(['id', 'owner_type', 'owner_id', 'kind', 'balance', 'held', 'incoming'])
    .where('id', 'in', accountIds)
    .execute();
  const escrow = accounts.find((a) => a.kind === 'escrow')!;
  const escrowEntries = await db
    .selectFrom('ledger_entries')
    .select([
      'seq',
      'kind',
      'amount',
      'balance_after',
      'held_after',
      'incoming_after',
      'cause_type',
      'created_at',
    ])
    .where('account_id', '=', escrow.id)
    .orderBy('seq')
    .execute();
  const labels = new Map<string, string>([
    [orderId, 'ORDER'],
    [buyerId, 'BUYER'],
    [order.product_id, 'PRODUCT'],
    ...payments.map((p, i) => [p.id, `PAYMENT${i}`] as [string, string]),
    // Accounts shared by both sides (the merchant's, the platform's) keep their ids.
    ...accounts
      .filter((a) => a.kind === 'escrow' || a.kind === 'user_wallet')
      .map((a) => [a.id, a.kind.toUpperCase()] as [string, string]),
  ]);
  const relabel = (value: unknown): unknown => {
    if (typeof value === 'string') {
      let out = value;
      for (const [id, label] of labels) out = out.replaceAll(id, label);
      return out;
    }
    if (Array.isArray(value)) return value.map(relabel);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, relabel(v)]));
    return value;
  };
  return relabel({
    order,
    payments,
    timeline,
    keys,
    delivered,
    transfers,
    // The wallet's balance is the buyer's own; shared accounts moved by the same amounts (the legs).
    accounts: accounts
      .filter((a) => a.kind === 'escrow' || a.kind === 'user_wallet')
      .map(({ id, ...rest }) => ({ id, ...rest })),
    escrowEntries,
  });
}
