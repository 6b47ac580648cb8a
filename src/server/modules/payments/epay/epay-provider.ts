import { z } from 'zod';
import { AppError } from '../../../platform/errors.js';
import { paymentsErrors } from '../payments.errors.js';
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
import { requestProvider } from '../provider-http.js';
import { providerUrlSchema, shopUrl } from '../provider-url.js';
import { fenToYuan, yuanToFen } from './epay-money.js';
import { epaySignatureValid, signEpayParams } from './epay-signing.js';

/**
 * 易支付 (epay), the protocol most 卡盟 sites take money through: a gateway run by an epay company (彩虹易支付
 * and its many forks) in front of Alipay, WeChat Pay and QQ Wallet. One merchant id (`pid`) and one MD5 key
 * per account; amounts in yuan; CNY only.
 *
 * - create: `submit.php` — the buyer's browser is sent there with the signed order as query parameters —
 *   or, in `mapi` mode, a server-to-server POST to `mapi.php` that answers with the page to send the buyer to;
 * - notify: the gateway calls `notify_url` (GET, some forks POST a form) with `pid, trade_no, out_trade_no,
 *   type, name, money, trade_status, sign, sign_type`, and wants the plain text `success`;
 * - query: `api.php?act=order&pid=&key=&out_trade_no=` → JSON, `status` 1 when paid (2 once refunded);
 * - refund: POST `api.php?act=refund` with `pid, key, out_trade_no, money` → JSON, `code` 1 when done.
 *
 * Query and refund authenticate with the key itself (the protocol's choice), so the key travels only to
 * the configured gateway, over HTTPS, and never into a log or an error message.
 */
export const epaySettingsSchema = z
  .strictObject({
    /** The epay company's address, e.g. `https://pay.example.com` (submit.php, mapi.php, api.php below it). */
    gateway: providerUrlSchema,
    /** The merchant id (商户ID) at that company. */
    pid: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters and digits'),
    /** Which wallet to open; left out, the gateway's cashier lets the buyer choose (submit mode only). */
    type: z.enum(['alipay', 'wxpay', 'qqpay']).optional(),
    /** `submit`: redirect the browser to submit.php; `mapi`: create the order server to server. */
    mode: z.enum(['submit', 'mapi']).default('submit'),
  })
  .refine((settings) => settings.mode === 'submit' || settings.type !== undefined, {
    message: 'mapi mode needs a type (alipay, wxpay or qqpay)',
    path: ['type'],
  });
export type EpaySettings = z.output<typeof epaySettingsSchema>;
export interface EpayCredentials {
  /** The merchant key (商户密钥): signs both ways and authenticates queries and refunds. */
  key: string;
}

const MAX_CALLBACK_PARAMS = 30;
/** epay gateways cut or refuse long product names; the order id identifies the payment anyway. */
const MAX_NAME_CHARS = 60;

export class EpayProvider implements PaymentProvider {
  readonly name: string;
  readonly callbackAcknowledgement: CallbackReply = PLAIN_SUCCESS;
  readonly #settings: EpaySettings;
  readonly #key: string;
  readonly #gateway: string;
  readonly #publicUrl: string | undefined;

  constructor(deps: {
    channelId: string;
    settings: EpaySettings;
    credentials: EpayCredentials;
    publicUrl: string | undefined;
  }) {
    this.name = deps.channelId;
    this.#settings = deps.settings;
    this.#key = deps.credentials.key;
    this.#gateway = deps.settings.gateway.replace(/\/+$/, '');
    this.#publicUrl = deps.publicUrl;
  }

