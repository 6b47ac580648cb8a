import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChannelView } from '../../src/common/api/payments.js';
import { signedIn, type Person } from '../helpers/commerce.js';
import { describeEachDialect } from '../helpers/databases.js';
import { expectLedgerInvariants } from '../helpers/ledger.js';
import { describeProviderConformance, SHOP_URL } from '../helpers/provider-conformance.js';
import { startAlipaySimulator, type AlipaySimulator } from '../helpers/simulators/alipay.js';
import { useTestApp } from '../helpers/test-app.js';

/** Alipay (电脑网站支付) against an open-platform gateway simulator on 127.0.0.1 (issue 6): the whole suite… */
describeProviderConformance('alipay', () => startAlipaySimulator());

/** The part of a PEM key that would show if it leaked. */
const keyBody = (pem: string) => pem.split('\n')[5]!;

/** …and what only Alipay has: 当面付 precreate, its key settings, and its answers checked like the SDK checks them. */
describeEachDialect('alipay channels', (dialect) => {
  const app = useTestApp(dialect, { config: { KAMENG_PUBLIC_URL: SHOP_URL } });
  let gateway: AlipaySimulator;
  let admin: Person;

  beforeAll(async () => {
    gateway = await startAlipaySimulator({ product: 'qr' });
    admin = await signedIn(app(), 'admin', 'alipay');
  });
  afterAll(async () => {
    await gateway?.close();
  });

  const settings = (changes: Record<string, unknown> = {}) => ({
    gateway: gateway.gateway,
    appId: gateway.appId,
    alipayPublicKey: gateway.alipayPublicKey,
    product: 'qr',
    ...changes,
  });
  const channelBody = (
    channelSettings: Record<string, unknown>,
    appPrivateKey: unknown = gateway.appPrivateKey,
  ) => ({
    kind: 'alipay',
    name: '支付宝当面付',
    enabled: true,
    feeBps: 0,
    minAmount: 1,
    maxAmount: 1_000_000,
    settings: channelSettings,
    credentials: { appPrivateKey },
  });

  it('refuses keys that cannot work or would give a secret away; shows the public key, never the private one', async () => {
    const refused = async (channelSettings: Record<string, unknown>, appPrivateKey?: unknown) => {
      const answer = await admin.client.post<{ code: string }>(
        '/api/v1/admin/payment-channels',
        channelBody(channelSettings, appPrivateKey),
      );
      expect(answer.text).not.toContain(keyBody(gateway.appPrivateKey));
      return answer.body.code;
    };
    // The app's own public key where Alipay's belongs: no notification would ever verify.
    expect(await refused(settings({ alipayPublicKey: gateway.appPublicKey }))).toBe(
      'PAYMENT_CHANNEL_INVALID',
    );
    // A private key in a setting (settings are shown to admins) is refused, not turned into its public half.
    expect(await refused(settings({ alipayPublicKey: gateway.appPrivateKey }))).toBe(
      'PAYMENT_CHANNEL_INVALID',
    );
    expect(await refused(settings({ product: 'app' }))).toBe('PAYMENT_CHANNEL_INVALID');
    expect(await refused(settings({ gateway: 'http://openapi.alipay.com/gateway.do' }))).toBe(
      'PAYMENT_CHANNEL_INVALID',
    );
    for (const key of ['', 'changeme', gateway.appPublicKey, gateway.appPrivateKey.slice(0, 600)])
      expect(await refused(settings(), key)).toBe('PAYMENT_CHANNEL_INVALID');

    const saved = await admin.client.post<ChannelView>(
      '/api/v1/admin/payment-channels',
      channelBody(settings()),
    );
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.settings).toEqual(settings());
    const listed = await admin.client.get('/api/v1/admin/payment-channels');
    expect(listed.text).not.toContain(keyBody(gateway.appPrivateKey));
    // New settings are checked against the stored key too.
    const {
      credentials: _kept,
      kind: _kind,
      ...withoutCredentials
    } = channelBody(settings({ alipayPublicKey: gateway.appPublicKey }));
    const updated = await admin.client.put<{ code: string }>(
      `/api/v1/admin/payment-channels/${saved.body.id}`,
      withoutCredentials,
    );
    expect(updated.body.code).toBe('PAYMENT_CHANNEL_INVALID');
  });

  it('当面付: tops up a wallet through alipay.trade.precreate, its QR code and a notification', async () => {
    const channel = (
      await admin.client.post<ChannelView>('/api/v1/admin/payment-channels', channelBody(settings()))
    ).body;
    const buyer = await signedIn(app(), 'buyer', 'alipay-topup');
    const started = await buyer.client.post<{ paymentId: string; redirectUrl: string }>(
      '/api/v1/wallet/topups',
      { amount: 5_000, provider: channel.id },
    );
    expect(started.status, started.text).toBe(200);
    // Kameng's QR page shows the QR code's content: the page or app of Alipay that takes the money.
    const shown = new URL(started.body.redirectUrl, SHOP_URL);
    expect(shown.pathname).toBe('/pay/qr');
    expect(shown.searchParams.get('app')).toBe('alipay');
    expect(shown.searchParams.get('payment')).toBe(started.body.paymentId);
    expect(shown.searchParams.get('code')).toMatch(/^https:\/\/qr\.alipay\.com\/bax\w+$/);
    const precreate = gateway.received.filter((r) => r.method === 'alipay.trade.precreate').at(-1);
    expect(precreate?.params).toMatchObject({
      app_id: gateway.appId,
      sign_type: 'RSA2',
      notify_url: `${SHOP_URL}/api/v1/payments/callbacks/${channel.id}`,
    });
    expect(JSON.parse(precreate!.params.biz_content!)).toMatchObject({
      out_trade_no: started.body.paymentId,
      total_amount: '50.00',
    });

    const trade = await gateway.tradeFor(started.body.redirectUrl);
    await gateway.markPaid(trade);
    const notification = await gateway.notification(trade);
    const answer = await app().client().post(new URL(notification.url).pathname, undefined, {
      headers: notification.headers,
      payload: notification.body!,
      csrf: false,
    });
    expect(answer.text).toBe('success');
    const balances = await buyer.client.get<{ items: Array<{ kind: string; balance: number }> }>(
      '/api/v1/me/balances',
    );
    expect(balances.body.items.find((b) => b.kind === 'user_wallet')?.balance).toBe(5_000);
    await expectLedgerInvariants(app().database.handle.db);
  });
});
