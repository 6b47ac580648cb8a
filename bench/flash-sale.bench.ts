import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connectDatabase } from '../src/server/db/connect.js';
import { verifyLedger } from '../src/server/modules/ledger/index.js';
import { createUser, hashPassword, startSession } from '../src/server/modules/accounts/index.js';
import type { Db } from '../src/server/platform/context.js';
import { openBenchApp } from './harness.js';
import { InjectClient } from '../src/server/platform/http/inject-client.js';
import { fund, userWallet } from '../tests/helpers/ledger.js';
import { applicationFor, createCategories, keysNamed, type CommerceHost } from '../tests/helpers/commerce.js';

/**
 * 秒杀 over real HTTP on 127.0.0.1 (PERFORMANCE.md "Flash sale"): BUYERS signed-in buyers with funded
 * wallets race for KEYS card keys. Two sales in the same shop process: first each buyer creates an
 * order and then pays it from the wallet (two requests); then, on another product, each sends one
 * 立即购买 request (create and pay at once, taken in batches: ADR 0010) — the headline figures. The shop
 * runs in its own process (SQLite, synchronous=FULL); the load generator here keeps CONNECTIONS
 * keep-alive connections busy. The baseline is a Fastify hello-world route in its own process, driven by
 * the same load generator for the same number of connections. Afterwards the database is checked:
 * nothing oversold, nothing delivered twice, every paid order delivered or refunded, and the ledger
 * verified end to end.
 */
const BUYERS = 2_000;
const KEYS = 500;
const CONNECTIONS = 64;
const PRICE = 600;
const TIME_LIMIT_MS = 120_000;
const HELLO_MS = 5_000;
/** Orders on a separate product before the measured sale, to warm the shop process up. */
const WARM_UP_ORDERS = 300;

interface Buyer {
  cookie: string;
  csrf: string;
}

interface Sample {
  kind: 'create' | 'pay' | 'buy-now' | 'hello';
  ms: number;
  status: number;
}

