import { toStoredTime, type Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/context.js';
import { ulid } from '../../../platform/ids.js';
import type {
  CallbackInput,
  CallbackReply,
  CallbackVerdict,
  CreateProviderPayment,
  PaymentProvider,
  ProviderStatus,
  RefundOutcome,
} from '../provider.js';
import { PLAIN_SUCCESS } from '../provider.js';
import { sandboxSignatureValid, signSandboxParams } from './signing.js';

/**
 * The built-in sandbox provider: a stand-in for an outside payment company, with its own books
 * (`sandbox_trades`), a checkout page on the shop (`/sandbox/pay/<trade>`), signed callbacks and a query
 * API. Kameng treats it exactly like a real provider: it trusts a callback only when the signature
 * verifies and the amount and currency match the payment, and it never reads the sandbox's books except
 * through `queryPayment`.
 */
export const SANDBOX = 'sandbox';
export const SANDBOX_NOTIFY_PATH = `/api/v1/payments/callbacks/${SANDBOX}`;

export class SandboxProvider implements PaymentProvider {
  readonly name: string;
  readonly callbackAcknowledgement: CallbackReply = PLAIN_SUCCESS;
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #key: Buffer;

  /** `name`: the channel (the built-in `sandbox`, or a sandbox channel an admin configured). */
  constructor(deps: { db: Db; clock: Clock; key: Buffer; name?: string }) {
    this.name = deps.name ?? SANDBOX;
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#key = deps.key;
  }

  async createPayment(input: CreateProviderPayment): Promise<{ redirectUrl: string }> {
    const now = this.#clock.now();
    await this.#db
      .insertInto('sandbox_trades')
      .values({
        trade_no: `SBX${ulid(now.getTime())}`,
        out_trade_no: input.paymentId,
        amount: input.amount,
        currency: input.currency,
        subject: input.subject,
        notify_path: input.notifyPath,
        return_path: input.returnPath,
        status: 'waiting',
        refunded_amount: 0,
        created_at: toStoredTime(now),
        paid_at: null,
      })
      .onConflict((oc) => oc.column('out_trade_no').doNothing())
      .execute();
    const trade = await this.#tradeOf(input.paymentId);
    return { redirectUrl: `/sandbox/pay/${trade!.trade_no}` };
  }

  verifyCallback(input: CallbackInput): Promise<CallbackVerdict> {
    return Promise.resolve(this.#verify(input.params));
  }

  #verify(params: Readonly<Record<string, string>>): CallbackVerdict {
    const paymentId = params.out_trade_no ?? null;
    if (Object.keys(params).length > 30) return { ok: false, reason: 'too many parameters', paymentId: null };
    if (!sandboxSignatureValid(params, this.#key)) return { ok: false, reason: 'bad signature', paymentId };
    const amount = Number(params.total_amount);
    if (
      !paymentId ||
      !params.trade_no ||
      !/^\d{1,15}$/.test(params.total_amount ?? '') ||
      !Number.isSafeInteger(amount)
    )
      return { ok: false, reason: 'missing or malformed fields', paymentId };
    return {
      ok: true,
      paymentId,
      providerTradeNo: params.trade_no,
      amount,
      currency: params.currency ?? '',
      paid: params.trade_status === 'TRADE_SUCCESS',
    };
  }

  async queryPayment(paymentId: string): Promise<ProviderStatus> {
    const trade = await this.#tradeOf(paymentId);
    if (trade?.status !== 'paid') return { paid: false };
    return { paid: true, providerTradeNo: trade.trade_no, amount: trade.amount, currency: trade.currency };
  }

  async refund(input: { paymentId: string; refundId: string; amount: number }): Promise<RefundOutcome> {
    const trade = await this.#tradeOf(input.paymentId);
    if (trade?.status !== 'paid') return { ok: false, error: 'trade not paid', refused: true };
    const result = await this.#db
      .updateTable('sandbox_trades')
      .set((eb) => ({ refunded_amount: eb('refunded_amount', '+', input.amount) }))
      .where('trade_no', '=', trade.trade_no)
      .where((eb) => eb(eb('refunded_amount', '+', input.amount), '<=', eb.ref('amount')))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1)
      return { ok: false, error: 'refund exceeds the paid amount', refused: true };
    return { ok: true, providerRefundNo: `SBR${input.refundId}` };
  }

  // ——— the provider's own side: its checkout page ———

  async trade(tradeNo: string) {
    return this.#db
      .selectFrom('sandbox_trades')
      .selectAll()
      .where('trade_no', '=', tradeNo)
      .executeTakeFirst();
  }

  /**
   * The buyer pressed "pay" (or "fail") on the sandbox checkout page. Returns the signed notification
   * the provider now sends to Kameng, or null if the trade was already finished.
   */
  async completeTrade(
    tradeNo: string,
    outcome: 'paid' | 'failed',
  ): Promise<{ notifyPath: string; returnPath: string; notification: Record<string, string> } | null> {
    const now = this.#clock.now();
    const result = await this.#db
      .updateTable('sandbox_trades')
      .set({ status: outcome, paid_at: outcome === 'paid' ? toStoredTime(now) : null })
      .where('trade_no', '=', tradeNo)
      .where('status', '=', 'waiting')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return null;
    const trade = await this.trade(tradeNo);
    if (!trade) return null;
    return {
      notifyPath: trade.notify_path,
      returnPath: trade.return_path,
      notification: this.notificationFor(trade),
    };
  }

  /** The signed callback for a trade, as the provider sends it (also used by tests to replay it). */
  notificationFor(trade: {
    trade_no: string;
    out_trade_no: string;
    amount: number;
    currency: string;
    status: string;
  }): Record<string, string> {
    return signSandboxParams(
      {
        out_trade_no: trade.out_trade_no,
        trade_no: trade.trade_no,
        total_amount: String(trade.amount),
        currency: trade.currency,
        trade_status: trade.status === 'paid' ? 'TRADE_SUCCESS' : 'TRADE_CLOSED',
        notify_time: toStoredTime(this.#clock.now()),
      },
      this.#key,
    );
  }

  async #tradeOf(paymentId: string) {
    return this.#db
      .selectFrom('sandbox_trades')
      .selectAll()
      .where('out_trade_no', '=', paymentId)
      .executeTakeFirst();
  }
}
