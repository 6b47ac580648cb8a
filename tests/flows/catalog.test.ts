import { expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.js';
import { useTestApp } from '../helpers/test-app.js';
import {
  createCategories,
  keysNamed,
  listCardKeyProduct,
  openShop,
  signedIn,
  type Categories,
  type OpenShop,
  type Person,
} from '../helpers/commerce.js';

interface ProductView {
  id: string;
  title: string;
  stock: number | null;
  status: string;
  shopName: string;
  confirmHours: number;
  rulesVersion: string;
}
interface Report {
  batchId: string;
  submitted: number;
  accepted: number;
  duplicates: Array<{ line: number; reason: string }>;
  rejected: Array<{ line: number; reason: string }>;
}

describeEachDialect('catalog: categories, goods, card-key inventory', (dialect) => {
  const app = useTestApp(dialect);
  let admin: Person;
  let shop: OpenShop;
  let other: OpenShop;
  let categories: Categories;

  it('prepares an admin, two shops and categories', async () => {
    admin = await signedIn(app(), 'admin', 'admin');
    shop = await openShop(app(), admin.client, '雷霆卡铺');
    other = await openShop(app(), admin.client, '闪电卡铺');
    categories = await createCategories(admin.client);
  });

  it('keeps categories to two levels and goods out of game-level categories', async () => {
    const tooDeep = await admin.client.post<{ code: string }>('/api/v1/admin/categories', {
      parentId: categories.kindId,
      nameZh: '三级',
      nameEn: 'third',
    });
    expect(tooDeep.body.code).toBe('CATALOG_CATEGORY_INVALID');
    const inGame = await shop.client.post<{ code: string }>('/api/v1/merchant/products', {
      categoryId: categories.gameId,
      kind: 'card_key',
      title: '放错分类',
      price: 100,
    });
    expect(inGame.body.code).toBe('CATALOG_CATEGORY_INVALID');
    const list = await app().client().get<{ items: Array<{ id: string }> }>('/api/v1/categories');
    expect(list.body.items.map((c) => c.id)).toEqual(
      expect.arrayContaining([categories.gameId, categories.kindId]),
    );
  });

  it('asks top-up goods for a promised delivery time and valid buyer fields', async () => {
    const base = { categoryId: categories.kindId, kind: 'topup', title: '代充 6480 点券', price: 58_800 };
    const noDeadline = await shop.client.post<{ code: string }>('/api/v1/merchant/products', base);
    expect(noDeadline.body.code).toBe('CATALOG_PRODUCT_INVALID');
    const badPattern = await shop.client.post<{ code: string }>('/api/v1/merchant/products', {
      ...base,
      deliveryHours: 2,
      buyerFields: [{ key: 'qq', labelZh: 'QQ 号', labelEn: 'QQ', pattern: '([' }],
    });
    expect(badPattern.body.code).toBe('CATALOG_PRODUCT_INVALID');
    const good = await shop.client.post<ProductView>('/api/v1/merchant/products', {
      ...base,
      deliveryHours: 2,
      buyerFields: [{ key: 'qq', labelZh: 'QQ 号', labelEn: 'QQ', pattern: '^\\d{5,12}$' }],
    });
    expect(good.status, good.text).toBe(200);
    expect(good.body).toMatchObject({ status: 'draft', confirmHours: 72, stock: null });
  });

  it('seals uploaded keys, reports duplicates and bad lines, and counts stock', async () => {
    const product = await listCardKeyProduct(shop, categories.kindId, { title: '和平精英 60 点券' });
    const [k1, k2, k3] = keysNamed('PUBG', 3);
    const text = [k1, '', k2, k1, 'x'.repeat(600), k3].join('\n');
    const report = await shop.client.post<Report>(`/api/v1/merchant/products/${product.id}/keys`, {
      format: 'paste',
      text,
    });
    expect(report.status, report.text).toBe(200);
    expect(report.body).toMatchObject({ submitted: 5, accepted: 3 });
    expect(report.body.duplicates).toEqual([{ line: 4, reason: 'in_batch' }]);
    expect(report.body.rejected).toEqual([{ line: 5, reason: 'too_long' }]);
    const again = await shop.client.post<Report>(`/api/v1/merchant/products/${product.id}/keys`, {
      format: 'csv',
      text: `${k2}\n${keysNamed('PUBG', 1)[0]}`,
    });
    expect(again.body).toMatchObject({ accepted: 1, duplicates: [{ line: 1, reason: 'in_stock' }] });

    const rows = await app()
      .database.handle.db.selectFrom('card_keys')
      .selectAll()
      .where('product_id', '=', product.id)
      .execute();
    expect(rows).toHaveLength(4);
    const dump = JSON.stringify(rows);
    for (const key of [k1, k2, k3]) expect(dump).not.toContain(key!);

    const page = await app().client().get<ProductView>(`/api/v1/products/${product.id}`);
    expect(page.body.stock).toBe(4);
    const inventory = await shop.client.get<{ counts: Record<string, number>; batches: unknown[] }>(
      `/api/v1/merchant/products/${product.id}/keys`,
    );
    expect(inventory.body.counts).toEqual({ available: 4, reserved: 0, sold: 0, withdrawn: 0 });
    expect(inventory.body.batches).toHaveLength(2);

    const withdrawn = await shop.client.post<{ counts: Record<string, number> }>(
      `/api/v1/merchant/products/${product.id}/keys/withdraw`,
      { count: 1, reason: '渠道失效' },
    );
    expect(withdrawn.body.counts).toMatchObject({ available: 3, withdrawn: 1 });
    const tooMany = await shop.client.post<{ code: string }>(
      `/api/v1/merchant/products/${product.id}/keys/withdraw`,
      { count: 10, reason: '全部下架' },
    );
    expect(tooMany.body.code).toBe('CATALOG_NOT_ENOUGH_AVAILABLE_KEYS');
  });

  it('lets an API key with keys:write upload keys and nothing else', async () => {
    const product = await listCardKeyProduct(shop, categories.kindId, { title: '接口上货' });
    const writer = await shop.client.post<{ token: string }>('/api/v1/merchant/api-keys', {
      name: 'uploader',
      scopes: ['keys:write'],
    });
    const machine = app().client();
    const auth = { headers: { authorization: `Bearer ${writer.body.token}` } };
    const upload = await machine.post<Report>(
      `/api/v1/merchant/products/${product.id}/keys`,
      { format: 'paste', text: keysNamed('API', 2).join('\n') },
      auth,
    );
    expect(upload.status, upload.text).toBe(200);
    expect(upload.body.accepted).toBe(2);
    const read = await machine.get<{ code: string }>('/api/v1/merchant/products', auth);
    expect(read.body.code).toBe('FORBIDDEN');
    const create = await machine.post<{ code: string }>(
      '/api/v1/merchant/products',
      { categoryId: categories.kindId, kind: 'card_key', title: '越权', price: 1 },
      auth,
    );
    expect(create.body.code).toBe('FORBIDDEN');
  });

  it("hides one shop's goods and inventory from another shop", async () => {
    const product = await listCardKeyProduct(shop, categories.kindId, { title: '甲店私货' });
    for (const request of [
      other.client.get<{ code: string }>(`/api/v1/merchant/products/${product.id}`),
      other.client.get<{ code: string }>(`/api/v1/merchant/products/${product.id}/keys`),
      other.client.post<{ code: string }>(`/api/v1/merchant/products/${product.id}/keys`, {
        format: 'paste',
        text: 'INJECTED-KEY',
      }),
      other.client.patch<{ code: string }>(`/api/v1/merchant/products/${product.id}`, { price: 1 }),
      other.client.post<{ code: string }>(`/api/v1/merchant/products/${product.id}/status`, {
        status: 'delisted',
      }),
    ]) {
      const response = await request;
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('CATALOG_PRODUCT_NOT_FOUND');
    }
  });

  it('shows buyers listed goods of open shops only, and searches titles literally', async () => {
    const product = await listCardKeyProduct(other, categories.kindId, { title: '原神 100% 真卡' });
    const buyer = app().client();
    const byGame = await buyer.get<{ items: ProductView[] }>('/api/v1/products', {
      query: { categoryId: categories.gameId, limit: '100' },
    });
    expect(byGame.body.items.map((p) => p.id)).toContain(product.id);
    const search = await buyer.get<{ items: ProductView[] }>('/api/v1/products', { query: { q: '100%' } });
    expect(search.body.items.map((p) => p.title)).toEqual(['原神 100% 真卡']);
    const wildcard = await buyer.get<{ items: ProductView[] }>('/api/v1/products', { query: { q: '_' } });
    expect(wildcard.body.items).toEqual([]);

    await other.client.post(`/api/v1/merchant/products/${product.id}/status`, { status: 'delisted' });
    expect((await buyer.get(`/api/v1/products/${product.id}`)).status).toBe(404);
    await other.client.post(`/api/v1/merchant/products/${product.id}/status`, { status: 'listed' });
    await admin.client.post(`/api/v1/admin/merchants/${other.merchantId}/status`, {
      status: 'suspended',
      reason: '审查中',
    });
    expect((await buyer.get(`/api/v1/products/${product.id}`)).status).toBe(404);
    const afterSuspension = await buyer.get<{ items: ProductView[] }>('/api/v1/products', {
      query: { merchantId: other.merchantId },
    });
    expect(afterSuspension.body.items).toEqual([]);
  });
});
