import { afterEach, expect, it } from 'vitest';
import type { CreditView } from '../../src/common/api/credit.js';
import type { MyShopView } from '../../src/common/api/merchants.js';
import type { PayoutSummary, PayoutView } from '../../src/common/api/payouts.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../src/server/platform/clock.js';
import {
  aSale,
  balanceOf,
  later,
  openDisputeOn,
  settleSale,
  type Sale,
} from '../helpers/buyer-protection.js';
import {
  applicationFor,
  createCategories,
  fundWallet,
  signedIn,
  type ProductInfo,
} from '../helpers/commerce.js';
import { describeEachDialect } from '../helpers/databases.js';
import { expectLedgerInvariants } from '../helpers/ledger.js';
import { expectInventoryConsistent, payWithWallet, placeOrder } from '../helpers/orders.js';
import { useTestApp } from '../helpers/test-app.js';

/**
 * Issue 5, deliverables 5–7: the credit score and its sanctions, payouts with a reserve period, and
 * closing a shop with 30 days' notice. Time moves with the manual clock.
 */
describeEachDialect('merchant trust: credit, sanctions, payouts, closing', (dialect) => {
  const app = useTestApp(dialect);

  afterEach(async () => {
    await expectLedgerInvariants(app().database.handle.db);
    await expectInventoryConsistent(app().database.handle.db);
  });

  async function myShop(sale: Sale): Promise<MyShopView> {
    return (await sale.shop.client.get<{ shop: MyShopView }>('/api/v1/merchant/shop')).body.shop;
  }

  async function loseSilently(sale: Sale): Promise<void> {
    await later(app(), 0, sale.buyer);
    await openDisputeOn(sale);
    await later(app(), 24 * HOUR_MS + MINUTE_MS, sale.buyer, sale.shop);
    await app().deliverPendingWork(); // the credit review queued by the lost dispute
  }

  /** Another delivered sale from the same shop (a new buyer, a key from the same product). */
  async function saleFrom(sale: Sale): Promise<Sale> {
    const buyer = await signedIn(app(), 'buyer', 'again');
    await fundWallet(app(), buyer.user.id, sale.product.price);
    const order = await payWithWallet(buyer.client, (await placeOrder(buyer.client, sale.product)).id);
    return { ...sale, buyer, order };
  }

  it('publishes the credit score with its parts, and sanctions a shop that keeps losing disputes', async () => {
    const first = await aSale(app(), { stock: 5 });
    const fresh = await app().client().get<CreditView>(`/api/v1/shops/${first.shop.merchantId}/credit`);
    expect(fresh.body).toMatchObject({ score: 60, level: 'none', current: 'none', disputeRateBps: 0 });
    expect(fresh.body.parts.map((p) => p.code)).toEqual([
      'base',
      'volume',
      'response',
      'disputes_lost',
      'deadlines_missed',
    ]);

    const second = await saleFrom(first);
    const third = await saleFrom(first);
    await loseSilently(first);
    let credit = (await first.shop.client.get<CreditView>('/api/v1/merchant/credit')).body;
    // Meanwhile the other two sales confirmed themselves: 60 + volume 4 (2 orders) − 17 (1 lost of 23).
    expect(credit).toMatchObject({ score: 47, level: 'warning', current: 'warning' });
    expect(credit.facts).toMatchObject({ completedOrders: 2, disputes: 1, disputesLost: 1 });
    expect(credit.parts).toContainEqual({ code: 'disputes_lost', points: -17 });
    expect((await myShop(first)).sanction).toBe('warning');
    await app().smtp.waitFor(first.shop.user.email, (m) => (m.subject ?? '').includes('信用预警'));

    await loseSilently(second);
    credit = (await second.shop.client.get<CreditView>('/api/v1/merchant/credit')).body;
    expect(credit).toMatchObject({ level: 'listings_hidden', current: 'listings_hidden' });
    const listed = await app()
      .client()
      .get<{ items: Array<{ id: string }> }>(`/api/v1/products?merchantId=${first.shop.merchantId}`);
    expect(listed.body.items).toEqual([]);
    expect((await app().client().get(`/api/v1/products/${first.product.id}`)).status).toBe(404);

    // An admin can lift it by hand (an appeal granted), with a reason that is audited.
    const admin = await signedIn(app(), 'admin', 'sanctions');
    const lifted = await admin.client.post<CreditView>(
      `/api/v1/admin/merchants/${first.shop.merchantId}/sanction`,
      {
        sanction: 'warning',
        reason: '申诉通过：两次均为平台通知故障',
      },
    );
    expect(lifted.body, lifted.text).toMatchObject({ current: 'warning' });
    expect((await app().client().get(`/api/v1/products/${first.product.id}`)).status).toBe(200);

    await loseSilently(third);
    const shop = await myShop(third);
    expect(shop.status).toBe('suspended');
    // A shop suspended for cause cannot come back under a new name with the same identity.
    const owner = await signedIn(app(), 'buyer', 'reopen');
    const again = await owner.client.post<{ code: string }>(
      '/api/v1/merchant/application',
      applicationFor(`新店${Date.now()}`, first.shop.identityNumber),
    );
    expect(again.body.code).toBe('MERCHANT_IDENTITY_IN_USE');
  });

  it("does not let chats on unpaid orders move a shop's response time", async () => {
    const sale = await aSale(app(), { stock: 6 });
    const before = (await app().client().get<CreditView>(`/api/v1/shops/${sale.shop.merchantId}/credit`))
      .body;
    for (let i = 0; i < 3; i++) {
      const stranger = await signedIn(app(), 'buyer', 'stranger');
      const unpaid = await placeOrder(stranger.client, sale.product);
      const sent = await stranger.client.post(`/api/v1/orders/${unpaid.id}/messages`, { body: '在吗？' });
      expect(sent.status, sent.text).toBe(200);
    }
    await later(app(), 80 * 60 * 60 * 1000, sale.shop);
    const after = (await app().client().get<CreditView>(`/api/v1/shops/${sale.shop.merchantId}/credit`)).body;
    expect(after.facts.medianFirstResponseMs).toBe(before.facts.medianFirstResponseMs);
    expect(after.parts.find((p) => p.code === 'response')?.points).toBe(0);
  });

  it('lets a suspended shop still deliver what buyers already paid for', async () => {
    const sale = await aSale(app());
    const created = await sale.shop.client.post<ProductInfo>('/api/v1/merchant/products', {
      categoryId: (
        await createCategories((await signedIn(app(), 'admin', 'cats')).client, `代充${Date.now()}`)
      ).kindId,
      kind: 'topup',
      title: '代充 60',
      price: 600,
      buyerFields: [{ key: 'game_account', labelZh: '游戏账号', labelEn: 'Game account' }],
      deliveryHours: 3,
    });
    const topup = (
      await sale.shop.client.post<ProductInfo>(`/api/v1/merchant/products/${created.body.id}/status`, {
        status: 'listed',
      })
    ).body;
    const buyer = await signedIn(app(), 'buyer', 'topup-suspended');
    await fundWallet(app(), buyer.user.id, 600);
    const order = await payWithWallet(
      buyer.client,
      (await placeOrder(buyer.client, topup, { buyerInput: { game_account: '10086' } })).id,
    );
    const admin = await signedIn(app(), 'admin', 'suspender');
    const suspended = await admin.client.post(`/api/v1/admin/merchants/${sale.shop.merchantId}/status`, {
      status: 'suspended',
      reason: '核查中',
    });
    expect(suspended.status, suspended.text).toBe(200);
    const delivered = await sale.shop.client.post<{ status: string }>(
      `/api/v1/merchant/orders/${order.id}/deliver`,
      {
        note: '已充值，流水 123',
      },
    );
    expect(delivered.body.status, delivered.text).toBe('delivered');
  });

  it('pays out only settled money older than the reserve period, through a ledger hold an admin posts or voids', async () => {
    const sale = await aSale(app());
    const other = await aSale(app());
    await settleSale(sale);
    const summary = () => sale.shop.client.get<PayoutSummary>('/api/v1/merchant/payouts/summary');
    expect((await summary()).body).toMatchObject({
      available: 950,
      withdrawable: 0,
      maturing: 950,
      tier: 'new',
      reserveDays: 7,
    });
    const early = await sale.shop.client.post<{ code: string }>('/api/v1/merchant/payouts', { amount: 100 });
    expect(early.body.code).toBe('PAYOUT_EXCEEDS_WITHDRAWABLE');

    await later(app(), 7 * DAY_MS + MINUTE_MS, sale.shop, other.shop);
    expect((await summary()).body).toMatchObject({ available: 950, withdrawable: 950, maturing: 0 });
    const tooMuch = await sale.shop.client.post<{ code: string }>('/api/v1/merchant/payouts', {
      amount: 951,
    });
    expect(tooMuch.body.code).toBe('PAYOUT_EXCEEDS_WITHDRAWABLE');
    const payout = await sale.shop.client.post<PayoutView>('/api/v1/merchant/payouts', { amount: 600 });
    expect(payout.body, payout.text).toMatchObject({ status: 'requested', amount: 600 });
    expect((await summary()).body).toMatchObject({ available: 350, withdrawable: 350 });
    // Another shop can neither see nor cancel it.
    const foreign = await other.shop.client.post<{ code: string }>(
      `/api/v1/merchant/payouts/${payout.body.id}/cancel`,
    );
    expect(foreign.body.code).toBe('PAYOUT_NOT_FOUND');

    const admin = await signedIn(app(), 'admin', 'payouts');
    const queue = await admin.client.get<{ items: PayoutView[] }>('/api/v1/admin/payouts?status=requested');
    expect(queue.body.items.map((p) => p.id)).toContain(payout.body.id);
    const paid = await admin.client.post<PayoutView>(`/api/v1/admin/payouts/${payout.body.id}/approve`, {
      externalReference: 'ICBC-20261130-0001',
    });
    expect(paid.body).toMatchObject({ status: 'paid', externalReference: 'ICBC-20261130-0001' });
    expect(await balanceOf(app(), sale.shop.merchantId, 'merchant_payable')).toBe(350);
    const again = await admin.client.post<{ code: string }>(
      `/api/v1/admin/payouts/${payout.body.id}/reject`,
      {
        reason: 'twice',
      },
    );
    expect(again.body.code).toBe('PAYOUT_NOT_PENDING');

    const second = await sale.shop.client.post<PayoutView>('/api/v1/merchant/payouts', { amount: 350 });
    const rejected = await admin.client.post<PayoutView>(`/api/v1/admin/payouts/${second.body.id}/reject`, {
      reason: '收款账户信息不符',
    });
    expect(rejected.body.status).toBe('rejected');
    expect((await summary()).body.withdrawable).toBe(350);
    const third = await sale.shop.client.post<PayoutView>('/api/v1/merchant/payouts', { amount: 100 });
    const cancelled = await sale.shop.client.post<PayoutView>(
      `/api/v1/merchant/payouts/${third.body.id}/cancel`,
    );
    expect(cancelled.body.status).toBe('cancelled');
    expect((await summary()).body.withdrawable).toBe(350);
    await app().deliverPendingWork();
    await app().smtp.waitFor(sale.shop.user.email, (m) => (m.subject ?? '').includes('提现已打款'));
  });

  it('lets only one of several racing payout requests take the matured money, and replays a retried one', async () => {
    const sale = await aSale(app(), { stock: 5 });
    await settleSale(sale);
    await later(app(), 7 * DAY_MS + MINUTE_MS, sale.shop);
    // Two more sales settle today: available 2,850, of which only the matured 950 can be withdrawn.
    for (let i = 0; i < 2; i++) {
      const more = await saleFrom(sale);
      await settleSale(more);
    }
    const attempts = await Promise.all(
      Array.from({ length: 4 }, () =>
        sale.shop.client.post<PayoutView & { code?: string }>('/api/v1/merchant/payouts', { amount: 950 }),
      ),
    );
    expect(attempts.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    for (const refused of attempts.filter((a) => a.status !== 200))
      expect(refused.body.code).toBe('PAYOUT_EXCEEDS_WITHDRAWABLE');
    const held = () =>
      app()
        .database.handle.db.selectFrom('payouts')
        .select('amount')
        .where('merchant_id', '=', sale.shop.merchantId)
        .where('status', '=', 'requested')
        .execute();
    expect((await held()).map((p) => Number(p.amount))).toEqual([950]);

    // A retry with the same Idempotency-Key (a lost response) replays, holding nothing twice.
    const cancel = attempts.find((a) => a.status === 200)!;
    await sale.shop.client.post(`/api/v1/merchant/payouts/${cancel.body.id}/cancel`);
    const key = { headers: { 'idempotency-key': `payout-${Date.now()}` } };
    const first = await sale.shop.client.post<PayoutView>('/api/v1/merchant/payouts', { amount: 500 }, key);
    const retry = await sale.shop.client.post<PayoutView>('/api/v1/merchant/payouts', { amount: 500 }, key);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect((await held()).map((p) => Number(p.amount))).toEqual([500]);
  });

  it('stops payouts while open disputes ask back more than the deposit', async () => {
    const big = await aSale(app(), { price: 60_000 });
    await settleSale(big);
    await later(app(), 7 * DAY_MS + MINUTE_MS, big.shop);
    const small = await saleFrom({ ...big });
    await openDisputeOn(small);
    const summary = await big.shop.client.get<PayoutSummary>('/api/v1/merchant/payouts/summary');
    expect(summary.body).toMatchObject({
      openDisputeAmount: 60_000,
      deposit: 50_000,
      blocked: 'open_disputes',
    });
    const refused = await big.shop.client.post<{ code: string }>('/api/v1/merchant/payouts', {
      amount: 1_000,
    });
    expect(refused.body.code).toBe('PAYOUT_BLOCKED_BY_DISPUTES');
  });

  it('closes a shop 30 days after its notice, and returns the deposit only after the last windows pass', async () => {
    const sale = await aSale(app(), { stock: 3 });
    const notice = await sale.shop.client.post<MyShopView>('/api/v1/merchant/closing', {
      reason: '业务调整，停止经营',
    });
    expect(notice.body.closing, notice.text).toMatchObject({ reason: '业务调整，停止经营' });
    const page = await app()
      .client()
      .get<{ closing: { closesAt: string } | null }>(`/api/v1/shops/${sale.shop.merchantId}`);
    expect(page.body.closing?.closesAt).toBe(
      new Date(app().clock.now().getTime() + 30 * DAY_MS).toISOString(),
    );
    // Still selling during the notice.
    expect((await app().client().get(`/api/v1/products/${sale.product.id}`)).status).toBe(200);

    await later(app(), 30 * DAY_MS + HOUR_MS, sale.shop, sale.buyer);
    expect((await myShop(sale)).status).toBe('closing');
    expect((await app().client().get(`/api/v1/products/${sale.product.id}`)).status).toBe(404);
    expect(await balanceOf(app(), sale.shop.merchantId, 'merchant_deposit')).toBe(50_000);

    await later(app(), 14 * DAY_MS + HOUR_MS, sale.shop);
    expect((await myShop(sale)).status).toBe('closed');
    expect(await balanceOf(app(), sale.shop.merchantId, 'merchant_deposit')).toBe(0);
    expect(await balanceOf(app(), sale.shop.user.id, 'user_wallet')).toBe(50_000);
    // Closed in good standing: the same person may open a shop again (a shop suspended for cause may not).
    const again = await signedIn(app(), 'buyer', 'reopen-closed');
    const applied = await again.client.post<{ status: string }>(
      '/api/v1/merchant/application',
      applicationFor(`新开${Date.now()}`, sale.shop.identityNumber),
    );
    expect(applied.status, applied.text).toBe(200);
  });

  it('keeps a closing shop open for its unfinished orders and disputes before releasing the deposit', async () => {
    const sale = await aSale(app());
    await sale.shop.client.post('/api/v1/merchant/closing', { reason: '停业' });
    await later(app(), 30 * DAY_MS - DAY_MS, sale.shop, sale.buyer);
    // The order was auto-confirmed long ago; a later sale is still being disputed when the notice ends.
    const late = await saleFrom(sale);
    await openDisputeOn(late);
    await later(app(), 2 * DAY_MS, sale.shop);
    expect((await myShop(sale)).status).toBe('closing');
    await later(app(), 30 * DAY_MS, sale.shop);
    // The silent merchant lost the dispute (refunded from escrow); 14 days after that decision it closes.
    expect((await myShop(sale)).status).toBe('closed');
    expect(await balanceOf(app(), late.buyer.user.id, 'user_wallet')).toBe(1_000);
  });
});
