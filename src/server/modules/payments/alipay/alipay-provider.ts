import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { shopUrl } from '../provider-url.js';
import { qrPagePath } from '../qr-page.js';
import type { Clock } from '../../../platform/clock.js';
import { AppError } from '../../../platform/errors.js';
import { fenToYuan, yuanToFen } from '../yuan.js';
import { paymentsErrors } from '../payments.errors.js';
import { requestProvider } from '../provider-http.js';
import {
  PLAIN_SUCCESS,
  type CallbackInput,
  type CallbackReply,
  type CallbackVerdict,
  type CreateProviderPayment,
  type PaymentProvider,
  type ProviderStatus,
  type RefundOutcome,
} from '../provider.js';
import type { AlipayCredentials, AlipaySettings } from './alipay-settings.js';
import { notifySignContent, rsa2Valid, signedResponseText, signRequest } from './alipay-signing.js';

/**
 * Alipay (支付宝开放平台, OpenAPI 2.0, public-key mode), CNY only:
 *
 * - create: `page` 电脑网站支付 (`alipay.trade.page.pay`) and `wap` 手机网站支付 (`alipay.trade.wap.pay`) send
 *   the buyer's browser to the gateway with the signed request as query parameters (the SDKs' "GET" page
 *   form); `qr` 当面付 calls `alipay.trade.precreate` server to server and sends the buyer to the
 *   `qr_code` it returns (`https://qr.alipay.com/…`: the QR code's content, which opens the Alipay app);
 * - notify: a form POST signed with Alipay's key over the sorted parameters but `sign` and `sign_type`;
 *   Kameng answers the text `success`, or Alipay retries 8 times over 25 hours;
 * - query `alipay.trade.query`, refund `alipay.trade.refund` with `out_request_no` = Kameng's refund id
 *   (Alipay refunds a request number once), confirmed by `alipay.trade.fastpay.refund.query` when the
 *   answer does not say the money moved (`fund_change` ≠ Y).
 *
 * Every answer that says yes (a QR code, a paid trade, a refund) must carry Alipay's valid signature.
 */
/** A trade notification has about thirty fields; far more is not one. */
const MAX_CALLBACK_PARAMS = 60;
const MAX_SUBJECT_CHARS = 128;
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const PAID = new Set(['TRADE_SUCCESS', 'TRADE_FINISHED']);

const PAGE_METHODS = {
  page: { method: 'alipay.trade.page.pay', productCode: 'FAST_INSTANT_TRADE_PAY' },
  wap: { method: 'alipay.trade.wap.pay', productCode: 'QUICK_WAP_WAY' },
} as const;

/** An Alipay answer: the `<method>_response` (or `error_response`) object, its signature already checked. */
interface Answer {
  fields: Record<string, unknown>;
  code: string;
}

export class AlipayProvider implements PaymentProvider {
  readonly name: string;
  readonly callbackAcknowledgement: CallbackReply = PLAIN_SUCCESS;
  readonly #settings: AlipaySettings;
  readonly #appKey: KeyObject;
  readonly #alipayKey: KeyObject;
  readonly #publicUrl: string | undefined;
  readonly #clock: Clock;

  constructor(deps: {
    channelId: string;
    settings: AlipaySettings;
    credentials: AlipayCredentials;
    publicUrl: string | undefined;
    clock: Clock;
  }) {
    this.name = deps.channelId;
    this.#settings = deps.settings;
    this.#appKey = createPrivateKey(deps.credentials.appPrivateKey);
    this.#alipayKey = createPublicKey(deps.settings.alipayPublicKey);
    this.#publicUrl = deps.publicUrl;
    this.#clock = deps.clock;
  }

