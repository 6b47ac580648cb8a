import { expect } from 'vitest';
import type { Db } from '../../src/server/platform/context.js';
import type { OrderView } from '../../src/common/api/orders.js';
import type { TestClient } from './client.js';
import type { ProductInfo } from './commerce.js';

/** Order shorthands for flow tests and the conservation check every commerce test ends with. */
export async function placeOrder(
  client: TestClient,
  product: ProductInfo,
  extra: Record<string, unknown> = {},
): Promise<OrderView> {
  const created = await client.post<OrderView>('/api/v1/orders', {
    productId: product.id,
    quantity: 1,
    rulesVersion: product.rulesVersion,
    acknowledgeNoReasonReturnExclusion: true,
    ...extra,
  });
  expect(created.status, created.text).toBe(200);
  return created.body;
}

export async function payWithWallet(client: TestClient, orderId: string): Promise<OrderView> {
  const paid = await client.post(`/api/v1/orders/${orderId}/pay`, { method: 'wallet' });
  expect(paid.status, paid.text).toBe(200);
  return (await client.get<OrderView>(`/api/v1/orders/${orderId}`)).body;
}

/** The sandbox trade number from a provider checkout redirect (`/sandbox/pay/<tradeNo>`). */
export function tradeNoOf(redirectUrl: string | null): string {
  expect(redirectUrl).toMatch(/^\/sandbox\/pay\//);
  return redirectUrl!.split('/').pop()!;
}

/**
 * The inventory half of conservation: every sold key was delivered to exactly one order, and that order
 * was paid; every reserved key belongs to an order still waiting for payment; no order holds keys it
 * did not buy.
 */
export async function expectInventoryConsistent(db: Db): Promise<void> {
  const sold = await db
    .selectFrom('card_keys as k')
    .leftJoin('order_keys as ok', 'ok.card_key_id', 'k.id')
    .leftJoin('orders as o', 'o.id', 'ok.order_id')
    .select([
      'k.id',
      'k.order_id',
      'ok.order_id as deliveredTo',
      'o.status',
      'o.payment_id',
      'o.delivered_at',
    ])
    .where('k.status', '=', 'sold')
    .execute();
  for (const key of sold) {
    expect(key.deliveredTo, `sold key ${key.id} was never delivered`).toBe(key.order_id);
    expect(key.payment_id, `sold key ${key.id} is in an unpaid order`).not.toBeNull();
    // A delivered order may be refunded later (a dispute): its keys stay delivered — the buyer saw them.
    expect(['delivered', 'confirmed', 'settled', 'refunding', 'refunded']).toContain(key.status);
    expect(key.delivered_at, `sold key ${key.id} in an order never delivered`).not.toBeNull();
  }
  const deliveries = await db
    .selectFrom('order_keys')
    .select((eb) => ['card_key_id', eb.fn.countAll<number>().as('n')])
    .groupBy('card_key_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  expect(deliveries, 'a key delivered to more than one order').toEqual([]);
  const reserved = await db
    .selectFrom('card_keys as k')
    .innerJoin('orders as o', 'o.id', 'k.order_id')
    .select(['k.id', 'o.status'])
    .where('k.status', '=', 'reserved')
    .execute();
  for (const key of reserved) expect(key.status, `reserved key ${key.id}`).toBe('created');
  // Every delivered key counts, except those replaced in a dispute (each replacement is one more key).
  const quantities = await db
    .selectFrom('orders as o')
    .leftJoin('order_keys as ok', 'ok.order_id', 'o.id')
    .leftJoin('key_replacements as kr', 'kr.card_key_id', 'ok.card_key_id')
    .select((eb) => [
      'o.id',
      'o.quantity',
      'o.product_kind',
      'o.status',
      eb.fn.count('ok.card_key_id').as('delivered'),
      eb.fn.count('kr.card_key_id').as('replaced'),
    ])
    .where('o.product_kind', '=', 'card_key')
    .where('o.status', 'in', ['delivered', 'confirmed', 'settled'])
    .groupBy(['o.id', 'o.quantity', 'o.product_kind', 'o.status'])
    .execute();
  for (const order of quantities)
    expect(
      Number(order.delivered) - Number(order.replaced),
      `order ${order.id} delivered a different number of keys`,
    ).toBe(order.quantity);
}
