import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChannelView } from '../../src/common/api/payments.js';
import { MINUTE_MS } from '../../src/server/platform/clock.js';
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
import { expectLedgerInvariants } from '../helpers/ledger.js';
import {
  describeProviderConformance,
  SHOP_URL,
  type NotificationRequest,
} from '../helpers/provider-conformance.js';
import {
  expiredPlatformCertificate,
  startWechatpaySimulator,
  type WechatpaySimulator,
} from '../helpers/simulators/wechatpay.js';
import { placeOrder } from '../helpers/orders.js';
import { useTestApp, type TestApp } from '../helpers/test-app.js';

/** WeChat Pay v3 (Native) against an API simulator on 127.0.0.1 (issue 6): the whole conformance suite… */
describeProviderConformance('wechatpay', (app) => startWechatpaySimulator(app));

/** The part of a PEM key that would show if it leaked. */
const keyBody = (pem: string) => pem.split('\n')[5]!;

/** A wallet top-up through a WeChat Pay channel, as a person: buyer, channel and simulator together. */
function topups(app: () => TestApp, wechat: () => WechatpaySimulator, channel: () => ChannelView) {
  let buyer: Person | undefined;
  const me = async () => (buyer ??= await signedIn(app(), 'buyer', 'wechat-topup'));

  async function topup(amount: number) {
    const started = await (
      await me()
    ).client.post<{ paymentId: string; redirectUrl: string }>('/api/v1/wallet/topups', {
      amount,
      provider: channel().id,
    });
    expect(started.status, started.text).toBe(200);
    const trade = await wechat().tradeFor(started.body.redirectUrl);
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
    const balances = await (
      await me()
    ).client.get<{ items: Array<{ kind: string; balance: number }> }>('/api/v1/me/balances');
    return balances.body.items.find((b) => b.kind === 'user_wallet')?.balance ?? 0;
  }

  async function verdictsOf(paymentId: string): Promise<string[]> {
    const rows = await app()
      .database.handle.db.selectFrom('payment_callbacks')
      .select('verdict')
      .where('payment_id', '=', paymentId)
      .orderBy('id')
      .execute();
    return rows.map((row) => row.verdict);
  }

  async function paymentStatus(paymentId: string): Promise<string> {
    const row = await app()
      .database.handle.db.selectFrom('payments')
      .select('status')
      .where('id', '=', paymentId)
      .executeTakeFirstOrThrow();
    return row.status;
  }

  return { me, topup, deliver, walletBalance, verdictsOf, paymentStatus };
}

async function createChannel(
  admin: Person,
  wechat: WechatpaySimulator,
  name = '微信支付',
): Promise<ChannelView> {
  const created = await admin.client.post<ChannelView>('/api/v1/admin/payment-channels', {
    kind: 'wechatpay',
    name,
    enabled: true,
    feeBps: 60,
    minAmount: 1,
    maxAmount: 1_000_000,
    settings: wechat.settings,
    credentials: wechat.credentials,
  });
  expect(created.status, created.text).toBe(200);
  return created.body;
}

