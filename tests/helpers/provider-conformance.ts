import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { DisputeView } from '../../src/common/api/disputes.js';
import type { OrderView } from '../../src/common/api/orders.js';
import type { ChannelView, channelKindSchema } from '../../src/common/api/payments.js';
import { createPendingPayment } from '../../src/server/modules/payments/index.js';
import { DAY_MS, MINUTE_MS } from '../../src/server/platform/clock.js';
import type { Db } from '../../src/server/platform/context.js';
import type { z } from 'zod';
import {
  createCategories,
  keysNamed,
  listCardKeyProduct,
  openShop,
  signedIn,
  uniqueSuffix,
  type Categories,
  type OpenShop,
  type Person,
  type ProductInfo,
} from './commerce.js';
import { describeEachDialect } from './databases.js';
import { expectLedgerInvariants } from './ledger.js';
import { expectInventoryConsistent, placeOrder } from './orders.js';
import { useTestApp, type TestApp } from './test-app.js';

/**
 * The conformance suite every payment provider passes (ADR 0009, issue 6): the same scenarios, on both
 * engines, against a simulator that speaks the provider's protocol on its side. A provider is done when
 * `describeProviderConformance(name, makeSimulator)` passes.
 */

/** A trade as the provider sees it. */
export interface SimulatedTrade {
  /** The provider's own trade number. */
  tradeNo: string;
  /** Kameng's payment id, as the provider was given it. */
  outTradeNo: string;
  /** In minor units (分), whatever the protocol writes. */
  amount: number;
  /** Where the provider will notify: Kameng's callback route for the channel (absolute or a path). */
  notifyUrl: string;
}

/** What to say in a notification; anything not given is the trade's truth. */
export interface NotificationOptions {
  status?: 'paid' | 'closed';
  amount?: number;
  currency?: string;
  outTradeNo?: string;
  tradeNo?: string;
  /** Sign it, then spoil the signature (someone without the key wrote it). */
  forgeSignature?: boolean;
}

