import { createHmac } from 'node:crypto';
import type { MakeSimulator, NotificationOptions, SimulatedTrade } from '../provider-conformance.js';

/**
 * The built-in sandbox provider as a conformance-suite peer: a sandbox-kind channel with its own key. The
 * sandbox keeps its books in Kameng's database (`sandbox_trades`), so this simulator reads and writes them
 * there, as the "payment company" would; its notifications are signed here, independently of
 * `sandbox/signing.ts`, so the suite checks one against the other.
 */
const SIGNING_KEY = 'conformance-sandbox-key-7Hq2vX9pLm4RtZ8wKc3N';
/** While refunds fail, every paid trade is marked as refunded far beyond its amount (see `setRefundsFailing`). */
const BLOCK = 1_000_000_000_000;

function sign(params: Record<string, string>): Record<string, string> {
  const text = Object.keys(params)
    .filter((name) => params[name] !== '')
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
  return {
    ...params,
    sign_type: 'HMAC-SHA256',
    sign: createHmac('sha256', SIGNING_KEY).update(text, 'utf8').digest('hex'),
  };
}

export const sandboxSimulator: MakeSimulator = (app) => {
  const db = app.database.handle.db;
  let refundsFail = false;
  const block = () =>
    db
      .updateTable('sandbox_trades')
      .set((eb) => ({ refunded_amount: eb('refunded_amount', '+', BLOCK) }))
      .where('status', '=', 'paid')
      .where('refunded_amount', '<', BLOCK)
      .execute();

  return Promise.resolve({
    kind: 'sandbox' as const,
    settings: {},
    credentials: { signingKey: SIGNING_KEY },
    acknowledgement: { status: 200, body: 'success' },
    carriesCurrency: true,

    async tradeFor(redirectUrl: string): Promise<SimulatedTrade> {
      const match = /^\/sandbox\/pay\/([A-Z0-9]+)$/.exec(redirectUrl);
      if (!match) throw new Error(`not a sandbox checkout page: ${redirectUrl}`);
      const trade = await db
        .selectFrom('sandbox_trades')
        .selectAll()
        .where('trade_no', '=', match[1]!)
        .executeTakeFirstOrThrow();
      return {
        tradeNo: trade.trade_no,
        outTradeNo: trade.out_trade_no,
        amount: Number(trade.amount),
        notifyUrl: trade.notify_path,
      };
    },

    async markPaid(trade) {
      await db
        .updateTable('sandbox_trades')
        .set({ status: 'paid', paid_at: app.clock.now().toISOString() })
        .where('trade_no', '=', trade.tradeNo)
        .execute();
      if (refundsFail) await block();
    },

    notification(trade, options: NotificationOptions = {}) {
      const params = sign({
        out_trade_no: options.outTradeNo ?? trade.outTradeNo,
        trade_no: options.tradeNo ?? trade.tradeNo,
        total_amount: String(options.amount ?? trade.amount),
        currency: options.currency ?? 'CNY',
        trade_status: (options.status ?? 'paid') === 'paid' ? 'TRADE_SUCCESS' : 'TRADE_CLOSED',
        notify_time: app.clock.now().toISOString(),
      });
      if (options.forgeSignature) params.sign = params.sign!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
      return Promise.resolve({
        method: 'POST' as const,
        url: trade.notifyUrl,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
      });
    },

    async setRefundsFailing(failing) {
      refundsFail = failing;
      // The sandbox refuses a refund beyond what is left of a trade: blocked trades have nothing left.
      if (failing) await block();
      else
        await db
          .updateTable('sandbox_trades')
          .set((eb) => ({ refunded_amount: eb('refunded_amount', '-', BLOCK) }))
          .where('refunded_amount', '>=', BLOCK)
          .execute();
    },

    async refundedAmount(trade) {
      const row = await db
        .selectFrom('sandbox_trades')
        .select('refunded_amount')
        .where('trade_no', '=', trade.tradeNo)
        .executeTakeFirstOrThrow();
      return Number(row.refunded_amount) % BLOCK;
    },

    close: () => Promise.resolve(),
  });
};