  async createPayment(input: CreateProviderPayment): Promise<{ redirectUrl: string }> {
    if (input.currency !== 'CNY')
      throw new AppError(paymentsErrors.PAYMENT_CURRENCY_NOT_SUPPORTED, { currency: input.currency });
    // The gateway calls back server to server and sends the buyer back: both need the shop's own address.
    const order: Record<string, string> = {
      pid: this.#settings.pid,
      ...(this.#settings.type ? { type: this.#settings.type } : {}),
      out_trade_no: input.paymentId,
      notify_url: shopUrl(this.#publicUrl, input.notifyPath),
      return_url: shopUrl(this.#publicUrl, input.returnPath),
      name: [...input.subject].slice(0, MAX_NAME_CHARS).join('') || input.paymentId,
      money: fenToYuan(input.amount),
    };
    if (this.#settings.mode === 'submit')
      return {
        redirectUrl: `${this.#gateway}/submit.php?${new URLSearchParams(signEpayParams(order, this.#key)).toString()}`,
      };
    const created = await this.#call('mapi.php', {
      method: 'POST',
      form: signEpayParams(
        { ...order, ...(input.payerIp ? { clientip: input.payerIp } : {}), device: 'pc' },
        this.#key,
      ),
    });
    const target = [created?.payurl, created?.qrcode, created?.urlscheme].find(
      (value): value is string => typeof value === 'string' && /^(https?:|weixin:|alipays?:)/.test(value),
    );
    if (scalar(created?.code) !== '1' || !target)
      throw new AppError(paymentsErrors.PAYMENT_PROVIDER_UNAVAILABLE, {
        problem: `mapi.php refused the order: ${describeAnswer(created)}`,
      });
    return { redirectUrl: target };
  }

  verifyCallback(input: CallbackInput): Promise<CallbackVerdict> {
    return Promise.resolve(this.#verify(input.params));
  }

  #verify(params: Readonly<Record<string, string>>): CallbackVerdict {
    const paymentId = params.out_trade_no ?? null;
    if (Object.keys(params).length > MAX_CALLBACK_PARAMS)
      return { ok: false, reason: 'too many parameters', paymentId: null };
    if (!epaySignatureValid(params, this.#key)) return { ok: false, reason: 'bad signature', paymentId };
    // Signed with our key but for another merchant id: a configuration mix-up, never ours to credit.
    if (params.pid !== this.#settings.pid) return { ok: false, reason: 'another merchant id', paymentId };
    const amount = yuanToFen(params.money ?? '');
    if (!paymentId || !params.trade_no || amount === null)
      return { ok: false, reason: 'missing or malformed fields', paymentId };
    return {
      ok: true,
      paymentId,
      providerTradeNo: params.trade_no,
      amount,
      // epay has no currency field: every epay amount is in yuan.
      currency: 'CNY',
      paid: params.trade_status === 'TRADE_SUCCESS',
    };
  }

  async queryPayment(paymentId: string): Promise<ProviderStatus> {
    const answer = await this.#order(paymentId);
    // 1 is paid; 0 unpaid, 2 refunded, 3 frozen: none of those is money Kameng may credit now.
    if (scalar(answer?.status) !== '1') return { paid: false };
    const amount = yuanToFen(scalar(answer?.money));
    const tradeNo = answer?.trade_no;
    if (amount === null || typeof tradeNo !== 'string' || tradeNo === '')
      throw new Error('epay query answer without a readable trade number or amount');
    return { paid: true, providerTradeNo: tradeNo, amount, currency: 'CNY' };
  }

  /** The gateway's record of an order (`api.php?act=order`), or null when it does not know it. */
  async #order(paymentId: string): Promise<Record<string, unknown> | null> {
    const answer = await this.#call('api.php', {
      method: 'GET',
      query: { act: 'order', pid: this.#settings.pid, key: this.#key, out_trade_no: paymentId },
    });
    // code ≠ 1: the gateway does not know the order (never created, or not this merchant's).
    if (scalar(answer?.code) !== '1') return null;
    if (answer?.out_trade_no !== undefined && scalar(answer.out_trade_no) !== paymentId)
      throw new Error('epay query answered about another order');
    return answer;
  }

  /**
   * epay refunds carry no request id of ours, so a retry after a lost answer cannot be told from a new
   * refund. When the gateway refuses, its record of the order is read: an order already refunded in full
   * means an earlier attempt of this full refund went through.
   */
  async refund(input: { paymentId: string; refundId: string; amount: number }): Promise<RefundOutcome> {
    let answer: Record<string, unknown> | null;
    try {
      answer = await this.#call('api.php?act=refund', {
        method: 'POST',
        form: {
          pid: this.#settings.pid,
          key: this.#key,
          out_trade_no: input.paymentId,
          money: fenToYuan(input.amount),
        },
      });
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : 'epay refund failed' };
    }
    if (scalar(answer?.code) === '1') {
      const refundNo = answer?.refund_no;
      return {
        ok: true,
        providerRefundNo: typeof refundNo === 'string' && refundNo ? refundNo : input.refundId,
      };
    }
    const order = await this.#order(input.paymentId).catch(() => null);
    if (scalar(order?.status) === '2' && yuanToFen(scalar(order?.money)) === input.amount)
      return { ok: true, providerRefundNo: input.refundId };
    // epay answered and did not refund (its refund API is synchronous): a refusal, not an unknown.
    return { ok: false, error: `epay refused the refund: ${describeAnswer(answer)}`, refused: true };
  }

  /**
   * One request to the gateway; the JSON answer, or an error that names neither the URL nor the key.
   * Redirects are refused: an answer must come from the configured gateway itself.
   */
  async #call(
    path: string,
    request:
      { method: 'GET'; query: Record<string, string> } | { method: 'POST'; form: Record<string, string> },
  ): Promise<Record<string, unknown> | null> {
    const url =
      request.method === 'GET'
        ? `${this.#gateway}/${path}?${new URLSearchParams(request.query).toString()}`
        : `${this.#gateway}/${path}`;
    const what = `epay gateway (${path.split('?')[0]})`;
    const text = await requestProvider(
      url,
      request.method === 'POST'
        ? {
            method: 'POST',
            headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(request.form).toString(),
          }
        : { method: 'GET', headers: { accept: 'application/json' } },
      what,
    );
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : null;
    } catch {
      throw new Error(`epay gateway answer is not JSON (${path.split('?')[0]})`);
    }
  }
}

/** A JSON field as text: gateways send numbers as numbers or strings (`"status": 1` or `"1"`). */
function scalar(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** The gateway's own words (code and message), short, for an error or the refund's last error. */
function describeAnswer(answer: Record<string, unknown> | null): string {
  if (!answer) return 'no answer';
  const code = scalar(answer.code) || '?';
  const message = typeof answer.msg === 'string' ? answer.msg.slice(0, 200) : '';
  return `code ${code}${message ? ` ${message}` : ''}`;
}