/** A notification as it goes over the wire to Kameng. */
export interface NotificationRequest {
  method: 'GET' | 'POST';
  /** The URL the provider calls, query string included. */
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export type ChannelKindName = z.infer<typeof channelKindSchema>;

export interface ProviderSimulator {
  readonly kind: ChannelKindName;
  /** The channel's settings and credentials, as an admin would type them. */
  readonly settings: Record<string, unknown>;
  readonly credentials: Record<string, unknown>;
  /** What Kameng must answer to a notification it applied, for the provider to stop retrying. */
  readonly acknowledgement: { status: number; body: string };
  /** Whether the protocol's notifications name a currency (epay's do not: CNY only). */
  readonly carriesCurrency: boolean;
  /** Follows a checkout redirect as the buyer's browser would, and returns the trade behind it. */
  tradeFor(redirectUrl: string): Promise<SimulatedTrade>;
  /** The buyer pays at the provider; no notification leaves. */
  markPaid(trade: SimulatedTrade): Promise<void>;
  /** The notification the provider would send for the trade, signed with the channel's key. */
  notification(trade: SimulatedTrade, options?: NotificationOptions): Promise<NotificationRequest>;
  /** While true, the provider refuses every refund request (an outage, an empty merchant balance). */
  setRefundsFailing(failing: boolean): Promise<void>;
  /** How much of the trade the provider has sent back, in minor units. */
  refundedAmount(trade: SimulatedTrade): Promise<number>;
  close(): Promise<void>;
}

export type MakeSimulator = (app: TestApp) => Promise<ProviderSimulator>;

/** The shop's public address: the base of the callback URL providers are given. */
export const SHOP_URL = 'https://shop.example.com';

interface Checkout {
  buyer: Person;
  product: ProductInfo;
  order: OrderView;
  paymentId: string;
  trade: SimulatedTrade;
}

export function describeProviderConformance(name: string, makeSimulator: MakeSimulator): void {
  describeEachDialect(`payment provider conformance: ${name}`, (dialect) => {
    const app = useTestApp(dialect, { config: { KAMENG_PUBLIC_URL: SHOP_URL } });
    const db = (): Db => app().database.handle.db;
    let sim: ProviderSimulator;
    let admin: Person;
    let shop: OpenShop;
    let categories: Categories;
    let channel: ChannelView;

    beforeAll(async () => {
      sim = await makeSimulator(app());
      admin = await signedIn(app(), 'admin', 'channels');
      const suffix = uniqueSuffix();
      shop = await openShop(app(), admin.client, `支付测试${suffix}`);
      categories = await createCategories(admin.client, `游戏${suffix}`);
      const created = await admin.client.post<ChannelView>('/api/v1/admin/payment-channels', {
        kind: sim.kind,
        name: `${name} 通道`,
        enabled: true,
        feeBps: 0,
        minAmount: 1,
        maxAmount: 100_000_00,
        settings: sim.settings,
        credentials: sim.credentials,
      });
      expect(created.status, created.text).toBe(200);
      channel = created.body;
    });
    afterAll(async () => {
      await sim?.close();
    });
    afterEach(async () => {
      await expectLedgerInvariants(db());
      await expectInventoryConsistent(db());
      await expectNoOrderRefundedAndSettled(db());
    });

    const callbackUrl = () => `${SHOP_URL}/api/v1/payments/callbacks/${channel.id}`;

    /** A buyer orders one card key and starts paying through the channel. */
    async function checkout(price = 1_000): Promise<Checkout> {
      const product = await listCardKeyProduct(shop, categories.kindId, {
        price,
        keys: keysNamed('PAY', 2),
      });
      const buyer = await signedIn(app(), 'buyer', 'payer');
      const order = await placeOrder(buyer.client, product);
      const started = await buyer.client.post<{ paymentId: string; redirectUrl: string }>(
        `/api/v1/orders/${order.id}/pay`,
        { method: channel.id },
      );
      expect(started.status, started.text).toBe(200);
      const trade = await sim.tradeFor(started.body.redirectUrl);
      return { buyer, product, order, paymentId: started.body.paymentId, trade };
    }

    /** Paid at the provider and notified: the order is delivered. */
    async function paidOrder(price = 1_000): Promise<Checkout> {
      const sale = await checkout(price);
      await sim.markPaid(sale.trade);
      const answer = await deliver(await sim.notification(sale.trade));
      expect(answer.text, answer.text).toBe(sim.acknowledgement.body);
      expect(await orderStatus(sale.order.id)).toBe('delivered');
      return sale;
    }

    /** The provider's server calls Kameng: the request as the simulator wrote it, sent to the app. */
    async function deliver(request: NotificationRequest) {
      const target = new URL(request.url, SHOP_URL);
      expect(target.origin, 'notifications go to the shop’s public address').toBe(SHOP_URL);
      return app()
        .client()
        .request<{ code?: string }>(request.method, `${target.pathname}${target.search}`, undefined, {
          headers: request.headers,
          csrf: false,
          ...(request.body === null ? {} : { payload: request.body }),
        });
    }

    async function orderStatus(orderId: string): Promise<string> {
      const row = await db()
        .selectFrom('orders')
        .select('status')
        .where('id', '=', orderId)
        .executeTakeFirst();
      return row?.status ?? 'missing';
    }

    async function verdictsOf(paymentId: string): Promise<string[]> {
      const rows = await db()
        .selectFrom('payment_callbacks')
        .select('verdict')
        .where('payment_id', '=', paymentId)
        .orderBy('id')
        .execute();
      return rows.map((row) => row.verdict);
    }

    /** The payment's own transitions after `created`: each is one state change. */
    async function paymentChanges(paymentId: string): Promise<string[]> {
      const rows = await db()
        .selectFrom('state_transitions')
        .select(['from_state', 'to_state'])
        .where('machine', '=', 'payment')
        .where('entity_id', '=', paymentId)
        .where('from_state', 'is not', null)
        .orderBy('id')
        .execute();
      return rows.map((row) => `${row.from_state}→${row.to_state}`);
    }

    /** Ledger transfers that moved a payment's money into the order's escrow. */
    async function fundingsOf(orderId: string): Promise<string[]> {
      const rows = await db()
        .selectFrom('ledger_transfers')
        .select('id')
        .where('cause_id', '=', orderId)
        .where('id', 'like', `${orderId}:fund:%`)
        .execute();
      return rows.map((row) => row.id);
    }

    async function alertsOf(paymentId: string): Promise<string[]> {
      const rows = await db()
        .selectFrom('payment_alerts')
        .select('kind')
        .where('payment_id', '=', paymentId)
        .execute();
      return rows.map((row) => row.kind);
    }

    async function refundsOf(paymentId: string) {
      return db()
        .selectFrom('refunds')
        .select(['amount', 'status', 'destination', 'reason', 'last_error'])
        .where('payment_id', '=', paymentId)
        .execute();
    }

    async function expectRefused(request: NotificationRequest, reason: RegExp): Promise<void> {
      const answer = await deliver(request);
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body.code).toBe('PAYMENT_CALLBACK_REJECTED');
      expect(answer.text).toMatch(reason);
    }

    /** Time passes, due jobs run (reconciliation, refunds, expiry), and people (the shop too) sign in again. */
    async function later(ms: number, ...people: Person[]): Promise<void> {
      app().clock.advance(ms);
      await app().deliverPendingWork();
      for (const person of [shop, ...people])
        await person.client.login(person.user.email, person.user.password);
    }

    /** The buyer's wallet balance in 分. */
    async function walletOf(buyer: Person): Promise<number> {
      const balances = await buyer.client.get<{ items: Array<{ kind: string; balance: number }> }>(
        '/api/v1/me/balances',
      );
      return balances.body.items.find((b) => b.kind === 'user_wallet')?.balance ?? 0;
    }

    /** The buyer disputes the delivered order and the shop refunds all of it (ADR 0008). */
    async function disputeRefundedByShop(sale: Checkout): Promise<void> {
      const opened = await sale.buyer.client.post<DisputeView>(`/api/v1/orders/${sale.order.id}/dispute`, {
        reason: 'key_invalid',
        description: '卡密提示已被使用 / the key says already used',
      });
      expect(opened.status, opened.text).toBe(200);
      const answered = await shop.client.post<DisputeView>(
        `/api/v1/merchant/disputes/${opened.body.id}/respond`,
        { action: 'refund', note: '全额退款' },
      );
      expect(answered.status, answered.text).toBe(200);
    }

    /** …through the provider: the order waits in `refunding` for it. */
    async function refundedByShop(sale: Checkout): Promise<void> {
      await disputeRefundedByShop(sale);
      expect(await orderStatus(sale.order.id)).toBe('refunding');
    }

    it('is configured through the admin API; its credentials are sealed and never shown again', async () => {
      expect(channel).toMatchObject({ kind: sim.kind, enabled: true, credentialsSet: true });
      const secrets = Object.values(sim.credentials).map(String);
      const listed = await admin.client.get('/api/v1/admin/payment-channels');
      for (const secret of secrets) expect(listed.text).not.toContain(secret);
      const offered = await app().client().get<{ items: Array<{ id: string }> }>('/api/v1/payment-channels');
      expect(offered.body.items.map((c) => c.id)).toContain(channel.id);
    });

    it('takes a payment: the provider gets its acknowledgement, the order is delivered, the callback is kept', async () => {
      const { buyer, order, paymentId, trade } = await checkout(1_234);
      expect(trade).toMatchObject({ outTradeNo: paymentId, amount: 1_234 });
      expect(new URL(trade.notifyUrl, SHOP_URL).href).toBe(callbackUrl());
      await sim.markPaid(trade);
      const answer = await deliver(await sim.notification(trade));
      expect({ status: answer.status, body: answer.text }).toEqual(sim.acknowledgement);
      const view = (await buyer.client.get<OrderView>(`/api/v1/orders/${order.id}`)).body;
      expect(view.status).toBe('delivered');
      expect(view.payments).toMatchObject([{ id: paymentId, status: 'succeeded', amount: 1_234 }]);
      const keys = await buyer.client.post<{ keys: unknown[] }>(`/api/v1/orders/${order.id}/keys`);
      expect(keys.body.keys).toHaveLength(1);
      const payment = await db()
        .selectFrom('payments')
        .select('provider_trade_no')
        .where('id', '=', paymentId)
        .executeTakeFirstOrThrow();
      expect(payment.provider_trade_no).toBe(trade.tradeNo);
      expect(await verdictsOf(paymentId)).toEqual(['accepted']);
    });

    it('changes the payment once and posts once however often and however concurrently the notification comes, and a later "closed" changes nothing', async () => {
      const { order, paymentId, trade } = await checkout();
      await sim.markPaid(trade);
      const paid = await sim.notification(trade);
      const answers = await Promise.all(Array.from({ length: 8 }, () => deliver(paid)));
      expect(answers.map((a) => a.text)).toEqual(Array(8).fill(sim.acknowledgement.body));
      // Out of order: a "closed" written before the payment arrives after it, then the "paid" once more.
      const closed = await deliver(await sim.notification(trade, { status: 'closed' }));
      expect(closed.text).toBe(sim.acknowledgement.body);
      expect((await deliver(paid)).text).toBe(sim.acknowledgement.body);

      expect(await orderStatus(order.id)).toBe('delivered');
      expect(await paymentChanges(paymentId)).toEqual(['pending→succeeded']);
      expect(await fundingsOf(order.id)).toEqual([`${order.id}:fund:${paymentId}`]);
      const verdicts = await verdictsOf(paymentId);
      expect(verdicts.filter((v) => v === 'accepted')).toHaveLength(1);
      expect(verdicts.filter((v) => v === 'duplicate')).toHaveLength(8);
      expect(verdicts.filter((v) => v === 'not paid')).toHaveLength(1);
    });

    it('lets a "paid" the provider confirms win over an earlier "closed"', async () => {
      const { order, paymentId, trade } = await checkout();
      expect((await deliver(await sim.notification(trade, { status: 'closed' }))).text).toBe(
        sim.acknowledgement.body,
      );
      expect(await paymentChanges(paymentId)).toEqual(['pending→failed']);
      await sim.markPaid(trade);
      expect((await deliver(await sim.notification(trade))).text).toBe(sim.acknowledgement.body);
      expect(await paymentChanges(paymentId)).toEqual(['pending→failed', 'failed→succeeded']);
      expect(await orderStatus(order.id)).toBe('delivered');
      expect(await fundingsOf(order.id)).toHaveLength(1);
    });

    it('refuses a forged signature, even for a trade that is paid, and keeps the refusal', async () => {
      const { order, paymentId, trade } = await checkout();
      await sim.markPaid(trade);
      await expectRefused(await sim.notification(trade, { forgeSignature: true }), /signature/);
      expect(await orderStatus(order.id)).toBe('created');
      expect(await fundingsOf(order.id)).toEqual([]);
      expect(await verdictsOf(paymentId)).toEqual([expect.stringMatching(/^refused: .*signature/)]);
      // The refusal poisons nothing: the genuine notification is applied.
      expect((await deliver(await sim.notification(trade))).text).toBe(sim.acknowledgement.body);
      expect(await orderStatus(order.id)).toBe('delivered');
    });

    it('refuses a validly signed notification of another, cheaper payment presented as this one', async () => {
      const dear = await checkout(5_000);
      const cheap = await checkout(100);
      await sim.markPaid(cheap.trade);
      // The cheaper trade's notification, naming the dearer payment.
      await expectRefused(
        await sim.notification(cheap.trade, { outTradeNo: dear.paymentId }),
        /amount or currency differs/,
      );
      // The dearer payment's own notification, carrying the cheaper trade that was really paid.
      await expectRefused(
        await sim.notification(dear.trade, { tradeNo: cheap.trade.tradeNo }),
        /does not confirm/,
      );
      expect(await alertsOf(dear.paymentId)).toEqual(['callback_denied_by_query']);
      expect(await orderStatus(dear.order.id)).toBe('created');
      expect(await fundingsOf(dear.order.id)).toEqual([]);
      // The cheaper payment's own notification pays the cheaper order, and only that one.
      expect((await deliver(await sim.notification(cheap.trade))).text).toBe(sim.acknowledgement.body);
      expect(await orderStatus(cheap.order.id)).toBe('delivered');
      expect(await orderStatus(dear.order.id)).toBe('created');
    });

    it('refuses an amount one 分 more or one 分 less than the payment', async () => {
      const { order, paymentId, trade } = await checkout(1_000);
      await sim.markPaid(trade);
      for (const amount of [1_001, 999])
        await expectRefused(await sim.notification(trade, { amount }), /amount or currency differs/);
      expect(await orderStatus(order.id)).toBe('created');
      expect(await verdictsOf(paymentId)).toHaveLength(2);
      expect((await deliver(await sim.notification(trade))).text).toBe(sim.acknowledgement.body);
      expect(await orderStatus(order.id)).toBe('delivered');
    });

    it('refuses another currency: at payment creation, and in a notification when the protocol names one', async () => {
      const { order, trade } = await checkout();
      const ctx = app().kameng.ctx;
      await expect(
        ctx.transact((trx) =>
          createPendingPayment(trx, ctx, {
            purpose: 'order',
            purposeId: order.id,
            payerUserId: null,
            provider: channel.id,
            amount: 1_000,
            currency: 'ZUAN',
            subject: order.title,
            expiresAt: new Date(ctx.clock.now().getTime() + 15 * MINUTE_MS),
          }),
        ),
      ).rejects.toMatchObject({ code: 'PAYMENT_CURRENCY_NOT_SUPPORTED' });
      if (!sim.carriesCurrency) return;
      await sim.markPaid(trade);
      await expectRefused(await sim.notification(trade, { currency: 'USD' }), /amount or currency differs/);
      expect(await orderStatus(order.id)).toBe('created');
    });

    it('refuses a notification for a payment Kameng never made, and keeps it unlinked', async () => {
      const { trade } = await checkout();
      const unknown = 'pay_01JD0000000000000000000XYZ';
      await sim.markPaid(trade);
      await expectRefused(await sim.notification(trade, { outTradeNo: unknown }), /unknown payment/);
      const stored = await db()
        .selectFrom('payment_callbacks')
        .select(['payment_id', 'verdict'])
        .where('provider', '=', channel.id)
        .where('body', 'like', `%${unknown}%`)
        .execute();
      expect(stored).toEqual([
        { payment_id: null, verdict: expect.stringMatching(/unknown payment/) as string },
      ]);
    });

    it('confirms through reconciliation a payment made at the provider whose notification never came', async () => {
      const { order, paymentId, trade } = await checkout();
      await sim.markPaid(trade);
      await later(6 * MINUTE_MS);
      expect(await orderStatus(order.id)).toBe('delivered');
      const reasons = await db()
        .selectFrom('state_transitions')
        .select('reason_code')
        .where('machine', '=', 'payment')
        .where('entity_id', '=', paymentId)
        .where('to_state', '=', 'succeeded')
        .execute();
      expect(reasons).toEqual([{ reason_code: 'confirmed_by_reconciliation' }]);
      expect(await fundingsOf(order.id)).toHaveLength(1);
    });

    it('refuses a signed "paid" the provider denies when asked, raises an alert, and believes it once the money is there', async () => {
      const { order, paymentId, trade } = await checkout();
      const claim = await sim.notification(trade);
      await expectRefused(claim, /does not confirm/);
      expect(await alertsOf(paymentId)).toEqual(['callback_denied_by_query']);
      expect(await orderStatus(order.id)).toBe('created');
      expect(await fundingsOf(order.id)).toEqual([]);
      await sim.markPaid(trade);
      expect((await deliver(claim)).text).toBe(sim.acknowledgement.body);
      expect(await orderStatus(order.id)).toBe('delivered');
    });

    it('refunds through the provider: the money goes back once, the order ends refunded and never settles', async () => {
      const sale = await paidOrder(2_500);
      await refundedByShop(sale);
      await app().deliverPendingWork();
      expect(await orderStatus(sale.order.id)).toBe('refunded');
      expect(await refundsOf(sale.paymentId)).toMatchObject([{ amount: 2_500, status: 'succeeded' }]);
      expect(await sim.refundedAmount(sale.trade)).toBe(2_500);
      const confirm = await sale.buyer.client.post<{ code: string }>(
        `/api/v1/orders/${sale.order.id}/confirm`,
      );
      expect(confirm.body.code).toBe('ORDER_ACTION_NOT_ALLOWED');
      // Reconciliation does not mistake money sent back for money that never came.
      await later(6 * MINUTE_MS, sale.buyer);
      expect(await alertsOf(sale.paymentId)).toEqual([]);
      await later(8 * DAY_MS, sale.buyer);
      expect(await orderStatus(sale.order.id)).toBe('refunded');
      expect(await sim.refundedAmount(sale.trade)).toBe(2_500);
    });

    it('retries a refund the provider refuses, with backoff, until it goes through — once', async () => {
      const sale = await paidOrder(1_800);
      await sim.setRefundsFailing(true);
      try {
        await refundedByShop(sale);
        await app().deliverPendingWork();
        expect(await refundsOf(sale.paymentId)).toMatchObject([
          { status: 'processing', last_error: expect.any(String) as string },
        ]);
        await later(MINUTE_MS);
        expect(await orderStatus(sale.order.id)).toBe('refunding');
        expect(await sim.refundedAmount(sale.trade)).toBe(0);
      } finally {
        await sim.setRefundsFailing(false);
      }
      await later(5 * MINUTE_MS);
      expect(await orderStatus(sale.order.id)).toBe('refunded');
      expect(await refundsOf(sale.paymentId)).toMatchObject([{ amount: 1_800, status: 'succeeded' }]);
      expect(await sim.refundedAmount(sale.trade)).toBe(1_800);
      const job = await db()
        .selectFrom('jobs')
        .select(['status', 'attempts'])
        .where('name', '=', 'payments.refund')
        .where('payload', 'like', `%${(await refundIdOf(sale.paymentId))!}%`)
        .executeTakeFirstOrThrow();
      expect(job.status).toBe('succeeded');
      expect(job.attempts).toBeGreaterThanOrEqual(3);
    });

    it('gives a refund up after its last attempt with an alert, keeps the money in escrow, and finishes it when an admin retries', async () => {
      const sale = await paidOrder(1_600);
      await sim.setRefundsFailing(true);
      try {
        await refundedByShop(sale);
        for (let i = 0; i < 40 && (await refundsOf(sale.paymentId))[0]?.status !== 'failed'; i++)
          await later(DAY_MS, sale.buyer);
        expect(await refundsOf(sale.paymentId)).toMatchObject([{ status: 'failed' }]);
        expect(await alertsOf(sale.paymentId)).toContain('refund_failed');
        expect(await orderStatus(sale.order.id)).toBe('refunding');
        expect(await sim.refundedAmount(sale.trade)).toBe(0);
      } finally {
        await sim.setRefundsFailing(false);
      }
      const admin = await signedIn(app(), 'admin', 'refund-retry');
      const refund = await db()
        .selectFrom('refunds')
        .select('id')
        .where('payment_id', '=', sale.paymentId)
        .executeTakeFirstOrThrow();
      const retried = await admin.client.post(`/api/v1/admin/refunds/${refund.id}/retry`, {
        reason: '通道恢复后重试',
      });
      expect(retried.status, retried.text).toBe(204);
      await later(MINUTE_MS, sale.buyer);
      expect(await refundsOf(sale.paymentId)).toMatchObject([{ amount: 1_600, status: 'succeeded' }]);
      expect(await orderStatus(sale.order.id)).toBe('refunded');
      expect(await sim.refundedAmount(sale.trade)).toBe(1_600);
    });

    it('refunds to the wallet when the buyer chose it: at once, and the provider is never asked', async () => {
      const sale = await paidOrder(1_300);
      const before = await walletOf(sale.buyer);
      const chosen = await sale.buyer.client.put<OrderView>(
        `/api/v1/orders/${sale.order.id}/refund-destination`,
        { to: 'wallet' },
      );
      expect(chosen.body.refundTo, chosen.text).toBe('wallet');
      await disputeRefundedByShop(sale);
      expect(await orderStatus(sale.order.id)).toBe('refunded');
      await later(MINUTE_MS, sale.buyer);
      expect(await refundsOf(sale.paymentId)).toMatchObject([
        { amount: 1_300, status: 'succeeded', destination: 'wallet' },
      ]);
      expect(await walletOf(sale.buyer)).toBe(before + 1_300);
      expect(await sim.refundedAmount(sale.trade)).toBe(0);
    });

    it('takes a refund the provider gave up on into the wallet when the buyer asks, once', async () => {
      const sale = await paidOrder(1_100);
      await sim.setRefundsFailing(true);
      try {
        await refundedByShop(sale);
        for (let i = 0; i < 40 && (await refundsOf(sale.paymentId))[0]?.status !== 'failed'; i++)
          await later(DAY_MS, sale.buyer);
        expect(await refundsOf(sale.paymentId)).toMatchObject([{ status: 'failed' }]);
      } finally {
        await sim.setRefundsFailing(false);
      }
      const before = await walletOf(sale.buyer);
      for (let i = 0; i < 2; i++) {
        const chosen = await sale.buyer.client.put<OrderView>(
          `/api/v1/orders/${sale.order.id}/refund-destination`,
          { to: 'wallet' },
        );
        expect(chosen.body.status, chosen.text).toBe('refunded');
        expect(chosen.body.payments[0]!.refunds).toMatchObject([
          { amount: 1_100, status: 'succeeded', destination: 'wallet' },
        ]);
      }
      expect(await walletOf(sale.buyer)).toBe(before + 1_100);
      const alert = await db()
        .selectFrom('payment_alerts')
        .select(['kind', 'resolved_at', 'resolution'])
        .where('payment_id', '=', sale.paymentId)
        .executeTakeFirstOrThrow();
      expect(alert).toMatchObject({
        kind: 'refund_failed',
        resolution: expect.stringContaining('wallet') as string,
      });
      expect(alert.resolved_at).not.toBeNull();
      // Nothing is left for the provider: an admin's retry is refused and the money never goes out twice.
      const admin = await signedIn(app(), 'admin', 'refund-redirected');
      const refund = (await refundIdOf(sale.paymentId))!;
      const retried = await admin.client.post<{ code: string }>(`/api/v1/admin/refunds/${refund}/retry`, {
        reason: '再试一次',
      });
      expect(retried.body.code).toBe('REFUND_NOT_FAILED');
      await later(DAY_MS, sale.buyer);
      expect(await sim.refundedAmount(sale.trade)).toBe(0);
      expect(await walletOf(sale.buyer)).toBe(before + 1_100);
    });

    it('refunds through the provider a second payment for an order that is already paid', async () => {
      const first = await checkout(700);
      const again = await first.buyer.client.post<{ paymentId: string; redirectUrl: string }>(
        `/api/v1/orders/${first.order.id}/pay`,
        { method: channel.id },
      );
      expect(again.status, again.text).toBe(200);
      const second = await sim.tradeFor(again.body.redirectUrl);
      for (const trade of [first.trade, second]) {
        await sim.markPaid(trade);
        expect((await deliver(await sim.notification(trade))).text).toBe(sim.acknowledgement.body);
      }
      await app().deliverPendingWork();
      expect(await orderStatus(first.order.id)).toBe('delivered');
      expect(await refundsOf(again.body.paymentId)).toMatchObject([
        { amount: 700, status: 'succeeded', reason: 'duplicate_payment' },
      ]);
      expect(await sim.refundedAmount(second)).toBe(700);
      expect(await sim.refundedAmount(first.trade)).toBe(0);
    });

    async function refundIdOf(paymentId: string): Promise<string | undefined> {
      const row = await db()
        .selectFrom('refunds')
        .select('id')
        .where('payment_id', '=', paymentId)
        .executeTakeFirst();
      return row?.id;
    }
  });
}

/**
 * Money goes either to the shop or back to the buyer, never both: no order that was refunded in full
 * settled, and a refunded order's escrow is empty.
 */
export async function expectNoOrderRefundedAndSettled(db: Db): Promise<void> {
  const refunded = await db
    .selectFrom('orders as o')
    .innerJoin('refunds as r', 'r.payment_id', 'o.payment_id')
    .leftJoin('ledger_accounts as a', 'a.id', 'o.escrow_account_id')
    .select(['o.id', 'o.status', 'o.settled_at', 'a.balance'])
    .where('r.status', '=', 'succeeded')
    .where('r.purpose', '=', 'order')
    .execute();
  for (const order of refunded) {
    expect(order.status, `order ${order.id} was refunded in full`).toBe('refunded');
    expect(order.settled_at, `order ${order.id} was refunded and settled`).toBeNull();
    expect(Number(order.balance ?? 0), `order ${order.id} keeps money in escrow`).toBe(0);
  }
  const settled = await db
    .selectFrom('orders')
    .select(['id'])
    .where('status', '=', 'refunded')
    .where('settled_at', 'is not', null)
    .execute();
  expect(settled, 'orders both refunded and settled').toEqual([]);
}
