import { expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.js';
import { useTestApp } from '../helpers/test-app.js';
import { expectLedgerInvariants } from '../helpers/ledger.js';
import {
  applicationFor,
  fundWallet,
  openShop,
  personIdNumber,
  signedIn,
  type Person,
} from '../helpers/commerce.js';

interface ShopView {
  id: string;
  status: string;
  reviewNote: string | null;
  identityNumberMasked: string;
  deposit: { balance: number; minimum: number };
  payable: { available: number; pending: number };
}

describeEachDialect('merchants: apply, review, deposit, API keys', (dialect) => {
  const app = useTestApp(dialect);
  let admin: Person;

  it('prepares an admin', async () => {
    admin = await signedIn(app(), 'admin', 'admin');
  });

  it('takes an application, masks the identity number and keeps it sealed at rest', async () => {
    const applicant = await signedIn(app(), 'buyer', 'applicant');
    const idNumber = personIdNumber();
    const response = await applicant.client.post<ShopView>(
      '/api/v1/merchant/application',
      applicationFor('星辰点卡', idNumber),
    );
    expect(response.status, response.text).toBe(200);
    expect(response.body.status).toBe('applying');
    expect(response.body.identityNumberMasked).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
    const row = await app()
      .database.handle.db.selectFrom('merchants')
      .selectAll()
      .where('id', '=', response.body.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(idNumber);
    const again = await applicant.client.post<{ code: string }>(
      '/api/v1/merchant/application',
      applicationFor('星辰点卡二店'),
    );
    expect(again.body.code).toBe('MERCHANT_ALREADY_APPLIED');
  });

  it('refuses an identity number with a wrong check digit, and one identity for two shops', async () => {
    const applicant = await signedIn(app(), 'buyer', 'typo');
    const valid = personIdNumber();
    const wrong = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1');
    const typo = await applicant.client.post<{ code: string }>(
      '/api/v1/merchant/application',
      applicationFor('手误小店', wrong),
    );
    expect(typo.status).toBe(400);
    expect(typo.body.code).toBe('MERCHANT_IDENTITY_INVALID');

    const first = await signedIn(app(), 'buyer', 'first');
    expect(
      (await first.client.post('/api/v1/merchant/application', applicationFor('一号店', valid))).status,
    ).toBe(200);
    const second = await signedIn(app(), 'buyer', 'second');
    const reuse = await second.client.post<{ code: string }>(
      '/api/v1/merchant/application',
      applicationFor('二号店', valid),
    );
    expect(reuse.body.code).toBe('MERCHANT_IDENTITY_IN_USE');
    const sameName = await second.client.post<{ code: string }>(
      '/api/v1/merchant/application',
      applicationFor('一号店'),
    );
    expect(sameName.body.code).toBe('MERCHANT_SHOP_NAME_TAKEN');
  });

  it('rejects with a reason the applicant reads, and takes the corrected application again', async () => {
    const applicant = await signedIn(app(), 'buyer', 'rejected');
    const applied = await applicant.client.post<ShopView>(
      '/api/v1/merchant/application',
      applicationFor('待改小店'),
    );
    const noReason = await admin.client.post<{ code: string }>(
      `/api/v1/admin/merchants/${applied.body.id}/review`,
      { decision: 'reject' },
    );
    expect(noReason.body.code).toBe('MERCHANT_REVIEW_REASON_REQUIRED');
    const rejected = await admin.client.post<ShopView>(`/api/v1/admin/merchants/${applied.body.id}/review`, {
      decision: 'reject',
      note: '联系电话无法接通',
    });
    expect(rejected.body.status).toBe('rejected');
    await app().deliverPendingWork();
    const mail = await app().smtp.waitFor(applicant.user.email);
    expect(mail.text).toContain('联系电话无法接通');

    const mine = await applicant.client.get<{ shop: ShopView }>('/api/v1/merchant/shop');
    expect(mine.body.shop.reviewNote).toBe('联系电话无法接通');
    const again = await applicant.client.post<ShopView>('/api/v1/merchant/application', {
      ...applicationFor('待改小店'),
      contactPhone: '13900139000',
    });
    expect(again.body.id).toBe(applied.body.id);
    expect(again.body.status).toBe('applying');
  });

  it('approves, grants the merchant role, and opens the shop once the deposit reaches the minimum', async () => {
    const owner = await signedIn(app(), 'buyer', 'owner');
    const applied = await owner.client.post<ShopView>(
      '/api/v1/merchant/application',
      applicationFor('晨光游戏'),
    );
    const approved = await admin.client.post<ShopView>(`/api/v1/admin/merchants/${applied.body.id}/review`, {
      decision: 'approve',
    });
    expect(approved.body.status).toBe('approved');
    expect(approved.body.deposit).toEqual({ balance: 0, minimum: 50_000 });

    const poor = await owner.client.post<{ code: string }>('/api/v1/merchant/deposit', { amount: 30_000 });
    expect(poor.body.code).toBe('LEDGER_INSUFFICIENT_FUNDS');
    await fundWallet(app(), owner.user.id, 80_000);
    const part = await owner.client.post<ShopView>('/api/v1/merchant/deposit', { amount: 30_000 });
    expect(part.body).toMatchObject({ status: 'approved', deposit: { balance: 30_000 } });
    const rest = await owner.client.post<ShopView>('/api/v1/merchant/deposit', { amount: 20_000 });
    expect(rest.body).toMatchObject({ status: 'active', deposit: { balance: 50_000 } });
    const balances = await owner.client.get<{ items: Array<{ kind: string; available: number }> }>(
      '/api/v1/me/balances',
    );
    expect(balances.body.items.find((b) => b.kind === 'user_wallet')?.available).toBe(30_000);
    await expectLedgerInvariants(app().database.handle.db);
  });

  it('replays a deposit sent twice with one Idempotency-Key, and refuses the key for another amount', async () => {
    const shop = await openShop(app(), admin.client, '幂等小铺');
    await fundWallet(app(), shop.user.id, 10_000);
    const headers = { 'idempotency-key': `dep-${shop.merchantId}` };
    const first = await shop.client.post<ShopView>(
      '/api/v1/merchant/deposit',
      { amount: 1_000 },
      { headers },
    );
    const second = await shop.client.post<ShopView>(
      '/api/v1/merchant/deposit',
      { amount: 1_000 },
      { headers },
    );
    expect(second.body.deposit.balance).toBe(first.body.deposit.balance);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const other = await shop.client.post<{ code: string }>(
      '/api/v1/merchant/deposit',
      { amount: 2_000 },
      { headers },
    );
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const after = await shop.client.get<{ shop: ShopView }>('/api/v1/merchant/shop');
    expect(after.body.shop.deposit.balance).toBe(51_000);
  });

  it('suspends and reinstates a shop with a reason, recorded in the audit log', async () => {
    const shop = await openShop(app(), admin.client, '暂停测试店');
    const suspended = await admin.client.post<ShopView>(`/api/v1/admin/merchants/${shop.merchantId}/status`, {
      status: 'suspended',
      reason: '多起投诉未处理',
    });
    expect(suspended.body.status).toBe('suspended');
    const back = await admin.client.post<ShopView>(`/api/v1/admin/merchants/${shop.merchantId}/status`, {
      status: 'active',
      reason: '投诉已处理',
    });
    expect(back.body.status).toBe('active');
    const audit = await admin.client.get<{ items: Array<{ action: string }> }>('/api/v1/admin/audit-log', {
      query: { targetId: shop.merchantId },
    });
    expect(audit.body.items.map((i) => i.action)).toEqual(
      expect.arrayContaining(['merchant.approve', 'merchant.suspend', 'merchant.reinstate']),
    );
  });

  it('issues API keys shown once, stored hashed, limited to their scopes, dead once revoked', async () => {
    const shop = await openShop(app(), admin.client, '接口小店');
    const created = await shop.client.post<{ apiKey: { id: string; prefix: string }; token: string }>(
      '/api/v1/merchant/api-keys',
      { name: 'ERP', scopes: ['orders:read'] },
    );
    expect(created.status, created.text).toBe(200);
    const { token, apiKey } = created.body;
    expect(token.startsWith(`${apiKey.id}.`)).toBe(true);
    const stored = await app()
      .database.handle.db.selectFrom('merchant_api_keys')
      .selectAll()
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token.split('.')[1]);

    const machine = app().client();
    const bearer = { headers: { authorization: `Bearer ${token}` } };
    // A key reaches no route that does not name a scope, even one its owner may use.
    const shopRoute = await machine.get<{ code: string }>('/api/v1/merchant/shop', bearer);
    expect(shopRoute.body.code).toBe('FORBIDDEN');
    const forged = await machine.get<{ code: string }>('/api/v1/merchant/shop', {
      headers: { authorization: `Bearer ${apiKey.id}.not-the-secret` },
    });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('API_KEY_INVALID');

    const list = await shop.client.get<{ items: Array<{ id: string; revokedAt: string | null }> }>(
      '/api/v1/merchant/api-keys',
    );
    expect(list.body.items.map((k) => k.id)).toContain(apiKey.id);
    await shop.client.post(`/api/v1/merchant/api-keys/${apiKey.id}/revoke`);
    const afterRevoke = await machine.get<{ code: string }>('/api/v1/merchant/shop', bearer);
    expect(afterRevoke.body.code).toBe('API_KEY_INVALID');
  });

  it("never lets one merchant revoke another's key or read another's shop", async () => {
    const a = await openShop(app(), admin.client, '甲店');
    const b = await openShop(app(), admin.client, '乙店');
    const key = await a.client.post<{ apiKey: { id: string } }>('/api/v1/merchant/api-keys', {
      name: 'a',
      scopes: ['orders:read'],
    });
    const revoke = await b.client.post<{ code: string }>(
      `/api/v1/merchant/api-keys/${key.body.apiKey.id}/revoke`,
    );
    expect(revoke.body.code).toBe('MERCHANT_API_KEY_NOT_FOUND');
    const bShop = await b.client.get<{ shop: ShopView }>('/api/v1/merchant/shop');
    expect(bShop.body.shop.id).toBe(b.merchantId);
    const adminOnly = await b.client.get<{ code: string }>(`/api/v1/admin/merchants/${a.merchantId}`);
    expect(adminOnly.body.code).toBe('FORBIDDEN');
  });
});
