import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChannelView } from '../../src/common/api/payments.js';
import { MINUTE_MS } from '../../src/server/platform/clock.js';
import { signedIn, type Person } from '../helpers/commerce.js';
import { describeEachDialect } from '../helpers/databases.js';
import { expectLedgerInvariants } from '../helpers/ledger.js';
import {
  describeProviderConformance,
  SHOP_URL,
  type NotificationRequest,
} from '../helpers/provider-conformance.js';
import { startStripeSimulator, type StripeSimulator } from '../helpers/simulators/stripe.js';
import { useTestApp } from '../helpers/test-app.js';
import { providerFor } from '../../src/server/modules/payments/index.js';

/** Stripe Checkout against a simulated Stripe API on 127.0.0.1 (issue 6): the whole conformance suite… */
describeProviderConformance('stripe', (app) => startStripeSimulator(app));

/** …and what only Stripe has: its settings, the session Kameng creates, webhook timestamps and event types. */
describeEachDialect('stripe channels', (dialect) => {
  const app = useTestApp(dialect, { config: { KAMENG_PUBLIC_URL: SHOP_URL } });
  let stripe: StripeSimulator;
  let admin: Person;
  let buyer: Person;
  let channel: ChannelView;

  const channelBody = (
    settings: Record<string, unknown>,
    credentials: Record<string, unknown> = stripe.credentials,
  ) => ({
    kind: 'stripe',
    name: 'Visa / Mastercard (Stripe)',
    enabled: true,
    feeBps: 0,
    minAmount: 400,
    maxAmount: 1_000_000,
    settings,
    credentials,
  });

  beforeAll(async () => {
    stripe = await startStripeSimulator(app());
    admin = await signedIn(app(), 'admin', 'stripe');
    buyer = await signedIn(app(), 'buyer', 'stripe-topup');
    const created = await admin.client.post<ChannelView>(
      '/api/v1/admin/payment-channels',
      channelBody({ apiBase: stripe.apiBase, paymentMethodTypes: ['card', 'wechat_pay'] }),
    );
    expect(created.status, created.text).toBe(200);
    channel = created.body;
  });
  afterAll(async () => {
    await stripe?.close();
  });

  /** A wallet top-up through the channel: the payment id and the Checkout Session behind its redirect. */
  async function topup(amount: number, idempotencyKey?: string) {
    const started = await buyer.client.post<{ paymentId: string; redirectUrl: string }>(
      '/api/v1/wallet/topups',
      { amount, provider: channel.id },
      idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {},
    );
    expect(started.status, started.text).toBe(200);
    const trade = await stripe.tradeFor(started.body.redirectUrl);
    return { ...started.body, trade };
  }

  async function deliver(request: NotificationRequest) {
    return app()
      .client()
      .request<{ code?: string; detail?: string }>(request.method, new URL(request.url).pathname, undefined, {
        headers: request.headers,
        csrf: false,
        payload: request.body!,
      });
  }

  async function walletBalance(): Promise<number> {
    const balances = await buyer.client.get<{ items: Array<{ kind: string; balance: number }> }>(
      '/api/v1/me/balances',
    );
    return balances.body.items.find((b) => b.kind === 'user_wallet')?.balance ?? 0;
  }

  async function verdictsOf(paymentId: string | null): Promise<string[]> {
    const rows = await app()
      .database.handle.db.selectFrom('payment_callbacks')
      .select(['payment_id', 'verdict'])
      .where('provider', '=', channel.id)
      .orderBy('id')
      .execute();
    return rows.filter((row) => row.payment_id === paymentId).map((row) => row.verdict);
  }

  it('refuses settings that could send the key elsewhere, keys of the wrong kind, and payment methods that settle later', async () => {
    const refused = async (settings: Record<string, unknown>, credentials?: Record<string, unknown>) =>
      (
        await admin.client.post<{ code: string }>(
          '/api/v1/admin/payment-channels',
          channelBody(settings, credentials),
        )
      ).body.code;
    for (const apiBase of [
      'https://evil.example.com',
      'http://api.stripe.com',
      'https://api.stripe.com/v1',
      'http://10.0.0.8:12111',
    ])
      expect(await refused({ apiBase }), apiBase).toBe('PAYMENT_CHANNEL_INVALID');
    expect(await refused({ paymentMethodTypes: ['sepa_debit'] })).toBe('PAYMENT_CHANNEL_INVALID');
    expect(await refused({ paymentMethodTypes: [] })).toBe('PAYMENT_CHANNEL_INVALID');
    expect(await refused({ currency: 'usd' })).toBe('PAYMENT_CHANNEL_INVALID');
    const good = { secretKey: stripe.secretKey, webhookSecret: stripe.webhookSecret };
    for (const credentials of [
      { ...good, secretKey: `pk_test_${'9aB3'.repeat(8)}` }, // a publishable key
      { ...good, secretKey: 'sk_test_xxxxxxxxxxxxxxxxxxxxxxxx' },
      { ...good, webhookSecret: stripe.secretKey },
      { secretKey: stripe.secretKey },
    ])
      expect(await refused({}, credentials), JSON.stringify(credentials)).toBe('PAYMENT_CHANNEL_INVALID');
    const saved = await admin.client.post<ChannelView>('/api/v1/admin/payment-channels', channelBody({}));
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.settings).toEqual({ apiBase: 'https://api.stripe.com', paymentMethodTypes: ['card'] });
  });

  it('creates one Checkout Session per payment, idempotently, with the key only in the Authorization header', async () => {
    const first = await topup(5_000, 'stripe-topup-replayed');
    const again = await topup(5_000, 'stripe-topup-replayed');
    expect(again.paymentId).toBe(first.paymentId);
    expect(again.redirectUrl).toBe(first.redirectUrl);
    const creations = stripe.received.filter(
      (r) => r.path === '/v1/checkout/sessions' && r.form.client_reference_id === first.paymentId,
    );
    expect(creations).toHaveLength(2);
    expect(creations[0]!.headers).toMatchObject({
      authorization: `Bearer ${stripe.secretKey}`,
      'idempotency-key': `kameng-checkout-${first.paymentId}`,
      'content-type': 'application/x-www-form-urlencoded',
      'stripe-version': expect.any(String) as string,
    });
    const payment = await app()
      .database.handle.db.selectFrom('payments')
      .select(['provider_trade_no', 'expires_at', 'status'])
      .where('id', '=', first.paymentId)
      .executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ provider_trade_no: first.trade.tradeNo, status: 'pending' });
    expect(creations[0]!.form).toEqual({
      mode: 'payment',
      client_reference_id: first.paymentId,
      metadata: { kameng_payment_id: first.paymentId },
      payment_intent_data: { metadata: { kameng_payment_id: first.paymentId } },
      line_items: {
        0: {
          quantity: '1',
          price_data: {
            currency: 'cny',
            unit_amount: '5000',
            product_data: { name: expect.any(String) as string },
          },
        },
      },
      success_url: `${SHOP_URL}/account/wallet?payment=${first.paymentId}`,
      cancel_url: `${SHOP_URL}/account/wallet?payment=${first.paymentId}`,
      // Stripe's minimum lifetime past the payment's own window.
      expires_at: String(Math.floor(new Date(payment.expires_at).getTime() / 1000) + 30 * 60),
      payment_method_types: { 0: 'card', 1: 'wechat_pay' },
      payment_method_options: { wechat_pay: { client: 'web' } },
    });
    for (const request of stripe.received)
      expect(JSON.stringify(request.form)).not.toContain(stripe.secretKey);
    expect(first.redirectUrl).not.toContain(stripe.secretKey);
  });

  it('refuses a validly signed event older than five minutes, from the future, re-serialised, or signed with another secret', async () => {
    const before = await walletBalance();
    const { paymentId, trade } = await topup(1_000);
    await stripe.markPaid(trade);
    const genuine = await stripe.notification(trade);
    const now = app().clock.now().getTime();
    const attempts: Array<[NotificationRequest, RegExp]> = [
      [
        await stripe.signedEvent(JSON.parse(genuine.body!) as Record<string, unknown>, {
          timestamp: new Date(now - 6 * MINUTE_MS),
        }),
        /too old/,
      ],
      [
        await stripe.signedEvent(JSON.parse(genuine.body!) as Record<string, unknown>, {
          timestamp: new Date(now + 6 * MINUTE_MS),
        }),
        /future/,
      ],
      // The same event and header, the body compacted on the way: not the bytes Stripe signed.
      [{ ...genuine, body: JSON.stringify(JSON.parse(genuine.body!)) }, /bad signature/],
      [
        await stripe.signedEvent(JSON.parse(genuine.body!) as Record<string, unknown>, {
          secret: `whsec_${'Zq7'.repeat(11)}`,
        }),
        /bad signature/,
      ],
      [{ ...genuine, headers: { ...genuine.headers, 'stripe-signature': '' } }, /Stripe-Signature/],
    ];
    for (const [request, reason] of attempts) {
      const answer = await deliver(request);
      expect(answer.status, answer.text).toBe(400);
      expect(answer.text).toMatch(reason);
    }
    expect(await walletBalance()).toBe(before);
    // Four minutes late is within the tolerance: the genuine event pays.
    app().clock.advance(4 * MINUTE_MS);
    expect((await deliver(genuine)).text).toBe('{"received":true}');
    expect(await walletBalance()).toBe(before + 1_000);
    const stored = await app()
      .database.handle.db.selectFrom('payment_callbacks')
      .select('body')
      .where('payment_id', '=', paymentId)
      .where('verdict', '=', 'accepted')
      .executeTakeFirstOrThrow();
    // The event is kept whole (what was paid sits inside data.object), never the secret.
    expect(JSON.parse(stored.body)).toMatchObject({
      type: 'checkout.session.completed',
      data: { object: { id: trade.tradeNo, client_reference_id: paymentId, amount_total: 1_000 } },
    });
    expect(stored.body).not.toContain(stripe.webhookSecret);
    await expectLedgerInvariants(app().database.handle.db);
  });

  it('acknowledges and keeps, without acting, events it does not use and checkouts whose payment is still on its way', async () => {
    const before = await walletBalance();
    const { paymentId, trade } = await topup(1_200);
    const completed = JSON.parse((await stripe.notification(trade)).body!) as {
      type: string;
      data: { object: Record<string, unknown> };
    };
    const unpaid = {
      ...completed,
      data: { object: { ...completed.data.object, status: 'complete', payment_status: 'unpaid' } },
    };
    const other = {
      ...completed,
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_x', object: 'payment_intent' } },
    };
    const foreign = {
      ...completed,
      data: { object: { ...completed.data.object, client_reference_id: null, metadata: {} } },
    };
    for (const event of [unpaid, other, foreign]) {
      const answer = await deliver(await stripe.signedEvent(event));
      expect({ status: answer.status, body: answer.text }).toEqual(stripe.acknowledgement);
    }
    expect(await verdictsOf(paymentId)).toEqual(['ignored: checkout completed, payment still on its way']);
    const payment = await app()
      .database.handle.db.selectFrom('payments')
      .select('status')
      .where('id', '=', paymentId)
      .executeTakeFirstOrThrow();
    expect(payment.status).toBe('pending');
    // The asynchronous payment succeeds later: its own event pays.
    await stripe.markPaid(trade);
    const succeeded = {
      ...completed,
      type: 'checkout.session.async_payment_succeeded',
      data: { object: { ...completed.data.object, status: 'complete', payment_status: 'paid' } },
    };
    expect((await deliver(await stripe.signedEvent(succeeded))).text).toBe('{"received":true}');
    expect(await walletBalance()).toBe(before + 1_200);
  });

  it('takes a pending refund as on its way, reads it back instead of asking again, and reports how it ends', async () => {
    const { paymentId, trade } = await topup(2_200);
    await stripe.markPaid(trade);
    expect((await deliver(await stripe.notification(trade))).status).toBe(200);
    const provider = await providerFor(app().kameng.ctx, channel.id);
    const payment = await app()
      .database.handle.db.selectFrom('payments')
      .select('provider_trade_no')
      .where('id', '=', paymentId)
      .executeTakeFirstOrThrow();
    const ask = (refundId: string, providerRefundNo: string | null = null) =>
      provider.refund({
        paymentId,
        refundId,
        amount: 1_000,
        providerTradeNo: payment.provider_trade_no,
        providerRefundNo,
      });
    stripe.setNewRefundStatus('pending');
    try {
      const first = await ask('ref_pending_one');
      expect(first).toMatchObject({ ok: true, pending: 'pending' });
      const number = first.ok ? first.providerRefundNo : '';
      const posted = () =>
        stripe.received.filter((r) => r.method === 'POST' && r.path === '/v1/refunds').length;
      const before = posted();
      expect(await ask('ref_pending_one', number)).toMatchObject({ ok: true, pending: 'pending' });
      expect(posted(), 'a pending refund is read back, not asked for again').toBe(before);
      stripe.settleRefund('ref_pending_one', 'succeeded');
      expect(await ask('ref_pending_one', number)).toEqual({ ok: true, providerRefundNo: number });
      const second = await ask('ref_pending_two');
      stripe.settleRefund('ref_pending_two', 'failed');
      expect(await ask('ref_pending_two', second.ok ? second.providerRefundNo : '')).toMatchObject({
        ok: false,
      });
      expect(await stripe.refundedAmount(trade)).toBe(1_000);
    } finally {
      stripe.setNewRefundStatus('succeeded');
    }
  });
});
