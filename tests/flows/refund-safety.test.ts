import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelView } from '../../src/common/api/payments.js';
import type { OrderView } from '../../src/common/api/orders.js';
import { signSandboxParams } from '../../src/server/modules/payments/index.js';
import { HOUR_MS } from '../../src/server/platform/clock.js';
import { aSale, openDisputeOn } from '../helpers/buyer-protection.js';
import {
  createCategories,
  keysNamed,
  listCardKeyProduct,
  openShop,
  signedIn,
  uniqueSuffix,
  type OpenShop,
  type Person,
} from '../helpers/commerce.js';
import { describeEachDialect } from '../helpers/databases.js';
import { placeOrder, tradeNoOf } from '../helpers/orders.js';
import { SHOP_URL } from '../helpers/provider-conformance.js';
import { expectLedgerInvariants } from '../helpers/ledger.js';
import { startWechatpaySimulator, type WechatpaySimulator } from '../helpers/simulators/wechatpay.js';
import { useTestApp } from '../helpers/test-app.js';

describeEachDialect('refund safety: outcomes the provider has not confirmed', (dialect) => {
  const app = useTestApp(dialect, { config: { KAMENG_PUBLIC_URL: SHOP_URL } });
  let wechat: WechatpaySimulator;
  let channel: ChannelView;
  let shop: OpenShop;
  let kindId: string;
  let admin: Person;
  const db = () => app().database.handle.db;

  beforeAll(async () => {
    wechat = await startWechatpaySimulator(app());
    admin = await signedIn(app(), 'admin', 'refund-safety');
    const created = await admin.client.post<ChannelView>('/api/v1/admin/payment-channels', {
      kind: 'wechatpay',
      name: '微信支付',
      enabled: true,
      feeBps: 0,
      minAmount: 1,
      maxAmount: 1_000_000,
      settings: wechat.settings,
      credentials: wechat.credentials,
    });
    channel = created.body;
    const suffix = uniqueSuffix();
    shop = await openShop(app(), admin.client, `退款安全${suffix}`);
    kindId = (await createCategories(admin.client, `游戏${suffix}`)).kindId;
  });
  afterAll(async () => {
    await wechat?.close();
  });

  /** An order paid twice through WeChat: the second payment is refunded (job not run yet). */
  async function paidTwice(price: number) {
    await shop.client.login(shop.user.email, shop.user.password);
    const product = await listCardKeyProduct(shop, kindId, { price, keys: keysNamed('RV', 2) });
    const buyer = await signedIn(app(), 'buyer', 'refund-twice');
    const order = await placeOrder(buyer.client, product);
    const trades = [];
    for (let i = 0; i < 2; i++) {
      const started = await buyer.client.post<{ redirectUrl: string }>(`/api/v1/orders/${order.id}/pay`, {
        method: channel.id,
      });
      trades.push(await wechat.tradeFor(started.body.redirectUrl));
    }
    for (const trade of trades) {
      await wechat.markPaid(trade);
      const n = await wechat.notification(trade);
      const answer = await app().client().request('POST', new URL(n.url).pathname, undefined, {
        headers: n.headers,
        csrf: false,
        payload: n.body!,
      });
      expect(answer.status).toBe(204);
    }
    const refund = await db()
      .selectFrom('refunds')
      .select('id')
      .where('payment_id', '=', trades[1]!.outTradeNo)
      .executeTakeFirstOrThrow();
    return { buyer, order, trade: trades[1]!, refundId: refund.id };
  }
  const refundRow = (id: string) =>
    db().selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  async function wallet(buyer: Person) {
    await buyer.client.login(buyer.user.email, buyer.user.password);
    const b = await buyer.client.get<{ items: Array<{ kind: string; balance: number }> }>(
      '/api/v1/me/balances',
    );
    return b.body.items.find((x) => x.kind === 'user_wallet')?.balance ?? 0;
  }

  /** The network between Kameng and WeChat drops answers to refund calls (WeChat still does them). */
  function dropRefundAnswers(when: () => boolean) {
    const real = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const answer = await real(input, init);
      const url = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
      if (url.includes('/v3/refund/domestic/refunds') && when()) throw new TypeError('timeout');
      return answer;
    };
    return () => {
      globalThis.fetch = real;
    };
  }

  it('never pays a refund twice: WeChat did the refund but its answers were lost, then the buyer takes it to the wallet', async () => {
    const { buyer, order, trade, refundId } = await paidTwice(900);
    const restore = dropRefundAnswers(() => true);
    try {
      for (let i = 0; i < 40 && (await refundRow(refundId)).status !== 'failed'; i++) {
        app().clock.advance(HOUR_MS);
        await app().deliverPendingWork();
      }
    } finally {
      restore();
    }
    // A day of lost answers: the outcome is unknown, so the refund is never given up (WeChat may have paid it)…
    expect((await refundRow(refundId)).status).toBe('processing');
    expect(await wechat.refundedAmount(trade)).toBe(900); // the money already went back through WeChat
    const alerts = await db()
      .selectFrom('payment_alerts')
      .select(['kind', 'detail'])
      .where('payment_id', '=', trade.outTradeNo)
      .execute();
    expect(alerts).toMatchObject([
      { kind: 'refund_failed', detail: expect.stringContaining('outcomeUnknown') as string },
    ]);
    // …so the buyer's wallet choice cannot send it a second time.
    const before = await wallet(buyer);
    await buyer.client.put(`/api/v1/orders/${order.id}/refund-destination`, { to: 'wallet' });
    const gained = (await wallet(buyer)) - before;
    expect(gained).toBe(0);
    // Once WeChat's answers come through again, the refund is read back and completes, once.
    app().clock.advance(2 * HOUR_MS);
    await app().deliverPendingWork();
    expect(await refundRow(refundId)).toMatchObject({ status: 'succeeded', destination: 'original' });
    expect((await wechat.refundedAmount(trade)) + gained).toBe(900);
  });

  it('never pays a PROCESSING refund twice: one lost read-back after many checks, then the wallet', async () => {
    wechat.setRefundStatus('PROCESSING');
    let made: Awaited<ReturnType<typeof paidTwice>>;
    try {
      made = await paidTwice(800);
      // WeChat works on it for a while (bank card refunds take days): Kameng checks ~hourly.
      for (let i = 0; i < 20; i++) {
        app().clock.advance(HOUR_MS);
        await app().deliverPendingWork();
      }
    } finally {
      wechat.setRefundStatus('SUCCESS');
    }
    const { buyer, order, trade, refundId } = made;
    expect(await refundRow(refundId)).toMatchObject({ status: 'processing' });
    // One blip on one read-back.
    let blips = 1;
    const restore = dropRefundAnswers(() => blips-- > 0);
    try {
      app().clock.advance(2 * HOUR_MS);
      await app().deliverPendingWork();
    } finally {
      restore();
    }
    const row = await refundRow(refundId);
    const before = await wallet(buyer);
    await buyer.client.put(`/api/v1/orders/${order.id}/refund-destination`, { to: 'wallet' });
    const gained = (await wallet(buyer)) - before;
    wechat.settleRefund(refundId, 'SUCCESS'); // WeChat finishes what it had taken on
    expect({ status: row.status, total: (await wechat.refundedAmount(trade)) + gained }).toEqual({
      status: 'processing',
      total: 800,
    });
  });

  it('follows a refund an admin retried after ABNORMAL that WeChat now says is PROCESSING, to the end', async () => {
    wechat.setRefundStatus('PROCESSING');
    let refundId: string;
    try {
      ({ refundId } = await paidTwice(700));
      await app().deliverPendingWork(); // attempt 1: PROCESSING, check job "…:check:1"
      expect((await refundRow(refundId)).status).toBe('processing');
    } finally {
      wechat.setRefundStatus('SUCCESS');
    }
    wechat.settleRefund(refundId, 'ABNORMAL');
    for (let i = 0; i < 40 && (await refundRow(refundId)).status !== 'failed'; i++) {
      app().clock.advance(HOUR_MS);
      await app().deliverPendingWork();
    }
    expect((await refundRow(refundId)).status).toBe('failed');
    // 发起异常退款 in the merchant platform: WeChat now works on it (PROCESSING), then the admin retries.
    wechat.settleRefund(refundId, 'PROCESSING');
    await admin.client.login(admin.user.email, admin.user.password);
    const retried = await admin.client.post(`/api/v1/admin/refunds/${refundId}/retry`, {
      reason: '已处理异常退款',
    });
    expect(retried.status, retried.text).toBeLessThan(300);
    await app().deliverPendingWork();
    expect((await refundRow(refundId)).status).toBe('processing');
    wechat.settleRefund(refundId, 'SUCCESS');
    for (let i = 0; i < 12 && (await refundRow(refundId)).status !== 'succeeded'; i++) {
      app().clock.advance(2 * HOUR_MS);
      await app().deliverPendingWork();
    }
    const pending = await db()
      .selectFrom('jobs')
      .select(['dedupe_key', 'status'])
      .where('payload', 'like', `%${refundId}%`)
      .execute();
    expect((await refundRow(refundId)).status, JSON.stringify(pending)).toBe('succeeded');
  });
});

