import { expect, it } from 'vitest';
import type { ShopSettingsView } from '../../src/common/api/settings.js';
import { DEFAULT_SHOP_SETTINGS } from '../../src/common/api/settings.js';
import { describeEachDialect } from '../helpers/databases.js';
import { useTestApp } from '../helpers/test-app.js';
import {
  createCategories,
  keysNamed,
  listCardKeyProduct,
  openShop,
  signedIn,
  uniqueSuffix,
  type Person,
} from '../helpers/commerce.js';
import { placeOrder } from '../helpers/orders.js';

interface AuditPage {
  items: Array<{
    action: string;
    actor: { type: string; id: string };
    target: { type: string; id: string | null };
    details: Record<string, unknown>;
  }>;
}

describeEachDialect('admin: shop settings', (dialect) => {
  const app = useTestApp(dialect);
  let admin: Person;

  async function settingsAuditEntries() {
    const page = await admin.client.get<AuditPage>('/api/v1/admin/audit-log', {
      query: { action: 'settings.update' },
    });
    expect(page.status, page.text).toBe(200);
    return page.body.items;
  }

  it('starts with the defaults, none of them changed by anyone', async () => {
    admin = await signedIn(app(), 'admin', 'admin');
    const response = await admin.client.get<ShopSettingsView>('/api/v1/admin/settings');
    expect(response.status, response.text).toBe(200);
    expect(response.body.settings).toEqual(DEFAULT_SHOP_SETTINGS);
    expect(Object.values(response.body.lastChanged)).toEqual([null, null, null, null, null]);
  });

  it('changes some settings with a reason, reads them back with who and when, and audits only the changed keys', async () => {
    const changed = await admin.client.put<ShopSettingsView>('/api/v1/admin/settings', {
      platformFeeBps: 350,
      merchantDepositMinimum: 30_000,
      orderPaymentMinutes: DEFAULT_SHOP_SETTINGS.orderPaymentMinutes,
      reason: '春节促销，降低平台费率',
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.settings).toEqual({
      ...DEFAULT_SHOP_SETTINGS,
      platformFeeBps: 350,
      merchantDepositMinimum: 30_000,
    });

    const read = await admin.client.get<ShopSettingsView>('/api/v1/admin/settings');
    expect(read.body).toEqual(changed.body);
    expect(read.body.lastChanged.platformFeeBps).toEqual({
      at: expect.any(String) as string,
      by: { id: admin.user.id, email: admin.user.email },
    });
    expect(read.body.lastChanged.merchantDepositMinimum?.by?.id).toBe(admin.user.id);
    // Sent with its current value: not a change.
    expect(read.body.lastChanged.orderPaymentMinutes).toBeNull();
    expect(read.body.lastChanged.cardKeyConfirmHours).toBeNull();

    const entries = await settingsAuditEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'settings.update',
      actor: { type: 'user', id: admin.user.id },
      details: {
        before: { platformFeeBps: 500, merchantDepositMinimum: 50_000 },
        after: { platformFeeBps: 350, merchantDepositMinimum: 30_000 },
        reason: '春节促销，降低平台费率',
      },
    });
  });

  it('writes nothing and audits nothing when every value sent is already in force', async () => {
    const same = await admin.client.put<ShopSettingsView>('/api/v1/admin/settings', {
      platformFeeBps: 350,
      reason: '重复提交',
    });
    expect(same.status, same.text).toBe(200);
    expect(await settingsAuditEntries()).toHaveLength(1);
  });

  it('refuses a fee of 60 %, an unknown setting and a missing reason, and changes nothing', async () => {
    const before = (await admin.client.get<ShopSettingsView>('/api/v1/admin/settings')).body;
    for (const body of [
      { platformFeeBps: 6_000, reason: '测试过高费率' },
      { orderPaymentMinutes: 1, reason: '测试过短时限' },
      { platformFeeBps: 400, refundDays: 7, reason: '未知字段' },
      { platformFeeBps: 400 },
      { platformFeeBps: 400, reason: ' ' },
    ]) {
      const refused = await admin.client.put<{ code: string }>('/api/v1/admin/settings', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await admin.client.get<ShopSettingsView>('/api/v1/admin/settings')).body).toEqual(before);
    expect(await settingsAuditEntries()).toHaveLength(1);
  });

  it('lets an auditor read but not change; refuses buyers and merchants (403) and strangers (401)', async () => {
    const auditor = await signedIn(app(), 'auditor', 'auditor');
    expect((await auditor.client.get('/api/v1/admin/settings')).status).toBe(200);
    const auditorPut = await auditor.client.put<{ code: string }>('/api/v1/admin/settings', {
      platformFeeBps: 100,
      reason: '审计员不能改',
    });
    expect([auditorPut.status, auditorPut.body.code]).toEqual([403, 'FORBIDDEN']);

    const buyer = await signedIn(app(), 'buyer', 'buyer');
    const merchant = await openShop(app(), admin.client, `设置测试${uniqueSuffix()}`);
    for (const person of [buyer, merchant]) {
      const read = await person.client.get<{ code: string }>('/api/v1/admin/settings');
      expect([read.status, read.body.code]).toEqual([403, 'FORBIDDEN']);
      const write = await person.client.put<{ code: string }>('/api/v1/admin/settings', {
        platformFeeBps: 0,
        reason: '我想免手续费',
      });
      expect([write.status, write.body.code]).toEqual([403, 'FORBIDDEN']);
    }

    const stranger = app().client();
    await stranger.get('/api/v1/auth/csrf');
    expect((await stranger.get('/api/v1/admin/settings')).status).toBe(401);
    expect(
      (await stranger.put('/api/v1/admin/settings', { platformFeeBps: 0, reason: '匿名修改' })).status,
    ).toBe(401);
    expect(
      (await admin.client.get<ShopSettingsView>('/api/v1/admin/settings')).body.settings.platformFeeBps,
    ).toBe(350);
  });

  it('charges a new order the new fee while an order placed earlier keeps its fee', async () => {
    const shop = await openShop(app(), admin.client, `费率测试${uniqueSuffix()}`);
    const categories = await createCategories(admin.client, `原神${uniqueSuffix()}`);
    const product = await listCardKeyProduct(shop, categories.kindId, {
      price: 1_000,
      keys: keysNamed('FEE', 2),
    });
    const buyer = await signedIn(app(), 'buyer', 'buyer');
    const earlier = await placeOrder(buyer.client, product);

    const changed = await admin.client.put('/api/v1/admin/settings', {
      platformFeeBps: 1_000,
      reason: '提高费率以覆盖支付成本',
    });
    expect(changed.status, changed.text).toBe(200);
    const later = await placeOrder(buyer.client, product);

    const feeOf = async (orderId: string) =>
      (await shop.client.get<{ fee: number }>(`/api/v1/merchant/orders/${orderId}`)).body.fee;
    expect(await feeOf(earlier.id)).toBe(35); // 3.5 % of ¥10.00
    expect(await feeOf(later.id)).toBe(100); // 10 % of ¥10.00
  });
});