/** …and what only WeChat Pay has: its keys, signed answers, encrypted notifications, H5 and the public-key mode. */
describeEachDialect('wechatpay channels', (dialect) => {
  const app = useTestApp(dialect, { config: { KAMENG_PUBLIC_URL: SHOP_URL } });
  let wechat: WechatpaySimulator;
  let admin: Person;
  let channel: ChannelView;
  const people = topups(
    app,
    () => wechat,
    () => channel,
  );
  const { topup, deliver, walletBalance, verdictsOf, paymentStatus } = people;

  beforeAll(async () => {
    wechat = await startWechatpaySimulator(app());
    admin = await signedIn(app(), 'admin', 'wechatpay');
    channel = await createChannel(admin, wechat);
  });
  afterAll(async () => {
    await wechat?.close();
  });

  it('refuses keys that cannot work or would give a secret away, through the admin API', async () => {
    const body = (settings: Record<string, unknown>, credentials: Record<string, unknown>) => ({
      kind: 'wechatpay',
      name: '微信支付（错误配置）',
      enabled: true,
      feeBps: 0,
      minAmount: 1,
      maxAmount: 1_000_000,
      settings: { ...wechat.settings, ...settings },
      credentials: { ...wechat.credentials, ...credentials },
    });
    const refusal = async (settings: Record<string, unknown>, credentials: Record<string, unknown> = {}) => {
      const answer = await admin.client.post<{ code: string; detail: string }>(
        '/api/v1/admin/payment-channels',
        body(settings, credentials),
      );
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(answer.text).not.toContain(keyBody(wechat.merchantPrivateKey));
      expect(answer.text).not.toContain(wechat.apiV3Key);
      expect(answer.body.code, JSON.stringify(settings)).toBe('PAYMENT_CHANNEL_INVALID');
      return answer.body.detail;
    };
    // The merchant's own certificate (apiclient_cert.pem) where the platform certificate belongs.
    expect(await refusal({ platformCertificates: wechat.merchantCertificate })).toMatch(/商户API证书/);
    // A platform certificate that has expired (WeChat no longer signs with it).
    expect(
      await refusal({
        platformCertificates: `${wechat.platformCertificate!}\n${expiredPlatformCertificate(app().clock.now())}`,
      }),
    ).toMatch(/expired on/);
    // A private key pasted into a setting (settings are shown to admins).
    await refusal({ platformCertificates: wechat.merchantPrivateKey });
    // No way to check WeChat's signatures at all; a public key without its id.
    await refusal({ platformCertificates: undefined });
    await refusal({ wechatpayPublicKey: wechat.platformCertificate });
    // Signed requests go to WeChat only.
    await refusal({ apiBase: 'https://api.mch.weixin.qq.com.evil.example.com' });
    await refusal({ mchid: 'mch-1' });
    await refusal({ appid: '2021000122671080' });
    await refusal({ product: 'jsapi' });
    // APIv3 keys: 32 letters and digits exactly, and not a placeholder.
    for (const apiV3Key of [
      'changeme',
      'x'.repeat(32),
      '12345678901234567890123456789012',
      `${wechat.apiV3Key}A`,
      wechat.apiV3Key.slice(1),
    ])
      await refusal({}, { apiV3Key });
    // A private key that does not parse, or a public one.
    for (const merchantPrivateKey of [
      '',
      'changeme',
      wechat.merchantPrivateKey.slice(0, 600),
      wechat.merchantCertificate,
    ])
      await refusal({}, { merchantPrivateKey });

    // New settings are checked against the stored key too.
    const {
      credentials: _kept,
      kind: _kind,
      ...withoutCredentials
    } = body({ platformCertificates: wechat.merchantCertificate }, {});
    const updated = await admin.client.put<{ code: string }>(
      `/api/v1/admin/payment-channels/${channel.id}`,
      withoutCredentials,
    );
    expect(updated.body.code).toBe('PAYMENT_CHANNEL_INVALID');
    const listed = await admin.client.get('/api/v1/admin/payment-channels');
    expect(listed.text).not.toContain(keyBody(wechat.merchantPrivateKey));
    expect(listed.text).not.toContain(wechat.apiV3Key);
  });

  it('Native: signs the order for WeChat and sends the buyer to Kameng’s QR page with the code_url', async () => {
    const { paymentId, redirectUrl, trade } = await topup(2_345);
    const url = new URL(redirectUrl, SHOP_URL);
    expect(redirectUrl.startsWith('/pay/qr?app=wechat&')).toBe(true);
    expect(url.searchParams.get('code')).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=\w+$/);
    expect(url.searchParams.get('payment')).toBe(paymentId);
    expect(url.searchParams.get('return')).toBe(`/account/wallet?payment=${paymentId}`);
    const order = wechat.trade(trade.outTradeNo)!;
    expect(order.request).toMatchObject({
      appid: wechat.appid,
      mchid: wechat.mchid,
      out_trade_no: paymentId,
      notify_url: `${SHOP_URL}/api/v1/payments/callbacks/${channel.id}`,
      amount: { total: 2_345, currency: 'CNY' },
      time_expire: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/) as string,
    });
    expect(order.request).not.toHaveProperty('scene_info');
    const created = wechat.received.find(
      (r) => r.path === '/v3/pay/transactions/native' && r.body.includes(paymentId),
    );
    expect(created?.headers.authorization).toMatch(
      new RegExp(
        `^WECHATPAY2-SHA256-RSA2048 mchid="${wechat.mchid}",.*serial_no="${wechat.merchantSerialNo}"`,
      ),
    );
    expect(created?.headers.accept).toBe('application/json');
    // The simulator answers an unsigned request as WeChat does.
    const unsigned = await fetch(
      `${wechat.apiBase}/v3/pay/transactions/out-trade-no/${paymentId}?mchid=${wechat.mchid}`,
    );
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ code: 'SIGN_ERROR' });
  });

  it('refuses a notification signed too long ago, under an unknown serial, with a spoiled ciphertext, or for another merchant', async () => {
    const before = await walletBalance();
    const { paymentId, trade } = await topup(1_000);
    await wechat.markPaid(trade);
    const now = app().clock.now().getTime();
    const attempts: Array<[NotificationRequest, RegExp]> = [
      [await wechat.notification(trade, { timestamp: new Date(now - 6 * MINUTE_MS) }), /too old/],
      [await wechat.notification(trade, { timestamp: new Date(now + 6 * MINUTE_MS) }), /future/],
      [
        await wechat.notification(trade, { serial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C' }),
        /unknown Wechatpay-Serial/,
      ],
      [await wechat.notification(trade, { tamperCiphertext: true }), /does not decrypt/],
      [await wechat.notification(trade, { mchid: '1900000109' }), /another merchant/],
      [await wechat.notification(trade, { appid: 'wx0000000000000001' }), /another merchant/],
    ];
    const genuine = await wechat.notification(trade);
    // The genuine body re-serialised on the way: not the bytes WeChat signed.
    attempts.push([
      { ...genuine, body: JSON.stringify(JSON.parse(genuine.body!), null, 1) },
      /bad signature/,
    ]);
    for (const [request, reason] of attempts) {
      const answer = await deliver(request);
      expect(answer.status, answer.text).toBe(400);
      expect(answer.body.code).toBe('PAYMENT_CALLBACK_REJECTED');
      expect(answer.text).toMatch(reason);
    }
    expect(await walletBalance()).toBe(before);
    expect(await paymentStatus(paymentId)).toBe('pending');
    // Four minutes late is within the tolerance: the genuine notification pays, with 204 and no body.
    app().clock.advance(4 * MINUTE_MS);
    const answer = await deliver(genuine);
    expect({ status: answer.status, body: answer.text }).toEqual({ status: 204, body: '' });
    expect(await walletBalance()).toBe(before + 1_000);
    // Kept with the resource decrypted: which payment, which amount — never the APIv3 key.
    const stored = await app()
      .database.handle.db.selectFrom('payment_callbacks')
      .select('body')
      .where('payment_id', '=', paymentId)
      .where('verdict', '=', 'accepted')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.body)).toMatchObject({
      event_type: 'TRANSACTION.SUCCESS',
      resource: {
        decrypted: { out_trade_no: paymentId, transaction_id: trade.tradeNo, amount: { total: 1_000 } },
      },
    });
    expect(stored.body).not.toContain(wechat.apiV3Key);
    // Each refusal is kept with the payment it claims — but a spoiled resource cannot say which one.
    expect(await verdictsOf(paymentId)).toEqual([
      ...Array.from({ length: attempts.length - 1 }, () => expect.stringMatching(/^refused: /) as string),
      'accepted',
    ]);
    await expectLedgerInvariants(app().database.handle.db);
  });

  it('acknowledges refund events without acting on them', async () => {
    const { paymentId, trade } = await topup(800);
    const refundEvent = await wechat.notification(trade, { eventType: 'REFUND.SUCCESS' });
    const body = JSON.parse(refundEvent.body!) as { resource: Record<string, unknown> };
    const asRefund = await wechat.signedEvent(
      JSON.stringify({ ...body, resource: { ...body.resource, original_type: 'refund' } }),
    );
    const answer = await deliver(asRefund);
    expect({ status: answer.status, body: answer.text }).toEqual(wechat.acknowledgement);
    expect(await paymentStatus(paymentId)).toBe('pending');
  });

  it('trusts no answer whose signature fails: WeChat says paid, the signature is wrong, nothing is credited', async () => {
    const before = await walletBalance();
    const { paymentId, trade } = await topup(1_500);
    await wechat.markPaid(trade);
    wechat.setAnswersForged(true);
    try {
      const check = await app().client().post<{ status: string }>(`/api/v1/payments/${paymentId}/check`);
      expect(check.body.status ?? check.status).not.toBe('succeeded');
      // A genuine notification is not enough either: the confirming query's answer is not WeChat's.
      const answer = await deliver(await wechat.notification(trade));
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(await paymentStatus(paymentId)).toBe('pending');
      expect(await walletBalance()).toBe(before);
    } finally {
      wechat.setAnswersForged(false);
    }
    const check = await app().client().post<{ status: string }>(`/api/v1/payments/${paymentId}/check`);
    expect(check.body.status).toBe('succeeded');
    expect(await walletBalance()).toBe(before + 1_500);
  });
});