  async createPayment(input: CreateProviderPayment): Promise<{ redirectUrl: string }> {
    if (input.currency !== 'CNY')
      throw new AppError(paymentsErrors.PAYMENT_CURRENCY_NOT_SUPPORTED, { currency: input.currency });
    const order = {
      out_trade_no: input.paymentId,
      total_amount: fenToYuan(input.amount),
      subject: subjectOf(input.subject, input.paymentId),
    };
    const notifyUrl = shopUrl(this.#publicUrl, input.notifyPath);
    const product = this.#settings.product;
    if (product === 'qr') {
      // 当面付 takes a relative timeout (1m–15d); the trade closes when the Kameng payment expires.
      const minutes = Math.max(
        1,
        Math.ceil((input.expiresAt.getTime() - this.#clock.now().getTime()) / 60_000),
      );
      const answer = await this.#call(
        'alipay.trade.precreate',
        { ...order, timeout_express: `${minutes}m` },
        { notify_url: notifyUrl },
      ).catch((error: unknown) => {
        throw unavailable(`alipay.trade.precreate failed: ${messageOf(error)}`);
      });
      const qrCode = answer.fields.qr_code;
      if (
        answer.code !== '10000' ||
        answer.fields.out_trade_no !== input.paymentId ||
        typeof qrCode !== 'string' ||
        !qrCode.startsWith('https://')
      )
        throw unavailable(`alipay.trade.precreate refused the order: ${describeAnswer(answer)}`);
      // On a phone the buyer can open it in Alipay; on a computer Kameng's page shows it to scan.
      return {
        redirectUrl: qrPagePath({
          app: 'alipay',
          code: qrCode,
          paymentId: input.paymentId,
          returnPath: input.returnPath,
        }),
      };
    }
    const { method, productCode } = PAGE_METHODS[product];
    const returnUrl = shopUrl(this.#publicUrl, input.returnPath);
    const signed = signRequest(
      this.#common(method, {
        notify_url: notifyUrl,
        return_url: returnUrl,
        biz_content: JSON.stringify({
          ...order,
          product_code: productCode,
          time_expire: beijingTime(input.expiresAt),
          ...(product === 'wap' ? { quit_url: returnUrl } : {}),
        }),
      }),
      this.#appKey,
    );
    return { redirectUrl: `${this.#settings.gateway}?${new URLSearchParams(signed).toString()}` };
  }

  verifyCallback(input: CallbackInput): Promise<CallbackVerdict> {
    return Promise.resolve(this.#verify(input.params));
  }

  #verify(params: Readonly<Record<string, string>>): CallbackVerdict {
    const paymentId = params.out_trade_no ?? null;
    if (Object.keys(params).length > MAX_CALLBACK_PARAMS)
      return { ok: false, reason: 'too many parameters', paymentId: null };
    // RSA2 only: the SHA-1 "RSA" type is one Alipay itself no longer recommends.
    if (params.sign_type !== 'RSA2') return { ok: false, reason: 'bad signature type', paymentId };
    if (!rsa2Valid(notifySignContent(params), params.sign ?? '', this.#alipayKey))
      return { ok: false, reason: 'bad signature', paymentId };
    // Signed by Alipay, but for another app: not a trade of this channel.
    if (params.app_id !== this.#settings.appId) return { ok: false, reason: 'another app id', paymentId };
    const status = params.trade_status ?? '';
    // WAIT_BUYER_PAY is no outcome: refused rather than read as "not paid", which would fail the payment.
    if (!PAID.has(status) && status !== 'TRADE_CLOSED')
      return {
        ok: false,
        reason: `trade status ${status.slice(0, 32) || 'missing'} is not final`,
        paymentId,
      };
    const amount = yuanToFen(params.total_amount ?? '');
    if (!paymentId || !params.trade_no || amount === null)
      return { ok: false, reason: 'missing or malformed fields', paymentId };
    return {
      ok: true,
      paymentId,
      providerTradeNo: params.trade_no,
      amount,
      // Domestic Alipay trades are in yuan; the notification names no currency.
      currency: 'CNY',
      paid: PAID.has(status),
    };
  }

  async queryPayment(paymentId: string): Promise<ProviderStatus> {
    const answer = await this.#call('alipay.trade.query', { out_trade_no: paymentId });
    // A trade the buyer has not opened yet does not exist at Alipay.
    if (answer.fields.sub_code === 'ACQ.TRADE_NOT_EXIST') return { paid: false };
    if (answer.code !== '10000') throw new Error(`alipay.trade.query failed: ${describeAnswer(answer)}`);
    if (answer.fields.out_trade_no !== paymentId)
      throw new Error('alipay.trade.query answered about another order');
    // WAIT_BUYER_PAY, and TRADE_CLOSED (unpaid and timed out, or refunded in full): no money to credit.
    if (!PAID.has(String(answer.fields.trade_status))) return { paid: false };
    const amount = yuanToFen(text(answer.fields.total_amount));
    const tradeNo = answer.fields.trade_no;
    if (amount === null || typeof tradeNo !== 'string' || tradeNo === '')
      throw new Error('alipay.trade.query answer without a readable trade number or amount');
    return { paid: true, providerTradeNo: tradeNo, amount, currency: 'CNY' };
  }

  async refund(input: { paymentId: string; refundId: string; amount: number }): Promise<RefundOutcome> {
    const refund = {
      out_trade_no: input.paymentId,
      refund_amount: fenToYuan(input.amount),
      out_request_no: input.refundId,
    };
    let answer: Answer;
    try {
      answer = await this.#call('alipay.trade.refund', refund);
    } catch (error) {
      return { ok: false, error: messageOf(error) };
    }
    if (answer.code !== '10000')
      return {
        ok: false,
        error: `alipay.trade.refund refused: ${describeAnswer(answer)}`,
        // 40004 is a business refusal; 20000 (service unavailable) and ACQ.SYSTEM_ERROR leave it unknown.
        ...(answer.code === '40004' && answer.fields.sub_code !== 'ACQ.SYSTEM_ERROR'
          ? { refused: true as const }
          : {}),
      };
    if (answer.fields.out_trade_no !== input.paymentId)
      return { ok: false, error: 'alipay.trade.refund answered about another order' };
    if (answer.fields.fund_change === 'Y') return { ok: true, providerRefundNo: input.refundId };
    // fund_change N: this request number was refunded before (a retry after a lost answer) or is still
    // being processed; Alipay's refund query says which.
    return this.#refundDone(input);
  }

  async #refundDone(input: { paymentId: string; refundId: string; amount: number }): Promise<RefundOutcome> {
    let answer: Answer;
    try {
      answer = await this.#call('alipay.trade.fastpay.refund.query', {
        out_trade_no: input.paymentId,
        out_request_no: input.refundId,
      });
    } catch (error) {
      return { ok: false, error: messageOf(error) };
    }
    const done =
      answer.code === '10000' &&
      answer.fields.out_request_no === input.refundId &&
      answer.fields.refund_status === 'REFUND_SUCCESS' &&
      yuanToFen(text(answer.fields.refund_amount)) === input.amount;
    return done
      ? { ok: true, providerRefundNo: input.refundId }
      : {
          ok: false,
          error: `refund not confirmed by alipay.trade.fastpay.refund.query: ${describeAnswer(answer)}`,
        };
  }

  /** The common request parameters (公共请求参数) around a method's own. */
  #common(method: string, extra: Record<string, string>): Record<string, string> {
    return {
      app_id: this.#settings.appId,
      method,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: beijingTime(this.#clock.now()),
      version: '1.0',
      ...extra,
    };
  }

  /**
   * One server-to-server call: common parameters in the query string and `biz_content` in a form body,
   * as Alipay's SDKs send them. The answer's signature is checked when present and required for success.
   */
  async #call(
    method: string,
    biz: Record<string, string>,
    extra: Record<string, string> = {},
  ): Promise<Answer> {
    const { biz_content: bizContent, ...query } = signRequest(
      this.#common(method, { ...extra, biz_content: JSON.stringify(biz) }),
      this.#appKey,
    );
    const raw = await requestProvider(
      `${this.#settings.gateway}?${new URLSearchParams(query).toString()}`,
      {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
        },
        body: new URLSearchParams({ biz_content: bizContent! }).toString(),
      },
      `alipay gateway (${method})`,
    );
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new Error(`alipay gateway answer is not JSON (${method})`);
    }
    const envelope = isObject(parsed) ? parsed : {};
    const responseKey = `${method.replaceAll('.', '_')}_response`;
    const key = isObject(envelope[responseKey]) ? responseKey : 'error_response';
    const fields = envelope[key];
    if (!isObject(fields)) throw new Error(`alipay gateway answer without ${responseKey}`);
    const sign = envelope.sign;
    const signedText = signedResponseText(raw, key);
    const signed =
      typeof sign === 'string' && signedText !== null && rsa2Valid(signedText, sign, this.#alipayKey);
    if (sign !== undefined && !signed) throw new Error(`alipay answer with a bad signature (${method})`);
    const code = text(fields.code);
    if (code === '10000' && !signed) throw new Error(`alipay answer without a signature (${method})`);
    return { fields, code };
  }
}

function unavailable(problem: string): AppError {
  return new AppError(paymentsErrors.PAYMENT_PROVIDER_UNAVAILABLE, { problem });
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time (GMT+8), as Alipay writes and reads times. */
export function beijingTime(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Alipay refuses `/`, `=` and `&` in a subject ("不可使用特殊字符"); the payment id stands in for none. */
function subjectOf(subject: string, paymentId: string): string {
  const clean = subject
    .replace(/[/=&]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return [...clean].slice(0, MAX_SUBJECT_CHARS).join('') || paymentId;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON field as text: amounts come as strings (`"12.30"`), sometimes as numbers. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'alipay call failed';
}

/** Alipay's own words, short: code, sub_code and sub_msg. */
function describeAnswer(answer: Answer): string {
  const subCode = text(answer.fields.sub_code);
  const message = text(answer.fields.sub_msg || answer.fields.msg).slice(0, 200);
  return `code ${answer.code || '?'}${subCode ? ` ${subCode}` : ''}${message ? ` ${message}` : ''}`;
}
