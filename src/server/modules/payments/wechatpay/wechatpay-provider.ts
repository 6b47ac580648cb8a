import { createPrivateKey, type KeyObject } from 'node:crypto';
import { shopUrl } from '../provider-url.js';
import { qrPagePath } from '../qr-page.js';
import type { Clock } from '../../../platform/clock.js';
import { AppError } from '../../../platform/errors.js';
import { paymentsErrors } from '../payments.errors.js';
import { exchangeWithProvider } from '../provider-http.js';
import type {
  CallbackInput,
  CallbackReply,
  CallbackVerdict,
  CreateProviderPayment,
  PaymentProvider,
  ProviderStatus,
  RefundOutcome,
} from '../provider.js';
import { readNotification } from './wechatpay-notification.js';
import { platformKeysOf, type WechatpayCredentials, type WechatpaySettings } from './wechatpay-settings.js';
import { authorizationHeader, verifyWechatpaySignature } from './wechatpay-signing.js';
import { isJson, PAID_STATES, parseJson, readTransaction, type Json } from './wechatpay-transaction.js';

/**
 * WeChat Pay API v3 for a direct merchant (直连商户), CNY only:
 *
 * - create: Native支付 `POST /v3/pay/transactions/native` → `code_url` (`weixin://…`), shown to the buyer
 *   as a QR code on Kameng's own page (`/pay/qr`); H5支付 `POST /v3/pay/transactions/h5` (with the
 *   buyer's IP) → `h5_url`, WeChat's page in a phone browser;
 * - notify: a JSON POST signed over its raw body, the transaction encrypted with the APIv3 key
 *   (wechatpay-notification.ts); Kameng answers `204` with no body, as WeChat asks;
 * - query: `GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=…`;
 * - refund: `POST /v3/refund/domestic/refunds` with `out_refund_no` = Kameng's refund id (WeChat refunds
 *   one number once), read back with `GET /v3/refund/domestic/refunds/{out_refund_no}` when a retry is
 *   refused.
 *
 * Every request is signed with the merchant key; every answer must carry WeChat Pay's valid signature
 * (wechatpay-signing.ts), or it is no answer: nothing is credited or refunded on an unsigned word.
 */
const MAX_DESCRIPTION_BYTES = 127;
const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** Refund states in which WeChat has taken the refund on (sent the money back, or is sending it). */
const REFUND_ACCEPTED = new Set(['SUCCESS', 'PROCESSING']);
/** Taken on, not finished: Kameng asks again later and moves the money only on SUCCESS. */
const REFUND_PENDING = 'PROCESSING';

/** A WeChat Pay answer whose signature verified: its status and JSON (empty for an empty body). */
interface Answer {
  status: number;
  body: Json;
}

export class WechatpayProvider implements PaymentProvider {
  readonly name: string;
  /** "接收成功：HTTP应答状态码需返回200或204，无需返回应答报文". */
  readonly callbackAcknowledgement: CallbackReply = {
    status: 204,
    contentType: 'text/plain; charset=utf-8',
    body: '',
  };
  readonly #settings: WechatpaySettings;
  readonly #credentials: WechatpayCredentials;
  readonly #merchantKey: KeyObject;
  readonly #platformKeys: ReadonlyMap<string, KeyObject>;
  readonly #apiBase: string;
  readonly #publicUrl: string | undefined;
  readonly #clock: Clock;

  constructor(deps: {
    channelId: string;
    settings: WechatpaySettings;
    credentials: WechatpayCredentials;
    publicUrl: string | undefined;
    clock: Clock;
  }) {
    this.name = deps.channelId;
    this.#settings = deps.settings;
    this.#credentials = deps.credentials;
    this.#merchantKey = createPrivateKey(deps.credentials.merchantPrivateKey);
    this.#platformKeys = platformKeysOf(deps.settings);
    this.#apiBase = deps.settings.apiBase.replace(/\/+$/, '');
    this.#publicUrl = deps.publicUrl;
    this.#clock = deps.clock;
  }

