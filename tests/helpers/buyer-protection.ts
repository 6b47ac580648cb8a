import { expect } from 'vitest';
import type { DisputeView } from '../../src/common/api/disputes.js';
import type { OrderView } from '../../src/common/api/orders.js';
import type { TestApp } from './test-app.js';
import {
  createCategories,
  fundWallet,
  keysNamed,
  listCardKeyProduct,
  openShop,
  signedIn,
  uniqueSuffix,
  type OpenShop,
  type Person,
  type ProductInfo,
} from './commerce.js';
import { payWithWallet, placeOrder } from './orders.js';

/** Shorthands for the buyer-protection flows: a delivered sale, balances, time passing, disputes. */
export interface Sale {
  shop: OpenShop;
  product: ProductInfo;
  buyer: Person;
  order: OrderView;
}

/** A shop sells one card key (of `stock`) to a buyer who pays from the wallet: the order is delivered. */
export async function aSale(app: TestApp, options: { price?: number; stock?: number } = {}): Promise<Sale> {
  const admin = await signedIn(app, 'admin', 'admin');
  const suffix = uniqueSuffix();
  const shop = await openShop(app, admin.client, `售后测试${suffix}`);
  const categories = await createCategories(admin.client, `游戏${suffix}`);
  const price = options.price ?? 1_000;
  const product = await listCardKeyProduct(shop, categories.kindId, {
    price,
    keys: keysNamed('DSP', options.stock ?? 2),
  });
  const buyer = await signedIn(app, 'buyer', 'buyer');
  await fundWallet(app, buyer.user.id, price);
  const order = await payWithWallet(buyer.client, (await placeOrder(buyer.client, product)).id);
  expect(order.status).toBe('delivered');
  return { shop, product, buyer, order };
}

/** The posted balance of an owner's account of a kind (`platform` for platform accounts). */
export async function balanceOf(app: TestApp, ownerId: string, kind: string): Promise<number> {
  const row = await app.database.handle.db
    .selectFrom('ledger_accounts')
    .select('balance')
    .where('owner_id', '=', ownerId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return Number(row?.balance ?? 0);
}

/** Time passes and due jobs run; sessions do not last that long, so the people sign in again. */
export async function later(app: TestApp, ms: number, ...people: Person[]): Promise<void> {
  app.clock.advance(ms);
  await app.deliverPendingWork();
  for (const person of people) await person.client.login(person.user.email, person.user.password);
}

export async function openDisputeOn(sale: Sale, body: Record<string, unknown> = {}): Promise<DisputeView> {
  const opened = await sale.buyer.client.post<DisputeView>(`/api/v1/orders/${sale.order.id}/dispute`, {
    reason: 'key_invalid',
    description: '卡密提示已被使用 / the key says already used',
    ...body,
  });
  expect(opened.status, opened.text).toBe(200);
  return opened.body;
}

export async function settleSale(sale: Sale): Promise<void> {
  const confirmed = await sale.buyer.client.post<OrderView>(`/api/v1/orders/${sale.order.id}/confirm`);
  expect(confirmed.body.status, confirmed.text).toBe('settled');
}