/**
 * Refunds WeChat takes on but has not finished (PROCESSING) or cannot finish (ABNORMAL); driven by the
 * duplicate-payment refund (a second payment for an order already paid goes back at once).
 */
describeEachDialect('wechatpay refunds in progress', (dialect) => {
  const app = useTestApp(dialect, { config: { KAMENG_PUBLIC_URL: SHOP_URL } });
  let wechat: WechatpaySimulator;
  let channel: ChannelView;
  let shop: OpenShop;
  let kindId: string;

  beforeAll(async () => {
    wechat = await startWechatpaySimulator(app());
    const admin = await signedIn(app(), 'admin', 'wechat-refunds');
    channel = await createChannel(admin, wechat);
    const suffix = uniqueSuffix();
    shop = await openShop(app(), admin.client, `微信退款${suffix}`);
    kindId = (await createCategories(admin.client, `游戏${suffix}`)).kindId;
  });
  afterAll(async () => {
    await wechat?.close();
  });

  /** An order paid twice through the channel: the second payment's refund, once the job has run. */
  async function duplicateRefund(price: number) {
    const { deliver } = topups(
      app,
      () => wechat,
      () => channel,
    );
    const product = await listCardKeyProduct(shop, kindId, { price, keys: keysNamed('WX', 2) });
    const buyer = await signedIn(app(), 'buyer', 'wechat-twice');
    const order = await placeOrder(buyer.client, product);
    const trades = [];
    for (let i = 0; i < 2; i++) {
      const started = await buyer.client.post<{ redirectUrl: string }>(`/api/v1/orders/${order.id}/pay`, {
        method: channel.id,
      });
      expect(started.status, started.text).toBe(200);
      trades.push(await wechat.tradeFor(started.body.redirectUrl));
    }
    for (const trade of trades) {
      await wechat.markPaid(trade);
      expect((await deliver(await wechat.notification(trade))).status).toBe(204);
    }
    await app().deliverPendingWork();
    const refund = await app()
      .database.handle.db.selectFrom('refunds')
      .select(['id', 'status', 'last_error', 'amount'])
      .where('payment_id', '=', trades[1]!.outTradeNo)
      .executeTakeFirstOrThrow();
    return { refund, trade: trades[1]! };
  }

  /** The ledger transfers that sent this refund's money out of escrow. */
  async function refundTransfers(refundId: string) {
    return app()
      .database.handle.db.selectFrom('ledger_transfers')
      .select('id')
      .where('id', 'like', `%:refund:${refundId}`)
      .execute();
  }

  async function refundRow(refundId: string) {
    return app()
      .database.handle.db.selectFrom('refunds')
      .select(['status', 'last_error', 'provider_refund_no'])
      .where('id', '=', refundId)
      .executeTakeFirstOrThrow();
  }

  it('follows a PROCESSING refund until WeChat says SUCCESS, moving the money only then, named by Kameng’s id', async () => {
    wechat.setRefundStatus('PROCESSING');
    let refundId: string;
    let trade: { outTradeNo: string };
    try {
      const made = await duplicateRefund(900);
      refundId = made.refund.id;
      trade = made.trade;
      expect(made.refund).toMatchObject({
        status: 'processing',
        amount: 900,
        last_error: expect.stringContaining('PROCESSING') as string,
      });
      const record = wechat.trade(trade.outTradeNo)!.refunds.get(refundId);
      expect(record).toMatchObject({
        out_refund_no: refundId,
        status: 'PROCESSING',
        amount: { refund: 900, total: 900 },
      });
      expect((await refundRow(refundId)).provider_refund_no).toBe(record!.refund_id);
      // Asked again later, still on its way: nothing moves in the ledger.
      app().clock.advance(MINUTE_MS);
      await app().deliverPendingWork();
      expect((await refundRow(refundId)).status).toBe('processing');
      expect(await refundTransfers(refundId)).toEqual([]);
    } finally {
      wechat.setRefundStatus('SUCCESS');
    }
    wechat.settleRefund(refundId, 'SUCCESS');
    for (let i = 0; i < 6 && (await refundRow(refundId)).status !== 'succeeded'; i++) {
      app().clock.advance(10 * MINUTE_MS);
      await app().deliverPendingWork();
    }
    expect((await refundRow(refundId)).status).toBe('succeeded');
    expect(await refundTransfers(refundId)).toHaveLength(1);
    expect(wechat.trade(trade.outTradeNo)!.refunds.size).toBe(1);
    await expectLedgerInvariants(app().database.handle.db);
  });

  it('retries an ABNORMAL refund until it is settled in the merchant platform, without refunding twice', async () => {
    wechat.setRefundStatus('ABNORMAL');
    let refundId: string;
    let trade: { outTradeNo: string };
    try {
      const made = await duplicateRefund(700);
      refundId = made.refund.id;
      trade = made.trade;
      expect(made.refund).toMatchObject({
        status: 'processing',
        last_error: expect.stringMatching(/ABNORMAL/) as string,
      });
      app().clock.advance(MINUTE_MS);
      await app().deliverPendingWork();
      expect((await refundRow(refundId)).status).toBe('processing');
    } finally {
      wechat.setRefundStatus('SUCCESS');
    }
    // The admin has the money sent to the buyer's bank card (异常退款): WeChat now says SUCCESS.
    wechat.settleRefund(refundId, 'SUCCESS');
    app().clock.advance(5 * MINUTE_MS);
    await app().deliverPendingWork();
    expect((await refundRow(refundId)).status).toBe('succeeded');
    expect(wechat.trade(trade.outTradeNo)!.refunds.size).toBe(1);
    await expectLedgerInvariants(app().database.handle.db);
  });
});

