import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChannelView } from '../../src/common/api/payments.js';
import { signedIn, type Person } from '../helpers/commerce.js';
import { describeEachDialect } from '../helpers/databases.js';
import { expectLedgerInvariants } from '../helpers/ledger.js';
import { describeProviderConformance, SHOP_URL } from '../helpers/provider-conformance.js';
import { startEpaySimulator, type EpaySimulator } from '../helpers/simulators/epay.js';
import { useTestApp } from '../helpers/test-app.js';

/** 易支付 (epay) against a gateway simulator on 127.0.0.1 (issue 6): the whole conformance suite… */
describeProviderConformance('epay', () => startEpaySimulator());

/** …and what only epay has: mapi.php creation, form-POST notifications, its settings, where its key goes. */
describeEachDialect('epay channels', (dialect) => {
  const app = useTestApp(dialect, { config: { KAMENG_PUBLIC_URL: SHOP_URL } });
  let gateway: EpaySimulator;
  let admin: Person;

  beforeAll(async () => {
    gateway = await startEpaySimulator({ mode: 'mapi', notifyBy: 'POST', type: 'wxpay' });
    admin = await signedIn(app(), 'admin', 'epay');
  });
  afterAll(async () => {
    await gateway?.close();
  });

  const channelBody = (settings: Record<string, unknown>, key: unknown = gateway.key) => ({
    kind: 'epay',
    name: '易支付',
    enabled: true,
    feeBps: 0,
    minAmount: 1,
    maxAmount: 1_000_000,
    settings,
    credentials: { key },
  });

  it('refuses settings that would send the key in the clear or cannot work, and placeholder keys', async () => {
    const refused = async (settings: Record<string, unknown>, key?: unknown) =>
      (
        await admin.client.post<{ code: string }>(
          '/api/v1/admin/payment-channels',
          channelBody(settings, key),
        )
      ).body.code;
    const good = { gateway: 'https://pay.example.com', pid: '1001' };
    expect(await refused({ ...good, gateway: 'http://pay.example.com' })).toBe('PAYMENT_CHANNEL_INVALID');
    expect(await refused({ ...good, gateway: 'https://pay.example.com/?pid=1' })).toBe(
      'PAYMENT_CHANNEL_INVALID',
    );
    expect(await refused({ ...good, gateway: 'https://u:p@pay.example.com' })).toBe(
      'PAYMENT_CHANNEL_INVALID',
    );
    expect(await refused({ ...good, pid: '' })).toBe('PAYMENT_CHANNEL_INVALID');
    expect(await refused({ ...good, mode: 'mapi' })).toBe('PAYMENT_CHANNEL_INVALID');
    expect(await refused({ ...good, type: 'paypal' })).toBe('PAYMENT_CHANNEL_INVALID');
    for (const key of ['', 'changeme', '123456789012345678', 'aaaaaaaaaaaaaaaaaaaa'])
      expect(await refused(good, key), key).toBe('PAYMENT_CHANNEL_INVALID');
    const saved = await admin.client.post<ChannelView>('/api/v1/admin/payment-channels', channelBody(good));
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.settings).toEqual({ ...good, mode: 'submit' });
  });

  it('tops up a wallet through mapi.php and a form-POST notification; the key goes only to api.php', async () => {
    const channel = (
      await admin.client.post<ChannelView>(
        '/api/v1/admin/payment-channels',
        channelBody({ gateway: gateway.gateway, pid: gateway.pid, mode: 'mapi', type: 'wxpay' }),
      )
    ).body;
    const buyer = await signedIn(app(), 'buyer', 'epay-topup');
    const started = await buyer.client.post<{ paymentId: string; redirectUrl: string }>(
      '/api/v1/wallet/topups',
      {
        amount: 5_000,
        provider: channel.id,
      },
    );
    expect(started.status, started.text).toBe(200);
    expect(started.body.redirectUrl).toMatch(new RegExp(`^${gateway.gateway}/pay/\\d+$`));
    const created = gateway.received.find((r) => r.path === '/mapi.php');
    expect(created?.params).toMatchObject({
      pid: gateway.pid,
      type: 'wxpay',
      out_trade_no: started.body.paymentId,
      money: '50.00',
      clientip: '127.0.0.1',
      notify_url: `${SHOP_URL}/api/v1/payments/callbacks/${channel.id}`,
      sign_type: 'MD5',
    });

    const trade = await gateway.tradeFor(started.body.redirectUrl);
    await gateway.markPaid(trade);
    const notification = await gateway.notification(trade);
    expect(notification).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
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

    // The key authenticates queries (and refunds) at the gateway; it is never in what the buyer or the
    // order page sees, never in a signed order, and never stored with a callback.
    expect(started.text).not.toContain(gateway.key);
    for (const request of gateway.received)
      expect(Object.values(request.params).includes(gateway.key), `${request.path} ${request.act}`).toBe(
        request.path === '/api.php',
      );
    const stored = await app().database.handle.db.selectFrom('payment_callbacks').select('body').execute();
    expect(JSON.stringify(stored)).not.toContain(gateway.key);
    await expectLedgerInvariants(app().database.handle.db);
  });
});
