import { expect, it } from 'vitest';
import { SandboxProvider } from '../../src/server/modules/payments/index.js';
import { describeEachDialect } from '../helpers/databases.js';
import { expectLedgerInvariants } from '../helpers/ledger.js';
import { useTestApp, type TestApp } from '../helpers/test-app.js';
import { signedIn, type Person } from '../helpers/commerce.js';

interface Started {
  paymentId: string;
  redirectUrl: string;
}

function sandboxOf(app: TestApp): SandboxProvider {
  const ctx = app.kameng.ctx;
  return new SandboxProvider({ db: ctx.db, clock: ctx.clock, key: ctx.keys.subkey('sandbox-provider') });
}

async function walletOf(person: Person): Promise<number> {
  const balances = await person.client.get<{ items: Array<{ kind: string; balance: number }> }>(
    '/api/v1/me/balances',
  );
  return balances.body.items.find((b) => b.kind === 'user_wallet')?.balance ?? 0;
}

describeEachDialect('payments: sandbox provider, callbacks, top-ups', (dialect) => {
  const app = useTestApp(dialect);

  async function startTopup(person: Person, amount: number): Promise<Started & { tradeNo: string }> {
    const started = await person.client.post<Started>('/api/v1/wallet/topups', { amount });
    expect(started.status, started.text).toBe(200);
    const tradeNo = started.body.redirectUrl.split('/').pop()!;
    return { ...started.body, tradeNo };
  }

  it('tops up a wallet through the sandbox checkout page and its signed callback', async () => {
    const buyer = await signedIn(app(), 'buyer', 'topup');
    const { paymentId, tradeNo, redirectUrl } = await startTopup(buyer, 10_000);
    expect(redirectUrl).toBe(`/sandbox/pay/${tradeNo}`);
    const page = await app()
      .client()
      .get<{ amount: number; status: string }>(`/api/v1/sandbox/trades/${tradeNo}`);
    expect(page.body).toMatchObject({ amount: 10_000, status: 'waiting' });
    const paid = await app()
      .client()
      .post<{ notified: boolean; returnPath: string }>(`/api/v1/sandbox/trades/${tradeNo}/complete`, {
        outcome: 'paid',
      });
    expect(paid.body).toEqual({ notified: true, returnPath: `/account/wallet?payment=${paymentId}` });
    expect(await walletOf(buyer)).toBe(10_000);
    const payment = await buyer.client.get<{ status: string }>(`/api/v1/payments/${paymentId}`);
    expect(payment.body.status).toBe('succeeded');
    const again = await app().client().post<{ code: string }>(`/api/v1/sandbox/trades/${tradeNo}/complete`, {
      outcome: 'paid',
    });
    expect(again.body.code).toBe('SANDBOX_TRADE_CLOSED');
  });

  it('credits once however often, and however concurrently, the same callback arrives', async () => {
    const buyer = await signedIn(app(), 'buyer', 'dup');
    const { tradeNo } = await startTopup(buyer, 2_500);
    const sandbox = sandboxOf(app());
    const completed = await sandbox.completeTrade(tradeNo, 'paid');
    const callback = () =>
      app().client().post('/api/v1/payments/callbacks/sandbox', completed!.notification, { csrf: false });
    const responses = await Promise.all(Array.from({ length: 8 }, callback));
    expect(responses.map((r) => r.text)).toEqual(Array(8).fill('success'));
    expect((await callback()).text).toBe('success');
    expect(await walletOf(buyer)).toBe(2_500);
    const stored = await app()
      .database.handle.db.selectFrom('payment_callbacks')
      .select('verdict')
      .where('payment_id', '=', completed!.notification.out_trade_no!)
      .execute();
    expect(stored.map((s) => s.verdict).sort()).toEqual(
      ['accepted', ...Array<string>(8).fill('duplicate')].sort(),
    );
    await expectLedgerInvariants(app().database.handle.db);
  });

  it('refuses a forged signature, a changed amount or currency, and an unknown payment, storing each verdict', async () => {
    const buyer = await signedIn(app(), 'buyer', 'forged');
    const { tradeNo, paymentId } = await startTopup(buyer, 3_000);
    const sandbox = sandboxOf(app());
    const trade = (await sandbox.trade(tradeNo))!;
    const genuine = sandbox.notificationFor({ ...trade, status: 'paid' });
    const post = (body: Record<string, string>) =>
      app().client().post<{ code: string }>('/api/v1/payments/callbacks/sandbox', body, { csrf: false });

    const forged = await post({
      ...genuine,
      sign: genuine.sign!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
    });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('PAYMENT_CALLBACK_REJECTED');
    const cheaper = await post(sandbox.notificationFor({ ...trade, amount: 2_999, status: 'paid' }));
    expect(cheaper.body.code).toBe('PAYMENT_CALLBACK_REJECTED');
    const otherCurrency = await post(sandbox.notificationFor({ ...trade, currency: 'ZUAN', status: 'paid' }));
    expect(otherCurrency.body.code).toBe('PAYMENT_CALLBACK_REJECTED');
    const unknown = await post(
      sandbox.notificationFor({ ...trade, out_trade_no: 'pay_01JD000000000000000000000X', status: 'paid' }),
    );
    expect(unknown.body.code).toBe('PAYMENT_CALLBACK_REJECTED');
    expect(await walletOf(buyer)).toBe(0);
    const verdicts = await app()
      .database.handle.db.selectFrom('payment_callbacks')
      .select(['verdict', 'payment_id'])
      .where('provider', '=', 'sandbox')
      .where('verdict', 'like', 'refused%')
      .execute();
    expect(verdicts.filter((v) => v.payment_id === paymentId)).toHaveLength(3);
    expect(verdicts.some((v) => v.payment_id === null && v.verdict.includes('unknown payment'))).toBe(true);
  });

  it('finds a payment whose callback never came when the buyer presses "I have paid"', async () => {
    const buyer = await signedIn(app(), 'buyer', 'lost');
    const { tradeNo, paymentId } = await startTopup(buyer, 4_200);
    await sandboxOf(app()).completeTrade(tradeNo, 'paid');
    expect(await walletOf(buyer)).toBe(0);
    const checked = await app().client().post<{ status: string }>(`/api/v1/payments/${paymentId}/check`);
    expect(checked.body.status).toBe('succeeded');
    expect(await walletOf(buyer)).toBe(4_200);
  });

  it('marks a payment failed when the provider says so, and still takes the money if it later arrives', async () => {
    const buyer = await signedIn(app(), 'buyer', 'failed');
    const { tradeNo, paymentId } = await startTopup(buyer, 1_000);
    await app().client().post(`/api/v1/sandbox/trades/${tradeNo}/complete`, { outcome: 'failed' });
    expect((await buyer.client.get<{ status: string }>(`/api/v1/payments/${paymentId}`)).body.status).toBe(
      'failed',
    );
    const trade = (await sandboxOf(app()).trade(tradeNo))!;
    const notification = sandboxOf(app()).notificationFor({ ...trade, status: 'paid' });
    const send = () =>
      app().client().post('/api/v1/payments/callbacks/sandbox', notification, { csrf: false });
    // A validly signed "paid" while the provider's own books say failed: refused, and an alert raised.
    const denied = await send();
    expect(denied.status).toBe(400);
    const alerts = await app()
      .database.handle.db.selectFrom('payment_alerts')
      .select(['kind', 'payment_id'])
      .where('payment_id', '=', paymentId)
      .execute();
    expect(alerts).toEqual([{ kind: 'callback_denied_by_query', payment_id: paymentId }]);
    expect(await walletOf(buyer)).toBe(0);
    // The money does arrive at the provider later: now the same callback is believed.
    await app()
      .database.handle.db.updateTable('sandbox_trades')
      .set({ status: 'paid' })
      .where('trade_no', '=', tradeNo)
      .execute();
    const late = await send();
    expect(late.text).toBe('success');
    expect(await walletOf(buyer)).toBe(1_000);
  });

  it("never shows one user another user's payment", async () => {
    const alice = await signedIn(app(), 'buyer', 'alice');
    const bob = await signedIn(app(), 'buyer', 'bob');
    const { paymentId } = await startTopup(alice, 500);
    const peek = await bob.client.get<{ code: string }>(`/api/v1/payments/${paymentId}`);
    expect(peek.status).toBe(404);
    expect(peek.body.code).toBe('PAYMENT_NOT_FOUND');
  });

  it('refuses top-ups below ¥1', async () => {
    const buyer = await signedIn(app(), 'buyer', 'tiny');
    const tiny = await buyer.client.post<{ code: string }>('/api/v1/wallet/topups', { amount: 50 });
    expect(tiny.body.code).toBe('PAYMENT_AMOUNT_INVALID');
  });
});