  /**
   * Creating twice for one payment (an idempotent replay of the checkout request) is safe: WeChat answers
   * the same out_trade_no with the same parameters with the same code_url or h5_url.
   */
  async createPayment(input: CreateProviderPayment): Promise<{ redirectUrl: string }> {
    if (input.currency !== 'CNY')
      throw new AppError(paymentsErrors.PAYMENT_CURRENCY_NOT_SUPPORTED, { currency: input.currency });
    const isH5 = this.#settings.product === 'h5';
    // H5支付 must name the buyer's address: WeChat compares it with the phone that opens the page.
    if (isH5 && !input.payerIp) throw unavailable('the buyer’s IP address is unknown (H5 pay needs it)');
    const order = {
      appid: this.#settings.appid,
      mchid: this.#settings.mchid,
      description: descriptionOf(input.subject, input.paymentId),
      out_trade_no: input.paymentId,
      time_expire: beijingRfc3339(input.expiresAt),
      notify_url: shopUrl(this.#publicUrl, input.notifyPath),
      amount: { total: input.amount, currency: 'CNY' },
      ...(isH5 ? { scene_info: { payer_client_ip: input.payerIp, h5_info: { type: 'Wap' } } } : {}),
    };
    const path = isH5 ? '/v3/pay/transactions/h5' : '/v3/pay/transactions/native';
    let answer: Answer;
    try {
      answer = await this.#call('POST', path, order);
    } catch (error) {
      throw unavailable(messageOf(error));
    }
    if (answer.status !== 200) throw unavailable(`WeChat Pay refused the order: ${describe(answer)}`);
    if (isH5) {
      const h5Url = answer.body.h5_url;
      if (typeof h5Url !== 'string' || !h5Url.startsWith('https://'))
        throw unavailable('WeChat Pay answered without an h5_url');
      // WeChat sends the buyer back here after paying (the domain must be the one registered for H5); the
      // parameter is appended to h5_url as WeChat's guide writes it, the rest of the URL left as sent.
      const separator = h5Url.includes('?') ? '&' : '?';
      const back = `${h5Url}${separator}redirect_url=${encodeURIComponent(shopUrl(this.#publicUrl, input.returnPath))}`;
      return { redirectUrl: back };
    }
    const codeUrl = answer.body.code_url;
    if (typeof codeUrl !== 'string' || !codeUrl.startsWith('weixin://'))
      throw unavailable('WeChat Pay answered without a code_url');
    return {
      redirectUrl: qrPagePath({
        app: 'wechat',
        code: codeUrl,
        paymentId: input.paymentId,
        returnPath: input.returnPath,
      }),
    };
  }

  verifyCallback(input: CallbackInput): Promise<CallbackVerdict> {
    return Promise.resolve(
      readNotification(input, {
        mchid: this.#settings.mchid,
        appid: this.#settings.appid,
        apiV3Key: this.#credentials.apiV3Key,
        platformKeys: this.#platformKeys,
        now: this.#clock.now(),
      }),
    );
  }

  async queryPayment(paymentId: string): Promise<ProviderStatus> {
    const answer = await this.#call(
      'GET',
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(paymentId)}?mchid=${this.#settings.mchid}`,
    );
    // The buyer never scanned or opened the page: WeChat knows no such order.
    if (answer.status === 404 && answer.body.code === 'ORDER_NOT_EXIST') return { paid: false };
    if (answer.status !== 200) throw new Error(`WeChat Pay query failed: ${describe(answer)}`);
    const transaction = readTransaction(answer.body);
    if (!transaction) throw new Error('WeChat Pay query answer without a readable transaction');
    if (
      transaction.outTradeNo !== paymentId ||
      transaction.mchid !== this.#settings.mchid ||
      transaction.appid !== this.#settings.appid
    )
      throw new Error('WeChat Pay query answered about another order');
    // REFUND (转入退款): the buyer paid and some of it went back since — the payment itself happened.
    if (!PAID_STATES.has(transaction.tradeState)) return { paid: false };
    if (!transaction.transactionId) throw new Error('WeChat Pay query answer without transaction_id');
    return {
      paid: true,
      providerTradeNo: transaction.transactionId,
      amount: transaction.total,
      currency: transaction.currency,
    };
  }