export async function run(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const buyers = quick ? 400 : BUYERS;
  const keys = quick ? 100 : KEYS;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-flash-'));
  try {
    console.log(`setting up: ${buyers} buyers, ${keys} keys …`);
    const setup = await prepareShop(dataDir, buyers, keys);

    const hello = await startChild('hello', dataDir);
    const helloSamples = await loadFor(HELLO_MS, CONNECTIONS, async (agent) => [
      await request(agent, hello.url, 'GET', '/hello'),
    ]);
    await stopChild(hello.child);

    const shop = await startChild('kameng', dataDir);
    // A fresh process compiles and plans on first use: a separate product sells out first, unmeasured.
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const warmQueue = [...setup.warmUpBuyers];
    await loadUntil(agent, CONNECTIONS, TIME_LIMIT_MS, (a) => buyOnce(a, shop.url, warmQueue, setup.warmUp));
    /** Every buyer tries once; a sale's clock stops at its last paid order (the last request that sold). */
    const sell = async (buy: (a: http.Agent, queue: Buyer[]) => Promise<Sample[] | null>) => {
      const queue = [...setup.buyers];
      const started = performance.now();
      let lastPaidAt = started;
      let paid = 0;
      const samples = await loadUntil(agent, CONNECTIONS, TIME_LIMIT_MS, async (a) => {
        const taken = await buy(a, queue);
        if (taken?.at(-1)?.status === 200) {
          paid++;
          lastPaidAt = performance.now();
        }
        return taken;
      });
      return { samples, paid, started, finished: performance.now(), seconds: (lastPaidAt - started) / 1000 };
    };
    const twoStep = await sell((a, queue) => buyOnce(a, shop.url, queue, setup.sale));
    // The same buyers again (each has the price once more), on a second product: 立即购买, one request.
    const oneStep = await sell((a, queue) => buyNow(a, shop.url, queue, setup.buyNowSale));
    const { samples: saleSamples, paid, started, finished } = twoStep;
    const { samples: nowSamples, paid: nowPaid } = oneStep;
    agent.destroy();
    await stopChild(shop.child);

    const checks = await checkOutcome(dataDir);
    const helloRps = helloSamples.length / (HELLO_MS / 1000);
    const ordersPerSec = paid / twoStep.seconds;
    const buyNowPerSec = nowPaid / oneStep.seconds;
    const buyNowLatency = percentiles(nowSamples.map((s) => s.ms));
    const requests = saleSamples.filter((s) => s.kind !== 'hello');
    const latency = percentiles(requests.map((s) => s.ms));
    const byKind = (kind: Sample['kind']) =>
      percentiles(requests.filter((s) => s.kind === kind).map((s) => s.ms));
    const statuses = countBy(requests.map((s) => `${s.kind} ${s.status}`));
    const helloLatency = percentiles(helloSamples.map((s) => s.ms));

    console.table({
      'hello world': {
        requests: helloSamples.length,
        'req/s': Math.round(helloRps),
        'p50 ms': helloLatency.p50,
        'p99 ms': helloLatency.p99,
      },
      'flash sale (all requests)': {
        requests: requests.length,
        'req/s': Math.round(requests.length / ((finished - started) / 1000)),
        'p50 ms': latency.p50,
        'p99 ms': latency.p99,
      },
      'create order': {
        requests: byKind('create').n,
        'req/s': '',
        'p50 ms': byKind('create').p50,
        'p99 ms': byKind('create').p99,
      },
      'pay from wallet': {
        requests: byKind('pay').n,
        'req/s': '',
        'p50 ms': byKind('pay').p50,
        'p99 ms': byKind('pay').p99,
      },
      '立即购买 (buy now, one request)': {
        requests: nowSamples.length,
        'req/s': '',
        'p50 ms': buyNowLatency.p50,
        'p99 ms': buyNowLatency.p99,
      },
    });
    console.table({ ...statuses, ...countBy(nowSamples.map((s) => `${s.kind} ${s.status}`)) });
    console.table({
      '立即购买 (headline)': {
        'paid orders': nowPaid,
        'orders/s (to the last sale)': Number(buyNowPerSec.toFixed(1)),
        'ratio to hello world': Number((buyNowPerSec / helloRps).toFixed(4)),
        'p99 ms': buyNowLatency.p99,
      },
      'create, then pay': {
        'paid orders': paid,
        'orders/s (to the last sale)': Number(ordersPerSec.toFixed(1)),
        'ratio to hello world': Number((ordersPerSec / helloRps).toFixed(4)),
        'p99 ms': latency.p99,
      },
    });
    console.table({
      'whole database': {
        oversold: checks.oversold,
        'double-delivered': checks.doubleDelivered,
        'paid, not delivered or refunded': checks.unresolvedPaid,
        'keys left': checks.keysLeft,
        'ledger verified': checks.ledgerVerified,
      },
    });
    console.log(
      JSON.stringify({
        bench: 'flash-sale',
        date: new Date().toISOString(),
        node: process.version,
        buyers,
        keys,
        connections: CONNECTIONS,
        oversold: checks.oversold,
        doubleDelivered: checks.doubleDelivered,
        unresolvedPaid: checks.unresolvedPaid,
        ledgerVerified: checks.ledgerVerified,
        ledgerEntries: checks.ledgerEntries,
        // Headline: the 立即购买 sale.
        paidOrders: nowPaid,
        ordersPerSec: Number(buyNowPerSec.toFixed(1)),
        p50Ms: buyNowLatency.p50,
        p99Ms: buyNowLatency.p99,
        helloWorldRps: Math.round(helloRps),
        ratioToHelloWorld: Number((buyNowPerSec / helloRps).toFixed(4)),
        // The same buyers creating an order, then paying it (two requests).
        twoStepPaidOrders: paid,
        twoStepOrdersPerSec: Number(ordersPerSec.toFixed(1)),
        twoStepP50Ms: latency.p50,
        twoStepP99Ms: latency.p99,
        twoStepRatioToHelloWorld: Number((ordersPerSec / helloRps).toFixed(4)),
        createP99Ms: byKind('create').p99,
        payP99Ms: byKind('pay').p99,
      }),
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One buyer from the queue creates an order and, if that worked, pays it from the wallet. */
async function buyOnce(
  agent: http.Agent,
  base: string,
  queue: Buyer[],
  product: { productId: string; rulesVersion: string },
): Promise<Sample[] | null> {
  const buyer = queue.pop();
  if (!buyer) return null;
  const headers = { cookie: buyer.cookie, 'x-csrf-token': buyer.csrf };
  const created = await request(agent, base, 'POST', '/api/v1/orders', headers, {
    productId: product.productId,
    quantity: 1,
    rulesVersion: product.rulesVersion,
    acknowledgeNoReasonReturnExclusion: true,
  });
  if (created.sample.status !== 200) return [created.sample];
  const orderId = (JSON.parse(created.body) as { id: string }).id;
  const pay = await request(agent, base, 'POST', `/api/v1/orders/${orderId}/pay`, headers, {
    method: 'wallet',
  });
  return [created.sample, pay.sample];
}

/** One buyer from the queue buys now: the order created and paid from the wallet in one request. */
async function buyNow(
  agent: http.Agent,
  base: string,
  queue: Buyer[],
  product: { productId: string; rulesVersion: string },
): Promise<Sample[] | null> {
  const buyer = queue.pop();
  if (!buyer) return null;
  const bought = await request(
    agent,
    base,
    'POST',
    '/api/v1/orders',
    { cookie: buyer.cookie, 'x-csrf-token': buyer.csrf },
    {
      productId: product.productId,
      quantity: 1,
      rulesVersion: product.rulesVersion,
      acknowledgeNoReasonReturnExclusion: true,
      payWith: 'wallet',
    },
  );
  return [{ ...bought.sample, kind: 'buy-now' }];
}

/**
 * The shop, its product with `keys` keys, and `buyers` signed-in buyers with exactly the price in their
 * wallets — set up in-process through the API where it matters (shop approval, product, key upload) and
 * directly where the API would only be slow (accounts share one password hash; sessions are issued
 * without an argon2 login each).
 */
async function prepareShop(dataDir: string, buyers: number, keys: number) {
  const { kameng, database, close } = await openBenchApp(dataDir);
  const { ctx } = kameng;
  const passwordHash = await hashPassword('flash sale passphrase');
  const host: CommerceHost = {
    client: () => new InjectClient(kameng.app),
    database: { handle: database, dialect: database.dialect },
    async seedUser(input) {
      const id = await ctx.transact((trx) =>
        createUser(trx, new Date(), {
          email: input.email,
          passwordHash,
          displayName: input.email.split('@')[0]!,
          locale: 'zh-CN',
          roles: input.roles ?? ['buyer'],
          emailVerified: true,
          reason: 'bench',
        }),
      );
      return { id, email: input.email, password: 'flash sale passphrase' };
    },
  };
  const admin = host.client();
  const adminUser = await host.seedUser({ email: 'admin@flash.example', roles: ['admin'] });
  await admin.login(adminUser.email, adminUser.password);
  const owner = host.client();
  const ownerUser = await host.seedUser({ email: 'shop@flash.example' });
  await owner.login(ownerUser.email, ownerUser.password);
  const applied = await owner.post<{ id: string }>(
    '/api/v1/merchant/application',
    applicationFor('秒杀小店'),
  );
  await admin.post(`/api/v1/admin/merchants/${applied.body.id}/review`, { decision: 'approve' });
  await owner.login(ownerUser.email, ownerUser.password);
  await fund(database.db, database.dialect, await userWallet(database.db, ownerUser.id), 50_000);
  await owner.post('/api/v1/merchant/deposit', { amount: 50_000 });
  const categories = await createCategories(admin);
  const listProduct = async (title: string, count: number) => {
    const product = await owner.post<{ id: string }>('/api/v1/merchant/products', {
      categoryId: categories.kindId,
      kind: 'card_key',
      title,
      price: PRICE,
    });
    const upload = await owner.post<{ accepted: number }>(
      `/api/v1/merchant/products/${product.body.id}/keys`,
      {
        format: 'paste',
        text: keysNamed('FLASH', count).join('\n'),
      },
    );
    if (upload.body.accepted !== count) throw new Error(`key upload: ${upload.text}`);
    const listed = await owner.post<{ id: string; rulesVersion: string }>(
      `/api/v1/merchant/products/${product.body.id}/status`,
      { status: 'listed' },
    );
    return { productId: listed.body.id, rulesVersion: listed.body.rulesVersion };
  };
  const sale = await listProduct('秒杀 王者荣耀 60 点券', keys);
  const buyNowSale = await listProduct('秒杀 原神 60 创世结晶', keys);
  const warmUp = await listProduct('预热 和平精英 60 点券', WARM_UP_ORDERS);

  const sessions: Buyer[] = [];
  for (let i = 0; i < buyers + WARM_UP_ORDERS; i++) {
    const user = await host.seedUser({ email: `buyer${i}@flash.example` });
    // Twice the price: one order in the two-request sale, one in the buy-now sale.
    await fund(database.db, database.dialect, await userWallet(database.db, user.id), 2 * PRICE);
    const issued = await startSession(database.db, ctx, {
      userId: user.id,
      ip: '127.0.0.1',
      userAgent: 'flash-sale',
    });
    sessions.push({
      cookie: `kameng_session=${issued.token}; kameng_csrf=${issued.csrfToken}`,
      csrf: issued.csrfToken,
    });
  }
  await close();
  return {
    sale,
    buyNowSale,
    warmUp,
    buyers: sessions.slice(0, buyers),
    warmUpBuyers: sessions.slice(buyers),
  };
}

/** What the database says after the sale (the shop process has stopped). */
async function checkOutcome(dataDir: string) {
  const database = connectDatabase({ dataDir, databaseUrl: undefined });
  try {
    const db: Db = database.db;
    const count = async (query: Promise<{ n: number | string | bigint }>) => Number((await query).n);
    const sold = await count(
      db
        .selectFrom('card_keys')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'sold')
        .executeTakeFirstOrThrow(),
    );
    const delivered = await count(
      db
        .selectFrom('order_keys')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    const distinctDelivered = await count(
      db
        .selectFrom('order_keys')
        .select((eb) => eb.fn.count<number>('card_key_id').distinct().as('n'))
        .executeTakeFirstOrThrow(),
    );
    const keysTotal = await count(
      db
        .selectFrom('card_keys')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    const unresolvedPaid = await count(
      db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('payment_id', 'is not', null)
        .where('status', 'not in', ['delivered', 'confirmed', 'settled', 'refunded'])
        .executeTakeFirstOrThrow(),
    );
    const keysLeft = await count(
      db
        .selectFrom('card_keys')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'available')
        .executeTakeFirstOrThrow(),
    );
    // The whole ledger re-checked as `kameng ledger verify` does: balances, hash chains, the log.
    const ledger = await verifyLedger(db);
    return {
      // More keys handed out than exist, or a sold key with no delivery: either is an oversell.
      oversold: Math.max(0, delivered - keysTotal) + Math.abs(sold - distinctDelivered),
      doubleDelivered: delivered - distinctDelivered,
      unresolvedPaid,
      keysLeft,
      ledgerVerified: ledger.ok,
      ledgerEntries: ledger.stats.entries,
    };
  } finally {
    await database.close();
  }
}

async function startChild(
  mode: 'hello' | 'kameng',
  dataDir: string,
): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL('./flash-sale-server.ts', import.meta.url));
  // KAMENG_BENCH_PROFILE=<dir> writes a CPU profile of the shop process there (open it in Chrome DevTools).
  const profile = process.env.KAMENG_BENCH_PROFILE;
  const profiling = profile && mode === 'kameng' ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', script, mode], {
    env: { ...process.env, KAMENG_DATA_DIR: dataDir, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  for await (const line of lines) {
    if (line.startsWith('{')) return { child, url: (JSON.parse(line) as { url: string }).url };
  }
  throw new Error(`the ${mode} server exited before listening`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function request(
  agent: http.Agent,
  base: string,
  method: string,
  pathname: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<{ sample: Sample; body: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const kind: Sample['kind'] = pathname === '/hello' ? 'hello' : pathname.endsWith('/pay') ? 'pay' : 'create';
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(pathname, base),
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            sample: { kind, ms: performance.now() - started, status: res.statusCode ?? 0 },
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** CONNECTIONS callers for a fixed time, each repeating `step`. */
async function loadFor(
  ms: number,
  connections: number,
  step: (agent: http.Agent) => Promise<Array<{ sample: Sample }>>,
): Promise<Sample[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const samples: Sample[] = [];
  const deadline = performance.now() + ms;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) for (const r of await step(agent)) samples.push(r.sample);
    }),
  );
  agent.destroy();
  return samples;
}

/**
 * CONNECTIONS callers until `step` says there is no work left (null) or the time limit passes, over the
 * given agent's keep-alive connections (the sale reuses the warm-up's, as buyers already on the page do).
 */
async function loadUntil(
  agent: http.Agent,
  connections: number,
  limitMs: number,
  step: (agent: http.Agent) => Promise<Sample[] | null>,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const deadline = performance.now() + limitMs;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const done = await step(agent);
        if (done === null) return;
        samples.push(...done);
      }
    }),
  );
  return samples;
}

function percentiles(values: number[]): { n: number; p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length === 0
      ? 0
      : Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1));
  return { n: sorted.length, p50: at(0.5), p99: at(0.99) };
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
