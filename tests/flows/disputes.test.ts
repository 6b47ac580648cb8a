import { afterEach, expect, it } from 'vitest';
import type { DisputeView } from '../../src/common/api/disputes.js';
import type { OrderView } from '../../src/common/api/orders.js';
import { refundSilentMerchants } from '../../src/server/modules/disputes/index.js';
import { openAccount, postCommand } from '../../src/server/modules/ledger/index.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../src/server/platform/clock.js';
import { describeEachDialect } from '../helpers/databases.js';
import { expectLedgerInvariants } from '../helpers/ledger.js';
import { useTestApp } from '../helpers/test-app.js';
import {
  aSale as aSaleIn,
  balanceOf,
  later as laterIn,
  openDisputeOn,
  settleSale,
  type Sale,
} from '../helpers/buyer-protection.js';
import {
  createCategories,
  fundWallet,
  openShop,
  signedIn,
  uniqueSuffix,
  type Person,
  type ProductInfo,
} from '../helpers/commerce.js';
import { expectInventoryConsistent, payWithWallet, placeOrder, tradeNoOf } from '../helpers/orders.js';

/**
 * Buyer protection (issue 5): disputes, the merchant's 24 h, silence counting for the buyer, money
 * following each decision through escrow → payable → deposit → reserve, appeals, delivery deadlines.
 * Time moves with the manual clock. After every test the ledger balances and the inventory holds.
 */