  /**
   * A refund names the order's total, which Kameng reads from WeChat first (and so refunds only what
   * WeChat says was paid). `out_refund_no` is the refund id: a retry after a lost answer is the same
   * refund, and when WeChat refuses a retry the refund is read back under that number.
   */
  async refund(input: {
    paymentId: string;
    refundId: string;
    amount: number;
    providerRefundNo?: string | null;
  }): Promise<RefundOutcome> {
    try {
      // A refund WeChat took on (PROCESSING) is read back under Kameng's number, never asked for again.
      if (input.providerRefundNo) {
        const taken = await this.#refundByNumber(input.refundId);
        return taken
          ? refundOutcome(taken, input)
          : { ok: false, error: 'WeChat Pay no longer knows the refund it took on' };
      }
      const paid = await this.queryPayment(input.paymentId);
      if (!paid.paid)
        return { ok: false, error: 'WeChat Pay has no paid order for this payment', refused: true };
      const answer = await this.#call('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: input.paymentId,
        out_refund_no: input.refundId,
        amount: { refund: input.amount, total: paid.amount, currency: 'CNY' },
      });
      if (answer.status === 200) return refundOutcome(answer.body, input);
      const earlier = await this.#refundByNumber(input.refundId);
      return earlier
        ? refundOutcome(earlier, input)
        : {
            ok: false,
            error: `WeChat Pay refused the refund: ${describe(answer)}`,
            // A signed 4xx with no refund under this number refuses; 5xx, SYSTEM_ERROR and rate limits do not.
            ...(answer.status >= 400 &&
            answer.status < 500 &&
            answer.status !== 429 &&
            !['SYSTEM_ERROR', 'FREQUENCY_LIMITED'].includes(String(answer.body.code))
              ? { refused: true as const }
              : {}),
          };
    } catch (error) {
      return { ok: false, error: messageOf(error) };
    }
  }

  /** The refund under Kameng's refund id, or null when WeChat has none. */
  async #refundByNumber(refundId: string): Promise<Json | null> {
    const answer = await this.#call('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(refundId)}`);
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw new Error(`WeChat Pay refund query failed: ${describe(answer)}`);
    return answer.body;
  }

  /**
   * One signed request to WeChat Pay; the answer once its signature is checked. An answer that is not
   * signed by a configured platform key, or whose timestamp is more than five minutes off, is an error
   * whatever it says (the status and WeChat's code are named, never the request).
   */
  async #call(method: 'GET' | 'POST', pathWithQuery: string, payload?: Json): Promise<Answer> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const label = `WeChat Pay ${method} ${pathWithQuery.split('?')[0]!}`;
    const answer = await exchangeWithProvider(
      `${this.#apiBase}${pathWithQuery}`,
      {
        method,
        headers: {
          accept: 'application/json',
          // WeChat refuses requests without a User-Agent.
          'user-agent': 'Kameng (WeChat Pay API v3)',
          authorization: authorizationHeader({
            mchid: this.#settings.mchid,
            serialNo: this.#settings.merchantSerialNo,
            privateKey: this.#merchantKey,
            method,
            pathWithQuery,
            body,
            timestamp: Math.floor(this.#clock.now().getTime() / 1000),
          }),
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { body }),
      },
      label,
    );
    const signature = verifyWechatpaySignature(
      {
        'wechatpay-timestamp': answer.headers.get('wechatpay-timestamp'),
        'wechatpay-nonce': answer.headers.get('wechatpay-nonce'),
        'wechatpay-signature': answer.headers.get('wechatpay-signature'),
        'wechatpay-serial': answer.headers.get('wechatpay-serial'),
      },
      answer.text,
      this.#platformKeys,
      this.#clock.now(),
    );
    if (!signature.ok) throw new Error(`${label}: HTTP ${answer.status}, not trusted (${signature.reason})`);
    const parsed = answer.text === '' ? {} : parseJson(answer.text);
    if (!parsed) throw new Error(`${label}: answer is not JSON (HTTP ${answer.status})`);
    return { status: answer.status, body: parsed };
  }
}

function refundOutcome(
  refund: Json,
  input: { paymentId: string; refundId: string; amount: number },
): RefundOutcome {
  const amount = isJson(refund.amount) ? refund.amount : {};
  const status = typeof refund.status === 'string' ? refund.status : 'in an unknown state';
  if (
    refund.out_refund_no !== input.refundId ||
    refund.out_trade_no !== input.paymentId ||
    amount.refund !== input.amount
  )
    return { ok: false, error: 'WeChat Pay answered about another refund' };
  if (!REFUND_ACCEPTED.has(status) || typeof refund.refund_id !== 'string')
    return {
      ok: false,
      error:
        status === 'ABNORMAL'
          ? 'WeChat Pay refund ABNORMAL (the buyer’s account cannot take it): handle it in the merchant platform, then retry'
          : `WeChat Pay refund ${status.slice(0, 32)}`,
      // ABNORMAL and CLOSED are WeChat's final word on this refund; an unreadable state is not.
      ...(status === 'ABNORMAL' || status === 'CLOSED' ? { refused: true as const } : {}),
    };
  return status === REFUND_PENDING
    ? { ok: true, providerRefundNo: refund.refund_id, pending: status }
    : { ok: true, providerRefundNo: refund.refund_id };
}

function unavailable(problem: string): AppError {
  return new AppError(paymentsErrors.PAYMENT_PROVIDER_UNAVAILABLE, { problem });
}

/** RFC 3339 in Beijing time (`2026-11-22T18:15:00+08:00`), as WeChat writes `time_expire`. */
export function beijingRfc3339(at: Date): string {
  return `${new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** `description` is at most 127 bytes of UTF-8: whole characters are kept, the payment id stands in for none. */
function descriptionOf(subject: string, paymentId: string): string {
  let description = '';
  for (const char of subject.replace(/\s+/g, ' ').trim()) {
    if (Buffer.byteLength(description + char, 'utf8') > MAX_DESCRIPTION_BYTES) break;
    description += char;
  }
  return description || paymentId;
}

/** WeChat's own words, short: its error code and message. */
function describe(answer: Answer): string {
  const code = typeof answer.body.code === 'string' ? answer.body.code.slice(0, 64) : '';
  const message = typeof answer.body.message === 'string' ? answer.body.message.slice(0, 200) : '';
  return `HTTP ${answer.status}${code ? ` ${code}` : ''}${message ? ` ${message}` : ''}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'WeChat Pay request failed';
}
