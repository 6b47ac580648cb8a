import { afterEach, expect, it } from 'vitest';
import type { ChannelView } from '../../src/common/api/payments.js';
import type { OrderView } from '../../src/common/api/orders.js';
import { signSandboxParams } from '../../src/server/modules/payments/index.js';
import { aSale } from '../helpers/buyer-protection.js';
import { signedIn, uniqueSuffix } from '../helpers/commerce.js';
import { describeEachDialect } from '../helpers/databases.js';
import { expectLedgerInvariants } from '../helpers/ledger.js';
import { placeOrder, tradeNoOf } from '../helpers/orders.js';
import { useTestApp } from '../helpers/test-app.js';

/**
 * Payment channels (ADR 0009): an admin configures a provider account; its credentials are checked,
 * sealed and never shown; a buyer pays through it; its callbacks verify with its own key only.
 */
describeEachDialect('payment channels', (dialect) => {
  const app = useTestApp(dialect);
  afterEach(async () => {
    await expectLedgerInvariants(app().database.handle.db);
  });

  const SIGNING_KEY = 'k3y-for-this-sandbox-channel-0123456789-abcdefgh';

  async function aChannel(overrides: Record<string, unknown> = {}) {
    const admin = await signedIn(app(), 'admin', 'channels');
    const created = await admin.client.post<ChannelView & { code?: string }>(
      '/api/v1/admin/payment-channels',
      {
        kind: 'sandbox',
        name: `测试通道${uniqueSuffix()}`,
        enabled: true,
        feeBps: 60,
        minAmount: 100,
        maxAmount: 50_000,
        settings: {},
        credentials: { signingKey: SIGNING_KEY },
        ...overrides,
      },
    );
    return { admin, created };
  }

  it('seals credentials: refused when a placeholder, never shown, never audited', async () => {
    const { admin } = await aChannel();
    for (const signingKey of ['', 'x'.repeat(40), 'changeme', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'])
      expect(
        (
          await admin.client.post<{ code: string }>('/api/v1/admin/payment-channels', {
            kind: 'sandbox',
            name: '坏通道',
            enabled: true,
            feeBps: 0,
            minAmount: 1,
            maxAmount: 100,
            settings: {},
            credentials: { signingKey },
          })
        ).body.code,
        signingKey,
      ).toBe('PAYMENT_CHANNEL_INVALID');
    const { created } = await aChannel();
    expect(created.status, created.text).toBe(200);
    expect(created.body).toMatchObject({ kind: 'sandbox', enabled: true, credentialsSet: true });
    expect(created.text).not.toContain(SIGNING_KEY);
    const listed = await admin.client.get('/api/v1/admin/payment-channels');
    expect(listed.text).not.toContain(SIGNING_KEY);
    const stored = await app()
      .database.handle.db.selectFrom('payment_channels')
      .select('credentials_sealed')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(stored.credentials_sealed).not.toContain(SIGNING_KEY);
    const audit = await app()
      .database.handle.db.selectFrom('audit_log')
      .select(['action', 'summary', 'details'])
      .where('target_id', '=', created.body.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['payment_channel.create']);
    expect(JSON.stringify(audit)).not.toContain(SIGNING_KEY);
    const offered = await app().client().get<{ items: Array<{ id: string }> }>('/api/v1/payment-channels');
    expect(offered.body.items.map((c) => c.id)).toEqual(expect.arrayContaining(['sandbox', created.body.id]));
  });

  it("takes a buyer's payment through the channel; only its own key signs its callbacks", async () => {
    const { created, admin } = await aChannel();
    const channel = created.body.id;
    const { product } = await aSale(app());
    const buyer = await signedIn(app(), 'buyer', 'channel');
    const order = await placeOrder(buyer.client, product);
    const started = await buyer.client.post<{ redirectUrl: string }>(`/api/v1/orders/${order.id}/pay`, {
      method: channel,
    });
    expect(started.status, started.text).toBe(200);
    const tradeNo = tradeNoOf(started.body.redirectUrl);
    // A notification signed with the built-in sandbox's key is refused on this channel's route.
    const trade = await app()
      .database.handle.db.selectFrom('sandbox_trades')
      .selectAll()
      .where('trade_no', '=', tradeNo)
      .executeTakeFirstOrThrow();
    const wrongKey = signSandboxParams(
      {
        out_trade_no: trade.out_trade_no,
        trade_no: tradeNo,
        total_amount: String(trade.amount),
        currency: 'CNY',
        trade_status: 'TRADE_SUCCESS',
        notify_time: new Date().toISOString(),
      },
      app().kameng.ctx.keys.subkey('sandbox-provider'),
    );
    const refused = await app()
      .client()
      .post<{ code: string }>(`/api/v1/payments/callbacks/${channel}`, wrongKey, { csrf: false });
    expect(refused.body.code).toBe('PAYMENT_CALLBACK_REJECTED');
    // Nor does that notification pass on the built-in sandbox's own route: the payment is the channel's.
    await app()
      .database.handle.db.updateTable('sandbox_trades')
      .set({ status: 'paid' })
      .where('trade_no', '=', tradeNo)
      .execute();
    const elsewhere = await app()
      .client()
      .post<{ code: string; detail: string }>('/api/v1/payments/callbacks/sandbox', wrongKey, {
        csrf: false,
      });
    expect(elsewhere.body.code).toBe('PAYMENT_CALLBACK_REJECTED');
    expect((await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body.status).toBe('created');
    await app()
      .database.handle.db.updateTable('sandbox_trades')
      .set({ status: 'waiting' })
      .where('trade_no', '=', tradeNo)
      .execute();
    // The sandbox checkout signs with the channel's key: the order is paid and delivered.
    const completed = await app()
      .client()
      .post<{ notified: boolean }>(`/api/v1/sandbox/trades/${tradeNo}/complete`, { outcome: 'paid' });
    expect(completed.body.notified).toBe(true);
    expect((await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body.status).toBe('delivered');

    // Limits and the switch: below the minimum, or once disabled, the channel is not offered.
    const cheap = await aSale(app(), { price: 50 });
    const small = await placeOrder(cheap.buyer.client, cheap.product);
    const tooSmall = await cheap.buyer.client.post<{ code: string }>(`/api/v1/orders/${small.id}/pay`, {
      method: channel,
    });
    expect(tooSmall.body.code).toBe('PAYMENT_AMOUNT_OUT_OF_RANGE');
    await admin.client.put(`/api/v1/admin/payment-channels/${channel}`, {
      name: created.body.name,
      enabled: false,
      feeBps: 60,
      minAmount: 1,
      maxAmount: 50_000,
      settings: {},
    });
    const disabled = await cheap.buyer.client.post<{ code: string }>(`/api/v1/orders/${small.id}/pay`, {
      method: channel,
    });
    expect(disabled.body.code).toBe('PAYMENT_PROVIDER_UNKNOWN');
  });

  it("hears callbacks only from the channel's callback sources when it names any", async () => {
    const { admin } = await aChannel();
    for (const bad of [['203.0.113.0/33'], ['shop.example.com'], ['10.0.0.1', '1.2.3']]) {
      const refused = await aChannel({ callbackSources: bad });
      expect(refused.created.body.code, bad.join()).toBe('PAYMENT_CHANNEL_INVALID');
    }
    const { created } = await aChannel({ callbackSources: ['203.0.113.0/24', '2001:db8::/32'] });
    expect(created.status, created.text).toBe(200);
    expect(created.body.callbackSources).toEqual(['203.0.113.0/24', '2001:db8::/32']);
    const channel = created.body.id;
    const { product } = await aSale(app());
    const buyer = await signedIn(app(), 'buyer', 'sources');
    const order = await placeOrder(buyer.client, product);
    const started = await buyer.client.post<{ redirectUrl: string }>(`/api/v1/orders/${order.id}/pay`, {
      method: channel,
    });
    const tradeNo = tradeNoOf(started.body.redirectUrl);
    const trade = await app()
      .database.handle.db.updateTable('sandbox_trades')
      .set({ status: 'paid' })
      .where('trade_no', '=', tradeNo)
      .returningAll()
      .executeTakeFirstOrThrow();
    // Signed with the channel's own key: only where it comes from decides.
    const notification = signSandboxParams(
      {
        out_trade_no: trade.out_trade_no,
        trade_no: tradeNo,
        total_amount: String(trade.amount),
        currency: 'CNY',
        trade_status: 'TRADE_SUCCESS',
        notify_time: new Date().toISOString(),
      },
      Buffer.from(SIGNING_KEY, 'utf8'),
    );
    const notify = (ip: string) =>
      app()
        .client({ ip })
        .post<{ code: string; detail: string }>(`/api/v1/payments/callbacks/${channel}`, notification, {
          csrf: false,
        });
    const outsider = await notify('198.51.100.9');
    expect(outsider.status, outsider.text).toBe(403);
    expect(outsider.body.code).toBe('PAYMENT_CALLBACK_SOURCE_REFUSED');
    expect(outsider.body.detail).toContain('198.51.100.9');
    expect((await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body.status).toBe('created');
    const stored = await app()
      .database.handle.db.selectFrom('payment_callbacks')
      .select('verdict')
      .where('provider', '=', channel)
      .execute();
    expect(stored.map((row) => row.verdict)).toEqual(['refused: source 198.51.100.9 not allowed']);
    const provider = await notify('203.0.113.200');
    expect(provider.status, provider.text).toBe(200);
    expect((await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body.status).toBe('delivered');
    // Emptying the list hears any address again (the signature alone decides).
    const reopened = await admin.client.put<ChannelView>(`/api/v1/admin/payment-channels/${channel}`, {
      name: created.body.name,
      enabled: true,
      feeBps: 60,
      minAmount: 100,
      maxAmount: 50_000,
      settings: {},
      callbackSources: [],
    });
    expect(reopened.body.callbackSources).toEqual([]);
    expect((await notify('198.51.100.9')).status).toBe(200);
  });

  it('lets an admin confirm a payment by hand through the same pipeline, with a reason, audited', async () => {
    const { admin } = await aChannel();
    const { product } = await aSale(app());
    const buyer = await signedIn(app(), 'buyer', 'manual');
    const order = await placeOrder(buyer.client, product);
    await buyer.client.post(`/api/v1/orders/${order.id}/pay`, { method: 'sandbox' });
    const payment = (await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body.payments[0]!;
    const noReason = await admin.client.post(`/api/v1/admin/payments/${payment.id}/confirm`, {
      providerTradeNo: 'BANK-1',
    });
    expect(noReason.status).toBe(400);
    const confirmed = await admin.client.post<{ status: string }>(
      `/api/v1/admin/payments/${payment.id}/confirm`,
      {
        providerTradeNo: 'BANK-20261122-77',
        reason: '买家线下转账，已核对银行流水',
      },
    );
    expect(confirmed.body.status, confirmed.text).toBe('succeeded');
    expect((await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body.status).toBe('delivered');
    const again = await admin.client.post<{ status: string }>(
      `/api/v1/admin/payments/${payment.id}/confirm`,
      {
        providerTradeNo: 'BANK-20261122-77',
        reason: 'twice',
      },
    );
    expect(again.body.status).toBe('succeeded');
    const audit = await app()
      .database.handle.db.selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', payment.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['payment.confirm', 'payment.confirm']);
  });

  it('reconciles: a payment paid at the provider whose callback never came is confirmed by the job', async () => {
    const { product } = await aSale(app());
    const buyer = await signedIn(app(), 'buyer', 'lost-callback');
    const order = await placeOrder(buyer.client, product);
    const started = await buyer.client.post<{ redirectUrl: string }>(`/api/v1/orders/${order.id}/pay`, {
      method: 'sandbox',
    });
    // Paid at the provider, and its notification lost on the way.
    await app()
      .database.handle.db.updateTable('sandbox_trades')
      .set({ status: 'paid' })
      .where('trade_no', '=', tradeNoOf(started.body.redirectUrl))
      .execute();
    app().clock.advance(5 * 60_000);
    await app().deliverPendingWork();
    await buyer.client.login(buyer.user.email, buyer.user.password);
    expect((await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body.status).toBe('delivered');
  });

  it('checks each success once at its provider, an hour later, and alerts when the provider does not know it', async () => {
    const { product } = await aSale(app());
    const buyer = await signedIn(app(), 'buyer', 'checked-once');
    const order = await placeOrder(buyer.client, product);
    const started = await buyer.client.post<{ redirectUrl: string; paymentId: string }>(
      `/api/v1/orders/${order.id}/pay`,
      {
        method: 'sandbox',
      },
    );
    const tradeNo = tradeNoOf(started.body.redirectUrl);
    await buyer.client.post(`/api/v1/sandbox/trades/${tradeNo}/complete`, { outcome: 'paid' });
    // The provider's books lose the payment (what reconciliation exists to notice).
    await app()
      .database.handle.db.updateTable('sandbox_trades')
      .set({ status: 'waiting' })
      .where('trade_no', '=', tradeNo)
      .execute();
    const alerts = async () =>
      (
        await app()
          .database.handle.db.selectFrom('payment_alerts as a')
          .innerJoin('payments as p', 'p.id', 'a.payment_id')
          .select('a.kind')
          .where('p.purpose_id', '=', order.id)
          .execute()
      ).map((a) => a.kind);
    for (let minutes = 5; minutes <= 120; minutes += 5) {
      app().clock.advance(5 * 60_000);
      await app().deliverPendingWork();
    }
    expect(await alerts()).toEqual(['succeeded_here_only']);
    // The admin sees it with its payment, closes it with what was done, and cannot close it twice.
    const admin = await signedIn(app(), 'admin', 'alerts');
    const listed = await admin.client.get<{ items: Array<{ id: string; kind: string; paymentId: string }> }>(
      '/api/v1/admin/payment-alerts',
    );
    expect(listed.status, listed.text).toBe(200);
    const mine = listed.body.items.filter((a) => a.paymentId === started.body.paymentId);
    expect(mine).toMatchObject([{ kind: 'succeeded_here_only' }]);
    await buyer.client.login(buyer.user.email, buyer.user.password);
    expect((await buyer.client.get('/api/v1/admin/payment-alerts')).status).toBe(403);
    const resolve = (client: typeof admin.client) =>
      client.post<{ code?: string }>(`/api/v1/admin/payment-alerts/${mine[0]!.id}/resolve`, {
        resolution: '与渠道核对：款项已到账，渠道记录延迟',
      });
    expect((await resolve(buyer.client)).status).toBe(403);
    const resolved = await resolve(admin.client);
    expect(resolved.status, resolved.text).toBeLessThan(300);
    expect((await resolve(admin.client)).body.code).toBe('PAYMENT_ALERT_NOT_OPEN');
  });
});

/**
 * A live shop (KAMENG_SANDBOX_PAYMENTS off): the sandbox's checkout page would let a buyer mark their own
 * payment paid, so neither the built-in sandbox nor a sandbox-kind channel takes a payment.
 */
describeEachDialect('payment channels on a live shop', (dialect) => {
  const app = useTestApp(dialect, { config: { KAMENG_SANDBOX_PAYMENTS: 'false' } });

  it('offers no sandbox, refuses payments through it, and refuses sandbox channels', async () => {
    const offered = await app()
      .client()
      .get<{ items: Array<{ id: string; kind: string }> }>('/api/v1/payment-channels');
    expect(offered.body.items.filter((c) => c.kind === 'sandbox')).toEqual([]);
    const admin = await signedIn(app(), 'admin', 'live');
    const channel = await admin.client.post<{ code: string; detail: string }>(
      '/api/v1/admin/payment-channels',
      {
        kind: 'sandbox',
        name: '沙箱',
        enabled: true,
        feeBps: 0,
        minAmount: 1,
        maxAmount: 100,
        settings: {},
        credentials: { signingKey: 'k3y-for-this-sandbox-channel-0123456789-abcdefgh' },
      },
    );
    expect(channel.body.code).toBe('PAYMENT_CHANNEL_INVALID');
    expect(channel.body.detail).toContain('KAMENG_SANDBOX_PAYMENTS');
    const { product } = await aSale(app());
    const buyer = await signedIn(app(), 'buyer', 'live');
    const order = await placeOrder(buyer.client, product);
    const paid = await buyer.client.post<{ code: string }>(`/api/v1/orders/${order.id}/pay`, {
      method: 'sandbox',
    });
    expect(paid.body.code).toBe('PAYMENT_PROVIDER_UNKNOWN');
    const topup = await buyer.client.post<{ code: string }>('/api/v1/wallet/topups', {
      amount: 1_000,
      provider: 'sandbox',
    });
    expect(topup.body.code).toBe('PAYMENT_PROVIDER_UNKNOWN');
    expect((await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body.status).toBe('created');
  });
});