describeEachDialect('disputes: the buyer is made whole, whatever the merchant does', (dialect) => {
  const app = useTestApp(dialect);
  const db = () => app().database.handle.db;

  afterEach(async () => {
    await expectLedgerInvariants(db());
    await expectInventoryConsistent(db());
  });

  const aSale = (options: { price?: number; stock?: number } = {}) => aSaleIn(app(), options);
  const balance = (ownerId: string, kind: string) => balanceOf(app(), ownerId, kind);
  const openDispute = openDisputeOn;
  const settle = settleSale;

  async function platformBalance(kind: string): Promise<number> {
    return balance('platform', kind);
  }

  async function orderOf(sale: Sale): Promise<OrderView> {
    return (await sale.buyer.client.get<OrderView>(`/api/v1/orders/${sale.order.id}`)).body;
  }

  /** Money the merchant already took out (what a payout does: payable → clearing). */
  async function paidOut(merchantId: string, amount: number): Promise<void> {
    const ctx = app().kameng.ctx;
    await ctx.transact(async (trx) => {
      const now = ctx.clock.now();
      const payable = await openAccount(trx, now, {
        kind: 'merchant_payable',
        currency: 'CNY',
        ownerId: merchantId,
      });
      const clearing = await openAccount(trx, now, { kind: 'platform_clearing', currency: 'CNY' });
      const result = await postCommand(
        trx,
        { dialect: ctx.dialect, clock: ctx.clock },
        {
          id: `test-payout-${uniqueSuffix()}`,
          type: 'transfer',
          legs: [
            { accountId: payable.id, amount: -amount },
            { accountId: clearing.id, amount },
          ],
          cause: { type: 'payout', id: merchantId },
          reason: { code: 'order_settlement', params: { item: 'payout' } },
          actor: { type: 'system', id: 'test' },
        },
      );
      expect(result.outcome).toBe('posted');
    });
  }

  const later = (ms: number, ...people: Person[]) => laterIn(app(), ms, ...people);

  async function merchantSilent(sale: Sale): Promise<void> {
    await later(24 * HOUR_MS + MINUTE_MS, sale.buyer, sale.shop);
  }

  async function disputeOf(sale: Sale): Promise<DisputeView> {
    return (await sale.buyer.client.get<DisputeView>(`/api/v1/orders/${sale.order.id}/dispute`)).body;
  }

  async function creditEvents(merchantId: string): Promise<string[]> {
    const rows = await db()
      .selectFrom('merchant_credit_events')
      .select('kind')
      .where('merchant_id', '=', merchantId)
      .orderBy('id')
      .execute();
    return rows.map((r) => r.kind);
  }

  it('stops confirmation while a dispute is open, and refunds from escrow when the merchant stays silent', async () => {
    const sale = await aSale();
    const dispute = await openDispute(sale);
    expect(dispute).toMatchObject({
      status: 'awaiting_merchant',
      requestedAmount: 1_000,
      settledBefore: false,
    });
    expect(dispute.merchantDueAt).toBe(new Date(app().clock.now().getTime() + 24 * HOUR_MS).toISOString());

    const confirm = await sale.buyer.client.post<{ code: string }>(`/api/v1/orders/${sale.order.id}/confirm`);
    expect(confirm.body.code).toBe('ORDER_DISPUTE_OPEN');
    const again = await sale.buyer.client.post<{ code: string }>(`/api/v1/orders/${sale.order.id}/dispute`, {
      reason: 'other',
      description: 'a second one',
    });
    expect(again.body.code).toBe('DISPUTE_ALREADY_EXISTS');

    // The 24 h confirmation window passes first: auto-confirm must not settle a disputed order.
    await later(24 * HOUR_MS - MINUTE_MS, sale.buyer, sale.shop);
    expect((await orderOf(sale)).status).toBe('delivered');
    expect(await balance(sale.shop.merchantId, 'merchant_payable')).toBe(0);

    await merchantSilent(sale);
    const order = await orderOf(sale);
    expect(order).toMatchObject({ status: 'refunded', refundedAmount: 1_000, disputeOpen: false });
    expect(await balance(sale.buyer.user.id, 'user_wallet')).toBe(1_000);
    expect(await disputeOf(sale)).toMatchObject({
      status: 'resolved',
      outcome: 'refund_full',
      refundAmount: 1_000,
      decidedBy: 'system',
      decisionNote: 'merchant_silent_24h',
    });
    // Every step is on the order's timeline, in time order.
    expect(order.timeline.filter((t) => t.machine === 'dispute').map((t) => t.to)).toEqual([
      'awaiting_merchant',
      'resolved',
    ]);
    expect(order.timeline.map((t) => t.to).slice(-2)).toEqual(['refunded', 'resolved']);
    expect(await creditEvents(sale.shop.merchantId)).toEqual(['dispute_lost']);
    // The shop's contact address hears of it, with the order and the deadline.
    const mail = await app().smtp.waitFor(
      'shop@example.com',
      (m) => (m.subject ?? '').includes('买家申请售后') && (m.text ?? '').includes(sale.order.id),
    );
    expect(mail.text).toContain(dispute.merchantDueAt);
  });

  it('after settlement recovers the refund from the payable balance, the fee from fee revenue', async () => {
    const sale = await aSale();
    await settle(sale);
    expect(await balance(sale.shop.merchantId, 'merchant_payable')).toBe(950);
    const feeBefore = await platformBalance('platform_fee_revenue');
    const dispute = await openDispute(sale);
    expect(dispute.settledBefore).toBe(true);
    await merchantSilent(sale);
    expect(await orderOf(sale)).toMatchObject({ status: 'refunded', refundedAmount: 1_000 });
    expect(await balance(sale.buyer.user.id, 'user_wallet')).toBe(1_000);
    expect(await balance(sale.shop.merchantId, 'merchant_payable')).toBe(0);
    expect(await balance(sale.shop.merchantId, 'merchant_deposit')).toBe(50_000);
    expect(await platformBalance('platform_fee_revenue')).toBe(feeBefore - 50);
  });

  it('after a payout takes the rest from the deposit, suspends the shop below the minimum, and reopens it when topped up', async () => {
    const sale = await aSale();
    await settle(sale);
    await paidOut(sale.shop.merchantId, 700);
    await openDispute(sale);
    await merchantSilent(sale);
    expect(await balance(sale.buyer.user.id, 'user_wallet')).toBe(1_000);
    expect(await balance(sale.shop.merchantId, 'merchant_payable')).toBe(0);
    // 950 was the merchant's share: 250 left in payable, 700 from the deposit.
    expect(await balance(sale.shop.merchantId, 'merchant_deposit')).toBe(50_000 - 700);
    const shop = await sale.shop.client.get<{ shop: { status: string } }>('/api/v1/merchant/shop');
    expect(shop.body.shop.status).toBe('suspended');
    const page = await app().client().get(`/api/v1/products/${sale.product.id}`);
    expect(page.status).toBe(404);
    await app().smtp.waitFor(sale.shop.user.email, (m) => (m.subject ?? '').includes('店铺已暂停营业'));

    await fundWallet(app(), sale.shop.user.id, 700);
    const topUp = await sale.shop.client.post<{ status: string }>('/api/v1/merchant/deposit', {
      amount: 700,
    });
    expect(topUp.body.status, topUp.text).toBe('active');
  });

  it('when payable and deposit cannot cover it, the platform reserve and then a recorded platform loss make the buyer whole', async () => {
    const sale = await aSale({ price: 60_000 });
    await settle(sale);
    await paidOut(sale.shop.merchantId, 57_000);
    const reserveBefore = await platformBalance('reserve');
    const lossBefore = await platformBalance('platform_adjustment');
    const feeBefore = await platformBalance('platform_fee_revenue');
    await openDispute(sale);
    await merchantSilent(sale);
    expect(await balance(sale.buyer.user.id, 'user_wallet')).toBe(60_000);
    expect(await balance(sale.shop.merchantId, 'merchant_deposit')).toBe(0);
    const fromReserve = reserveBefore - (await platformBalance('reserve'));
    const loss = lossBefore - (await platformBalance('platform_adjustment'));
    const fromFees = feeBefore - (await platformBalance('platform_fee_revenue'));
    // 57,000 merchant share: 50,000 from the deposit, 7,000 by the platform; the 3,000 fee comes back.
    expect(fromFees + fromReserve + loss).toBe(7_000 + 3_000);
    expect(fromFees).toBe(Math.min(3_000, feeBefore));
    const shop = await sale.shop.client.get<{ shop: { status: string } }>('/api/v1/merchant/shop');
    expect(shop.body.shop.status).toBe('suspended');
  });

  it('replaces a bad key from stock; the buyer accepts and the order settles', async () => {
    const sale = await aSale({ stock: 2 });
    const first = await sale.buyer.client.post<{
      keys: Array<{ id: string; secret: string; replaced: boolean }>;
    }>(`/api/v1/orders/${sale.order.id}/keys`);
    const dispute = await openDispute(sale);
    const answered = await sale.shop.client.post<DisputeView>(
      `/api/v1/merchant/disputes/${dispute.id}/respond`,
      {
        action: 'replace',
        note: '已补发新卡密',
      },
    );
    expect(answered.body, answered.text).toMatchObject({
      status: 'awaiting_buyer',
      response: { action: 'replace', replacedKeys: 1 },
    });
    const keys = await sale.buyer.client.post<{
      keys: Array<{ id: string; secret: string; replaced: boolean }>;
    }>(`/api/v1/orders/${sale.order.id}/keys`);
    expect(keys.body.keys).toHaveLength(2);
    expect(keys.body.keys.find((k) => k.id === first.body.keys[0]!.id)?.replaced).toBe(true);
    expect(keys.body.keys.filter((k) => !k.replaced)).toHaveLength(1);

    // The shop sees which keys it delivered — id and last four characters only — and which were replaced.
    const shopView = await sale.shop.client.get<{
      deliveredKeys: Array<{ id: string; hint: string; replaced: boolean }>;
    }>(`/api/v1/merchant/orders/${sale.order.id}`);
    expect(shopView.body.deliveredKeys).toHaveLength(2);
    expect(shopView.body.deliveredKeys.filter((k) => k.replaced).map((k) => k.id)).toEqual([
      first.body.keys[0]!.id,
    ]);
    for (const key of keys.body.keys) {
      expect(shopView.text).not.toContain(key.secret);
      expect(shopView.body.deliveredKeys.find((k) => k.id === key.id)?.hint).toBe(`…${key.secret.slice(-4)}`);
    }

    const accepted = await sale.buyer.client.post<DisputeView>(`/api/v1/disputes/${dispute.id}/accept`);
    expect(accepted.body).toMatchObject({
      status: 'resolved',
      outcome: 'replaced',
      decidedBy: 'buyer',
      appealUntil: null,
    });
    expect((await orderOf(sale)).status).toBe('settled');
    expect(await balance(sale.shop.merchantId, 'merchant_payable')).toBe(950);
    // An agreement is not a lost dispute.
    expect(await creditEvents(sale.shop.merchantId)).toEqual([]);

    // After settlement too (a key that stopped working after auto-confirm); naming a key twice is refused.
    const settled = await aSale({ stock: 3 });
    await settle(settled);
    const late = await openDispute(settled);
    const [keyId] = (
      await settled.buyer.client.post<{ keys: Array<{ id: string }> }>(
        `/api/v1/orders/${settled.order.id}/keys`,
      )
    ).body.keys.map((k) => k.id);
    const twice = await settled.shop.client.post<{ code: string }>(
      `/api/v1/merchant/disputes/${late.id}/respond`,
      {
        action: 'replace',
        keyIds: [keyId, keyId],
      },
    );
    expect(twice.body.code).toBe('ORDER_KEYS_NOT_REPLACEABLE');
    const replacedLate = await settled.shop.client.post<DisputeView>(
      `/api/v1/merchant/disputes/${late.id}/respond`,
      {
        action: 'replace',
        keyIds: [keyId],
      },
    );
    expect(replacedLate.body, replacedLate.text).toMatchObject({
      status: 'awaiting_buyer',
      response: { replacedKeys: 1 },
    });
    await settled.buyer.client.post(`/api/v1/disputes/${late.id}/accept`);
    expect((await orderOf(settled)).status).toBe('settled');

    const noStock = await aSale({ stock: 1 });
    const d2 = await openDispute(noStock);
    const refused = await noStock.shop.client.post<{ code: string }>(
      `/api/v1/merchant/disputes/${d2.id}/respond`,
      {
        action: 'replace',
      },
    );
    expect(refused.body.code).toBe('ORDER_REPLACEMENT_OUT_OF_STOCK');
    expect((await disputeOf(noStock)).status).toBe('awaiting_merchant');
  });

  it('settles with a partial refund the buyer accepted: the merchant keeps the rest minus the fee on it', async () => {
    const sale = await aSale();
    const dispute = await openDispute(sale, { reason: 'wrong_item', requestedAmount: 600 });
    const tooMuch = await sale.shop.client.post<{ code: string }>(
      `/api/v1/merchant/disputes/${dispute.id}/respond`,
      {
        action: 'partial_refund',
        amount: 1_000,
      },
    );
    expect(tooMuch.body.code).toBe('DISPUTE_AMOUNT_INVALID');
    await sale.shop.client.post(`/api/v1/merchant/disputes/${dispute.id}/respond`, {
      action: 'partial_refund',
      amount: 400,
      note: '退一部分',
    });
    const accepted = await sale.buyer.client.post<DisputeView>(`/api/v1/disputes/${dispute.id}/accept`);
    expect(accepted.body).toMatchObject({ outcome: 'refund_partial', refundAmount: 400 });
    expect(await orderOf(sale)).toMatchObject({ status: 'settled', refundedAmount: 400 });
    expect(await balance(sale.buyer.user.id, 'user_wallet')).toBe(400);
    // 600 kept: the fee is 5 % of 600 = 30, the merchant gets 570.
    expect(await balance(sale.shop.merchantId, 'merchant_payable')).toBe(570);
  });

  it('escalates a contested dispute to an agent, then a buyer appeal to an admin refunds the rest from the merchant', async () => {
    const sale = await aSale();
    const agent = await signedIn(app(), 'agent', 'agent');
    const admin = await signedIn(app(), 'admin', 'appeals');
    const dispute = await openDispute(sale);
    await sale.shop.client.post(`/api/v1/merchant/disputes/${dispute.id}/respond`, {
      action: 'contest',
      note: '卡密发出时可用，见截图',
    });
    const escalated = await sale.buyer.client.post<DisputeView>(`/api/v1/disputes/${dispute.id}/escalate`, {
      note: '商家截图是旧的',
    });
    expect(escalated.body.status).toBe('escalated');
    expect(escalated.body.decisionDueAt).toBe(
      new Date(app().clock.now().getTime() + 48 * HOUR_MS).toISOString(),
    );
    const queue = await agent.client.get<{ items: DisputeView[] }>('/api/v1/admin/disputes?queue=escalated');
    expect(queue.body.items.map((d) => d.id)).toContain(dispute.id);

    const noReason = await agent.client.post<{ code: string }>(
      `/api/v1/admin/disputes/${dispute.id}/decide`,
      {
        outcome: 'refund_partial',
        amount: 300,
      },
    );
    expect(noReason.status).toBe(400);
    const decided = await agent.client.post<DisputeView>(`/api/v1/admin/disputes/${dispute.id}/decide`, {
      outcome: 'refund_partial',
      amount: 300,
      note: '证据不足以全额退款',
    });
    expect(decided.body, decided.text).toMatchObject({
      status: 'resolved',
      decidedBy: 'agent',
      refundAmount: 300,
    });
    expect(await orderOf(sale)).toMatchObject({ status: 'settled', refundedAmount: 300 });

    const appealed = await sale.buyer.client.post<DisputeView>(`/api/v1/disputes/${dispute.id}/appeal`, {
      note: '卡密根本不能用',
    });
    expect(appealed.body.status).toBe('appealed');
    const twice = await sale.shop.client.post<{ code: string }>(
      `/api/v1/merchant/disputes/${dispute.id}/appeal`,
      {
        note: 'me too',
      },
    );
    expect(twice.body.code).toBe('DISPUTE_STEP_NOT_ALLOWED');
    const byAgent = await agent.client.post<{ code: string }>(
      `/api/v1/admin/disputes/${dispute.id}/appeal-decision`,
      {
        result: 'overturned',
        outcome: 'refund_full',
        note: '改判',
      },
    );
    expect(byAgent.status).toBe(403);
    const final = await admin.client.post<DisputeView>(
      `/api/v1/admin/disputes/${dispute.id}/appeal-decision`,
      {
        result: 'overturned',
        outcome: 'refund_full',
        note: '复核：卡密无效，全额退款',
      },
    );
    // The buyer's appeal is decided; the shop has not appealed yet and still may, once.
    expect(final.body, final.text).toMatchObject({
      status: 'resolved',
      appealResult: 'overturned',
      refundAmount: 1_000,
    });
    expect(await orderOf(sale)).toMatchObject({ status: 'refunded', refundedAmount: 1_000 });
    expect(await balance(sale.buyer.user.id, 'user_wallet')).toBe(1_000);
    expect(await balance(sale.shop.merchantId, 'merchant_payable')).toBe(0);
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', dispute.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['dispute.decide', 'dispute.appeal_decide']);
    const shopAppeal = await sale.shop.client.post<DisputeView>(
      `/api/v1/merchant/disputes/${dispute.id}/appeal`,
      {
        note: '买家已使用卡密',
      },
    );
    expect(shopAppeal.body.status, shopAppeal.text).toBe('appealed');
    const upheld = await admin.client.post<DisputeView>(
      `/api/v1/admin/disputes/${dispute.id}/appeal-decision`,
      {
        result: 'upheld',
        note: '维持改判',
      },
    );
    expect(upheld.body).toMatchObject({ status: 'final', appealResult: 'upheld', refundAmount: 1_000 });
    const third = await sale.buyer.client.post<{ code: string }>(`/api/v1/disputes/${dispute.id}/appeal`, {
      note: 'again',
    });
    expect(third.body.code).toBe('DISPUTE_STEP_NOT_ALLOWED');
  });

  it("lets a merchant appeal a deadline's decision: the credit is restored, the buyer keeps the refund", async () => {
    const sale = await aSale();
    const dispute = await openDispute(sale);
    await merchantSilent(sale);
    const admin = await signedIn(app(), 'admin', 'appeals');
    const appealed = await sale.shop.client.post<DisputeView>(
      `/api/v1/merchant/disputes/${dispute.id}/appeal`,
      {
        note: '系统故障未收到通知',
      },
    );
    expect(appealed.body.status, appealed.text).toBe('appealed');
    const decided = await admin.client.post<DisputeView>(
      `/api/v1/admin/disputes/${dispute.id}/appeal-decision`,
      {
        result: 'overturned',
        note: '确认通知故障',
      },
    );
    expect(decided.body, decided.text).toMatchObject({
      status: 'resolved',
      appealResult: 'overturned',
      refundAmount: 1_000,
    });
    // The shop's appeal did not use up the buyer's: each side appeals once.
    const buyersTurn = await sale.buyer.client.post<DisputeView>(`/api/v1/disputes/${dispute.id}/appeal`, {
      note: '我也申诉',
    });
    expect(buyersTurn.body.status, buyersTurn.text).toBe('appealed');
    expect(await creditEvents(sale.shop.merchantId)).toEqual(['dispute_lost', 'dispute_lost_reversed']);
    expect(await balance(sale.buyer.user.id, 'user_wallet')).toBe(1_000);

    const late = await aSale();
    const d2 = await openDispute(late);
    await merchantSilent(late);
    await later(7 * DAY_MS + MINUTE_MS, late.shop);
    const tooLate = await late.shop.client.post<{ code: string }>(
      `/api/v1/merchant/disputes/${d2.id}/appeal`,
      {
        note: 'late',
      },
    );
    expect(tooLate.body.code).toBe('DISPUTE_STEP_NOT_ALLOWED');
  });

  it('protects a guest too: with the pass from the lookup, a partial refund goes back through the provider', async () => {
    const { shop, product } = await aSale();
    const guest = app().client();
    const email = `guest-${uniqueSuffix()}@example.com`;
    const order = await placeOrder(guest, product, { guest: { email, queryPassword: 'guest-pw-2026' } });
    const started = await guest.post<{ redirectUrl: string }>('/api/v1/guest/orders/pay', {
      orderId: order.id,
      password: 'guest-pw-2026',
      method: 'sandbox',
    });
    await guest.post(`/api/v1/sandbox/trades/${tradeNoOf(started.body.redirectUrl)}/complete`, {
      outcome: 'paid',
    });
    await app().deliverPendingWork();
    const lookup = await guest.post<{ guestPass: string; status: string }>('/api/v1/guest/orders/lookup', {
      orderId: order.id,
      password: 'guest-pw-2026',
    });
    expect(lookup.body.status).toBe('delivered');
    const pass = { headers: { 'x-guest-pass': lookup.body.guestPass } };
    const base = `/api/v1/guest/orders/${order.id}/dispute`;
    const body = { reason: 'key_invalid', description: '卡密无效，提示不存在' };
    expect((await guest.post<{ code: string }>(base, body)).body.code).toBe('ORDER_NOT_FOUND');
    const opened = await guest.post<DisputeView>(base, body, pass);
    expect(opened.body, opened.text).toMatchObject({ status: 'awaiting_merchant' });
    await app().deliverPendingWork();
    await app().smtp.waitFor('shop@example.com', (m) => (m.text ?? '').includes(order.id));

    await shop.client.post(`/api/v1/merchant/disputes/${opened.body.id}/respond`, {
      action: 'partial_refund',
      amount: 250,
    });
    const accepted = await guest.post<DisputeView>(`${base}/accept`, undefined, pass);
    expect(accepted.body, accepted.text).toMatchObject({ outcome: 'refund_partial', refundAmount: 250 });
    // The provider refunds 2.50 of the trade; the escrow's 2.50 then goes to clearing.
    await app().deliverPendingWork();
    const trade = await db()
      .selectFrom('sandbox_trades')
      .select('refunded_amount')
      .where(
        'out_trade_no',
        '=',
        (
          await db()
            .selectFrom('payments')
            .select('id')
            .where('purpose_id', '=', order.id)
            .executeTakeFirstOrThrow()
        ).id,
      )
      .executeTakeFirstOrThrow();
    expect(Number(trade.refunded_amount)).toBe(250);
    const view = await guest.get<OrderView>(`/api/v1/guest/orders/${order.id}`, pass);
    expect(view.body).toMatchObject({ status: 'settled', refundedAmount: 250 });
    expect(view.body.payments[0]!.refunds).toMatchObject([{ amount: 250, status: 'succeeded' }]);
    await app().smtp.waitFor(email, (m) => (m.subject ?? '').includes('售后进展'));
  });

  it('keeps an order refunding until the last of its provider refunds has gone through', async () => {
    const { shop, product } = await aSale();
    const buyer = await signedIn(app(), 'buyer', 'provider-refunds');
    const order = await placeOrder(buyer.client, product);
    const started = await buyer.client.post<{ redirectUrl: string }>(`/api/v1/orders/${order.id}/pay`, {
      method: 'sandbox',
    });
    const tradeNo = tradeNoOf(started.body.redirectUrl);
    await buyer.client.post(`/api/v1/sandbox/trades/${tradeNo}/complete`, { outcome: 'paid' });
    const dispute = await openDispute({ shop, product, buyer, order });
    await shop.client.post(`/api/v1/merchant/disputes/${dispute.id}/respond`, {
      action: 'contest',
      note: '可用',
    });
    await buyer.client.post(`/api/v1/disputes/${dispute.id}/escalate`, { note: '不可用' });
    const agent = await signedIn(app(), 'agent', 'refunds-agent');
    const admin = await signedIn(app(), 'admin', 'refunds-admin');
    await agent.client.post(`/api/v1/admin/disputes/${dispute.id}/decide`, {
      outcome: 'refund_partial',
      amount: 300,
      note: '部分退款',
    });
    await buyer.client.post(`/api/v1/disputes/${dispute.id}/appeal`, { note: '要全额' });
    await admin.client.post(`/api/v1/admin/disputes/${dispute.id}/appeal-decision`, {
      result: 'overturned',
      outcome: 'refund_full',
      note: '全额退款',
    });
    // Two provider refunds are pending (300, then 700). The provider takes the first and refuses the
    // second (here: it believes 700 was already refunded, so 700 more would exceed the trade).
    const trade = () => db().updateTable('sandbox_trades').where('trade_no', '=', tradeNo);
    await trade().set({ refunded_amount: 700 }).execute();
    await app().deliverPendingWork();
    const refunds = async () =>
      (
        await db()
          .selectFrom('refunds')
          .select(['amount', 'status'])
          .where(
            'payment_id',
            '=',
            (await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body.payments[0]!.id,
          )
          .orderBy('amount')
          .execute()
      ).map((r) => `${Number(r.amount)} ${r.status}`);
    expect(await refunds()).toEqual(['300 succeeded', '700 processing']);
    expect((await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body.status).toBe('refunding');
    // The provider's books are put right; the retry goes through and only now is the order refunded.
    await trade().set({ refunded_amount: 300 }).execute();
    await later(HOUR_MS, buyer);
    expect(await refunds()).toEqual(['300 succeeded', '700 succeeded']);
    expect((await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body).toMatchObject({
      status: 'refunded',
      refundedAmount: 1_000,
    });
  });

  it('keeps every dispute to its two parties and staff', async () => {
    const sale = await aSale();
    const other = await aSale();
    const dispute = await openDispute(sale);
    const stranger = other.buyer;
    expect((await stranger.client.get(`/api/v1/orders/${sale.order.id}/dispute`)).status).toBe(404);
    for (const step of ['accept', 'withdraw']) {
      const r = await stranger.client.post<{ code: string }>(`/api/v1/disputes/${dispute.id}/${step}`);
      expect(r.body.code, step).toBe('DISPUTE_NOT_FOUND');
    }
    expect(
      (
        await stranger.client.post(`/api/v1/orders/${sale.order.id}/dispute`, {
          reason: 'other',
          description: 'not my order',
        })
      ).status,
    ).toBe(404);
    const otherShop = other.shop;
    expect((await otherShop.client.get(`/api/v1/merchant/disputes/${dispute.id}`)).status).toBe(404);
    const respond = await otherShop.client.post<{ code: string }>(
      `/api/v1/merchant/disputes/${dispute.id}/respond`,
      {
        action: 'refund',
      },
    );
    expect(respond.body.code).toBe('DISPUTE_NOT_FOUND');
    const list = await otherShop.client.get<{ items: DisputeView[] }>('/api/v1/merchant/disputes');
    expect(list.body.items.map((d) => d.id)).not.toContain(dispute.id);
    const mine = await sale.shop.client.get<{ items: DisputeView[] }>('/api/v1/merchant/disputes');
    expect(mine.body.items.map((d) => d.id)).toContain(dispute.id);
    // Nothing happened to the dispute through all of that.
    expect((await disputeOf(sale)).status).toBe('awaiting_merchant');
    expect(await balance(sale.buyer.user.id, 'user_wallet')).toBe(0);
  });

  it('refuses disputes on undelivered orders and more than 7 days after settlement; a withdrawn one lets the order settle', async () => {
    const sale = await aSale();
    await settle(sale);
    await later(7 * DAY_MS + MINUTE_MS, sale.buyer);
    const late = await sale.buyer.client.post<{ code: string }>(`/api/v1/orders/${sale.order.id}/dispute`, {
      reason: 'key_invalid',
      description: 'too late now',
    });
    expect(late.body.code).toBe('DISPUTE_WINDOW_PASSED');

    const withdrawn = await aSale();
    const dispute = await openDispute(withdrawn);
    const done = await withdrawn.buyer.client.post<DisputeView>(`/api/v1/disputes/${dispute.id}/withdraw`);
    expect(done.body).toMatchObject({ status: 'withdrawn', outcome: 'withdrawn' });
    // The shop's promise was not kept: the buyer opens it again, and the shop has 24 h again.
    const reopened = await withdrawn.buyer.client.post<DisputeView>(
      `/api/v1/orders/${withdrawn.order.id}/dispute`,
      {
        reason: 'key_invalid',
        description: '商家说会处理，但没有处理',
      },
    );
    expect(reopened.body, reopened.text).toMatchObject({
      id: dispute.id,
      status: 'awaiting_merchant',
      outcome: null,
    });
    expect(reopened.body.timeline.map((t) => t.reasonCode)).toContain('reopened_key_invalid');
    await withdrawn.buyer.client.post(`/api/v1/disputes/${dispute.id}/withdraw`);
    await later(24 * HOUR_MS + MINUTE_MS, withdrawn.buyer);
    expect((await orderOf(withdrawn)).status).toBe('settled');
  });

  it('keeps refunding other buyers when one silent-merchant refund cannot go through', async () => {
    const stuck = await aSale();
    const fine = await aSale();
    await openDispute(stuck);
    await openDispute(fine);
    // Something is wrong with one order (here: a state no refund can start from).
    const setStatus = (status: 'cancelled' | 'delivered') =>
      db().updateTable('orders').set({ status }).where('id', '=', stuck.order.id).execute();
    await setStatus('cancelled');
    app().clock.advance(24 * HOUR_MS + MINUTE_MS);
    await refundSilentMerchants(app().kameng.ctx);
    const statusOf = async (sale: Sale) =>
      (
        await db()
          .selectFrom('disputes')
          .select('status')
          .where('order_id', '=', sale.order.id)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await statusOf(fine)).toBe('resolved');
    expect(await statusOf(stuck)).toBe('awaiting_merchant');
    // Once it is put right, the next run refunds it too.
    await setStatus('delivered');
    await refundSilentMerchants(app().kameng.ctx);
    expect(await statusOf(stuck)).toBe('resolved');
    expect(await balance(stuck.buyer.user.id, 'user_wallet')).toBe(1_000);
  });

  it('lets exactly one of a racing merchant answer and the silence deadline win', async () => {
    const sale = await aSale();
    const dispute = await openDispute(sale);
    app().clock.advance(24 * HOUR_MS + MINUTE_MS);
    for (const person of [sale.buyer, sale.shop])
      await person.client.login(person.user.email, person.user.password);
    const [answer] = await Promise.all([
      sale.shop.client.post<DisputeView & { code?: string }>(
        `/api/v1/merchant/disputes/${dispute.id}/respond`,
        {
          action: 'refund',
        },
      ),
      refundSilentMerchants(app().kameng.ctx),
    ]);
    const final = await disputeOf(sale);
    expect(final.status).toBe('resolved');
    expect(final.decidedBy).toBe(answer.status === 200 ? 'merchant' : 'system');
    if (answer.status !== 200) expect(answer.body.code).toBe('DISPUTE_STEP_NOT_ALLOWED');
    // One refund, whoever won.
    expect(await balance(sale.buyer.user.id, 'user_wallet')).toBe(1_000);
    const refunds = await db()
      .selectFrom('refunds')
      .selectAll()
      .where('payment_id', '=', sale.order.payments[0]!.id)
      .execute();
    expect(refunds).toHaveLength(1);
  });

  it('refunds a top-up the merchant never delivered at its deadline, after a reminder, and costs the shop credit', async () => {
    const admin = await signedIn(app(), 'admin', 'admin');
    const suffix = uniqueSuffix();
    const shop = await openShop(app(), admin.client, `代充${suffix}`);
    const categories = await createCategories(admin.client, `代充${suffix}`);
    const created = await shop.client.post<ProductInfo>('/api/v1/merchant/products', {
      categoryId: categories.kindId,
      kind: 'topup',
      title: '代充 648',
      price: 6_000,
      buyerFields: [{ key: 'game_account', labelZh: '游戏账号', labelEn: 'Game account' }],
      deliveryHours: 3,
    });
    const product = (
      await shop.client.post<ProductInfo>(`/api/v1/merchant/products/${created.body.id}/status`, {
        status: 'listed',
      })
    ).body;
    const buyer = await signedIn(app(), 'buyer', 'topup');
    await fundWallet(app(), buyer.user.id, 6_000);
    const order = await payWithWallet(
      buyer.client,
      (await placeOrder(buyer.client, product, { buyerInput: { game_account: '10001' } })).id,
    );
    expect(order.status).toBe('paid');
    const notYet = await buyer.client.post<{ code: string }>(`/api/v1/orders/${order.id}/dispute`, {
      reason: 'not_received',
      description: '还没到账，请尽快',
    });
    expect(notYet.body.code).toBe('DISPUTE_NOT_DELIVERED');

    await later(HOUR_MS + 30 * MINUTE_MS);
    await app().smtp.waitFor(
      'shop@example.com',
      (m) => (m.subject ?? '').includes('发货即将超时') && (m.text ?? '').includes(order.id),
    );
    await later(HOUR_MS + 31 * MINUTE_MS, buyer, shop);
    const view = (await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body;
    expect(view.status).toBe('refunded');
    expect(view.timeline.at(-1)).toMatchObject({
      to: 'refunded',
      actorType: 'system',
      note: 'delivery_deadline_passed',
    });
    expect(await balance(buyer.user.id, 'user_wallet')).toBe(6_000);
    expect(await creditEvents(shop.merchantId)).toEqual(['deadline_missed']);
    const late = await shop.client.post<{ code: string }>(`/api/v1/merchant/orders/${order.id}/deliver`, {
      note: 'done',
    });
    expect(late.body.code).toBe('ORDER_ACTION_NOT_ALLOWED');
  });
});