/** H5支付 and the public-key mode (微信支付公钥), each a channel of its own. */
describeEachDialect('wechatpay H5 and public-key mode', (dialect) => {
  const app = useTestApp(dialect, { config: { KAMENG_PUBLIC_URL: SHOP_URL } });
  let h5: WechatpaySimulator;
  let publicKeyMode: WechatpaySimulator;
  let h5Channel: ChannelView;
  let publicKeyChannel: ChannelView;

  beforeAll(async () => {
    h5 = await startWechatpaySimulator(app(), { product: 'h5' });
    publicKeyMode = await startWechatpaySimulator(app(), { keyMode: 'publicKey' });
    const admin = await signedIn(app(), 'admin', 'wechat-modes');
    h5Channel = await createChannel(admin, h5, '微信 H5 支付');
    publicKeyChannel = await createChannel(admin, publicKeyMode, '微信支付（公钥）');
  });
  afterAll(async () => {
    await h5?.close();
    await publicKeyMode?.close();
  });

  it('H5: tells WeChat the buyer’s address and sends the buyer to WeChat’s page, which returns to the wallet', async () => {
    const people = topups(
      app,
      () => h5,
      () => h5Channel,
    );
    const before = await people.walletBalance();
    const { paymentId, redirectUrl, trade } = await people.topup(3_000);
    const url = new URL(redirectUrl);
    expect(url.origin + url.pathname).toBe('https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb');
    expect(url.searchParams.get('redirect_url')).toBe(`${SHOP_URL}/account/wallet?payment=${paymentId}`);
    expect(h5.trade(paymentId)!.request).toMatchObject({
      scene_info: { payer_client_ip: '127.0.0.1', h5_info: { type: 'Wap' } },
      amount: { total: 3_000, currency: 'CNY' },
    });
    expect(h5.received.some((r) => r.path === '/v3/pay/transactions/h5')).toBe(true);
    await h5.markPaid(trade);
    expect((await people.deliver(await h5.notification(trade))).status).toBe(204);
    expect(await people.walletBalance()).toBe(before + 3_000);
  });

  it('public-key mode: WeChat signs with 微信支付公钥 under its PUB_KEY_ID, and nothing else verifies', async () => {
    expect(publicKeyChannel.settings).toMatchObject({ wechatpayPublicKeyId: publicKeyMode.platformSerial });
    expect(publicKeyChannel.settings).not.toHaveProperty('platformCertificates');
    const people = topups(
      app,
      () => publicKeyMode,
      () => publicKeyChannel,
    );
    const before = await people.walletBalance();
    const { paymentId, trade } = await people.topup(1_100);
    await publicKeyMode.markPaid(trade);
    const refused = await people.deliver(
      await publicKeyMode.notification(trade, { serial: 'PUB_KEY_ID_0000000000000000000000000001' }),
    );
    expect(refused.text).toMatch(/unknown Wechatpay-Serial/);
    // Reconciliation's query (answers signed with the public key) finds the payment…
    const check = await app().client().post<{ status: string }>(`/api/v1/payments/${paymentId}/check`);
    expect(check.body.status).toBe('succeeded');
    // …and the notification that follows is a duplicate, acknowledged.
    const late = await people.deliver(await publicKeyMode.notification(trade));
    expect(late.status).toBe(204);
    expect(await people.walletBalance()).toBe(before + 1_100);
    expect(await people.verdictsOf(paymentId)).toEqual([
      expect.stringMatching(/^refused: /) as string,
      'duplicate',
    ]);
  });
});