describeEachDialect('refund safety: parts split between provider and wallet', (dialect) => {
  const app = useTestApp(dialect);
  const db = () => app().database.handle.db;

  it('keeps the order refunding while the dispute part is still at the provider, even if the appeal part went to the wallet', async () => {
    const { shop, product } = await aSale(app());
    const buyer = await signedIn(app(), 'buyer', 'split');
    const order = await placeOrder(buyer.client, product);
    const started = await buyer.client.post<{ redirectUrl: string }>(`/api/v1/orders/${order.id}/pay`, {
      method: 'sandbox',
    });
    await buyer.client.post(`/api/v1/sandbox/trades/${tradeNoOf(started.body.redirectUrl)}/complete`, {
      outcome: 'paid',
    });
    const dispute = await openDisputeOn({ shop, product, buyer, order });
    await shop.client.post(`/api/v1/merchant/disputes/${dispute.id}/respond`, {
      action: 'contest',
      note: '可用',
    });
    await buyer.client.post(`/api/v1/disputes/${dispute.id}/escalate`, { note: '不可用' });
    const agent = await signedIn(app(), 'agent', 'split-agent');
    const admin = await signedIn(app(), 'admin', 'split-admin');
    await agent.client.post(`/api/v1/admin/disputes/${dispute.id}/decide`, {
      outcome: 'refund_partial',
      amount: 300,
      note: '部分退款',
    });
    // The 300 refund is at the provider (job not run). Now the buyer chooses the wallet, and appeals.
    const chosen = await buyer.client.put<OrderView>(`/api/v1/orders/${order.id}/refund-destination`, {
      to: 'wallet',
    });
    expect(chosen.status, chosen.text).toBe(200);
    await buyer.client.post(`/api/v1/disputes/${dispute.id}/appeal`, { note: '要全额' });
    await admin.client.post(`/api/v1/admin/disputes/${dispute.id}/appeal-decision`, {
      result: 'overturned',
      outcome: 'refund_full',
      note: '全额退款',
    });
    const refunds = await db()
      .selectFrom('refunds')
      .select(['amount', 'status', 'destination'])
      .where('payment_id', '=', chosen.body.payments[0]!.id)
      .orderBy('amount')
      .execute();
    expect(refunds.map((r) => `${Number(r.amount)} ${r.status} ${r.destination}`)).toEqual([
      '300 requested original',
      '700 succeeded wallet',
    ]);
    // PAYMENTS.md: "the order stays refunding until the last of its payment's refunds has gone through".
    expect((await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body.status).toBe('refunding');
    // The provider's part goes through: now it is refunded, and nothing is left in escrow.
    await app().deliverPendingWork();
    await buyer.client.login(buyer.user.email, buyer.user.password);
    expect((await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body.status).toBe('refunded');
    const escrow = await db()
      .selectFrom('orders as o')
      .innerJoin('ledger_accounts as a', 'a.id', 'o.escrow_account_id')
      .select(['a.balance', 'a.held'])
      .where('o.id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect({ balance: Number(escrow.balance), held: Number(escrow.held) }).toEqual({ balance: 0, held: 0 });
    await expectLedgerInvariants(db());
  });
});

describeEachDialect('callback sources behind a proxy', (dialect) => {
  const SIGNING_KEY = 'k3y-for-this-sandbox-channel-0123456789-abcdefgh';
  const channelBody = {
    kind: 'sandbox',
    enabled: true,
    feeBps: 0,
    minAmount: 1,
    maxAmount: 50_000,
    settings: {},
    credentials: { signingKey: SIGNING_KEY },
    callbackSources: ['203.0.113.0/24'],
  };
  const notification = signSandboxParams(
    {
      out_trade_no: 'pay_x',
      trade_no: 'x',
      total_amount: '1',
      currency: 'CNY',
      trade_status: 'TRADE_SUCCESS',
    },
    Buffer.from(SIGNING_KEY, 'utf8'),
  );

  describe('the proxy named (KAMENG_TRUST_PROXY=127.0.0.1)', () => {
    const app = useTestApp(dialect, { config: { KAMENG_TRUST_PROXY: '127.0.0.1' } });

    it('takes the address the proxy saw, not one the caller wrote into X-Forwarded-For', async () => {
      const admin = await signedIn(app(), 'admin', 'proxy');
      const created = await admin.client.post<ChannelView>('/api/v1/admin/payment-channels', {
        ...channelBody,
        name: `代理${uniqueSuffix()}`,
      });
      expect(created.status, created.text).toBe(200);
      const notify = (forwardedFor: string) =>
        app()
          .client({ ip: '127.0.0.1' })
          .post<{ code: string }>(`/api/v1/payments/callbacks/${created.body.id}`, notification, {
            csrf: false,
            headers: { 'x-forwarded-for': forwardedFor },
          });
      // nginx `proxy_add_x_forwarded_for`: what the caller sent, then the caller's real address.
      const spoofed = await notify('203.0.113.7, 198.51.100.9');
      expect(spoofed.body.code, spoofed.text).toBe('PAYMENT_CALLBACK_SOURCE_REFUSED');
      // From the allowed network, it is heard (and then refused for what it says: no such payment).
      const heard = await notify('198.51.100.9, 203.0.113.7');
      expect(heard.body.code, heard.text).toBe('PAYMENT_CALLBACK_REJECTED');
    });
  });

  describe('any hop believed (KAMENG_TRUST_PROXY=true)', () => {
    const app = useTestApp(dialect, { config: { KAMENG_TRUST_PROXY: 'true' } });

    it('refuses callback sources it could not check', async () => {
      const admin = await signedIn(app(), 'admin', 'proxy-any');
      const refused = await admin.client.post<{ code: string; detail: string }>(
        '/api/v1/admin/payment-channels',
        { ...channelBody, name: `代理${uniqueSuffix()}` },
      );
      expect(refused.body.code).toBe('PAYMENT_CHANNEL_INVALID');
      expect(refused.body.detail).toContain('KAMENG_TRUST_PROXY');
    });
  });
});
