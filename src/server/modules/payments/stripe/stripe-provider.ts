import { z } from 'zod';
import type { Currency } from '../../../../common/money.js';
import type { Clock } from '../../../platform/clock.js';
import { AppError } from '../../../platform/errors.js';
import { paymentsErrors } from '../payments.errors.js';
import { providerUrlSchema, shopUrl } from '../provider-url.js';
import type {
  CallbackInput,
  CallbackReply,
  CallbackVerdict,
  CreateProviderPayment,
  PaymentProvider,
  ProviderStatus,
  RefundOutcome,
} from '../provider.js';
import { verifyStripeSignature } from './stripe-signature.js';
import { readStripeEvent, type StripeObject } from './stripe-event.js';

/**
 * Stripe Checkout, for buyers paying by international card (or Alipay / WeChat Pay through Stripe).
 *
 * - create: `POST /v1/checkout/sessions` (form-encoded, one price-data line item, the payment id as
 *   `client_reference_id` and as `metadata[kameng_payment_id]`) → the session's `url` for the buyer; the
 *   session id (`cs_…`) is the trade number, kept on the payment from the start;
 * - notify: Stripe POSTs JSON events to the endpoint registered in its Dashboard, signed in the
 *   `Stripe-Signature` header over the raw body (stripe-signature.ts); Kameng reads the four
 *   `checkout.session.*` events and answers `{"received":true}`;
 * - query: `GET /v1/checkout/sessions/{id}` — paid when `payment_status` is `paid`;
 * - refund: `POST /v1/refunds` against the session's PaymentIntent.
 *
 * The secret key goes only to `api.stripe.com` (or a local simulator): a changed address cannot send the
 * stored key elsewhere.
 */
const STRIPE_API = 'https://api.stripe.com';

/** Stripe's API itself; `providerUrlSchema` lets `http://` through only on the loopback address. */
const apiBaseSchema = providerUrlSchema.refine(
  (value) => {
    const url = new URL(value);
    return (
      (url.origin === STRIPE_API || url.protocol === 'http:') && (url.pathname === '/' || url.pathname === '')
    );
  },
  { message: 'https://api.stripe.com (or http://127.0.0.1:<port> for a test simulator)' },
);

/**
 * Only methods whose outcome Checkout knows at once. Asynchronous ones (bank debits, vouchers) settle days
 * later, while a card key is delivered the moment a payment succeeds.
 */
export const STRIPE_METHODS = ['card', 'alipay', 'wechat_pay'] as const;

export const stripeSettingsSchema = z.strictObject({
  apiBase: apiBaseSchema.default(STRIPE_API),
  paymentMethodTypes: z
    .array(z.enum(STRIPE_METHODS))
    .min(1)
    .refine((methods) => new Set(methods).size === methods.length, { message: 'listed twice' })
    .default(['card']),
});
export type StripeSettings = z.output<typeof stripeSettingsSchema>;

export interface StripeCredentials {
  /** A secret key, or better a restricted key allowed Checkout Sessions and Refunds only. */
  secretKey: string;
  /** The signing secret of the webhook endpoint registered for this channel. */
  webhookSecret: string;
}
export const SECRET_KEY_FORMAT = /^(sk|rk)_(live|test)_[0-9A-Za-z]{16,}$/;
export const WEBHOOK_SECRET_FORMAT = /^whsec_[0-9A-Za-z+/=]{16,}$/;

/**
 * Stripe's code for each Kameng currency it takes; its smallest unit is Kameng's (for CNY the 分). ZUAN is
 * not money Stripe takes.
 */
const STRIPE_CURRENCY: Partial<Record<Currency, string>> = { CNY: 'cny' };
export const STRIPE_CURRENCIES = Object.keys(STRIPE_CURRENCY) as readonly Currency[];

/**
 * The request and answer shapes used here are this API version's: pinned, so that upgrading the Stripe
 * account cannot change them under Kameng.
 */
const API_VERSION = '2026-10-28.endive';
const TIMEOUT_MS = 20_000;
const MAX_RESPONSE_CHARS = 256 * 1024;
/** Stripe keeps a Checkout Session open 30 minutes at least (and 24 hours at most). */
const MIN_SESSION_SECONDS = 30 * 60;
const MAX_SESSION_SECONDS = 23 * 3_600;
const MAX_NAME_CHARS = 120;
/** Refund states in which Stripe has taken the refund on but not finished it: asked about again later. */
const REFUND_PENDING = new Set(['pending', 'requires_action']);

class StripeApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
  }
}

export class StripeProvider implements PaymentProvider {
  readonly name: string;
  readonly callbackAcknowledgement: CallbackReply = {
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: '{"received":true}',
  };
  readonly #settings: StripeSettings;
  readonly #credentials: StripeCredentials;
  readonly #apiBase: string;
  readonly #publicUrl: string | undefined;
  readonly #clock: Clock;

  constructor(deps: {
    channelId: string;
    clock: Clock;
    settings: StripeSettings;
    credentials: StripeCredentials;
    publicUrl: string | undefined;
  }) {
    this.name = deps.channelId;
    this.#settings = deps.settings;
    this.#credentials = deps.credentials;
    this.#apiBase = deps.settings.apiBase.replace(/\/+$/, '');
    this.#publicUrl = deps.publicUrl;
    this.#clock = deps.clock;
  }

  /**
   * Creating twice for one payment (an idempotent replay of the checkout request) gives the same session:
   * the request carries an idempotency key and the same parameters, which Stripe answers from its record.
   */
  async createPayment(
    input: CreateProviderPayment,
  ): Promise<{ redirectUrl: string; providerTradeNo: string }> {
    const currency = STRIPE_CURRENCY[input.currency];
    if (!currency)
      throw new AppError(paymentsErrors.PAYMENT_CURRENCY_NOT_SUPPORTED, { currency: input.currency });
    const returnUrl = shopUrl(this.#publicUrl, input.returnPath);
    const form = new URLSearchParams({
      mode: 'payment',
      client_reference_id: input.paymentId,
      'metadata[kameng_payment_id]': input.paymentId,
      'payment_intent_data[metadata][kameng_payment_id]': input.paymentId,
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': currency,
      'line_items[0][price_data][unit_amount]': String(input.amount),
      'line_items[0][price_data][product_data][name]':
        [...input.subject].slice(0, MAX_NAME_CHARS).join('') || input.paymentId,
      success_url: returnUrl,
      cancel_url: returnUrl,
      expires_at: String(this.#sessionExpiry(input.expiresAt)),
    });
    this.#settings.paymentMethodTypes.forEach((method, index) =>
      form.set(`payment_method_types[${index}]`, method),
    );
    if (this.#settings.paymentMethodTypes.includes('wechat_pay'))
      form.set('payment_method_options[wechat_pay][client]', 'web');

    let session: StripeObject;
    try {
      session = await this.#call('POST', '/v1/checkout/sessions', form, `kameng-checkout-${input.paymentId}`);
    } catch (error) {
      throw new AppError(paymentsErrors.PAYMENT_PROVIDER_UNAVAILABLE, { problem: describe(error) });
    }
    const url = typeof session.url === 'string' ? session.url : '';
    if (
      !isSessionId(session.id) ||
      !/^https?:\/\//.test(url) ||
      session.client_reference_id !== input.paymentId ||
      session.amount_total !== input.amount
    )
      throw new AppError(paymentsErrors.PAYMENT_PROVIDER_UNAVAILABLE, {
        problem: 'Stripe answered with a session that is not this payment’s',
      });
    return { redirectUrl: url, providerTradeNo: session.id };
  }

  /**
   * The payment's own deadline plus Stripe's minimum lifetime, so the same payment always asks for the same
   * expiry (the idempotent replay above needs identical parameters). A payment that arrives after Kameng's
   * window still succeeds; its purpose refunds it if it can no longer be used.
   */
  #sessionExpiry(expiresAt: Date): number {
    const wanted = Math.floor(expiresAt.getTime() / 1000) + MIN_SESSION_SECONDS;
    return Math.min(wanted, Math.floor(this.#clock.now().getTime() / 1000) + MAX_SESSION_SECONDS);
  }

  verifyCallback(input: CallbackInput): Promise<CallbackVerdict> {
    return Promise.resolve(this.#verify(input));
  }

  #verify(input: CallbackInput): CallbackVerdict {
    // Read before the signature only to link the stored callback to the payment it claims.
    const event = readStripeEvent(input.rawBody);
    const claimed = event.kind === 'session' ? event.paymentId : null;
    const signature = verifyStripeSignature(
      input.headers['stripe-signature'],
      input.rawBody,
      this.#credentials.webhookSecret,
      this.#clock.now(),
    );
    if (!signature.ok) return { ok: false, reason: signature.reason, paymentId: claimed };
    if (event.kind === 'invalid') return { ok: false, reason: event.reason, paymentId: null };
    // A test-mode event cannot pay in a live shop, whatever endpoint it was signed for.
    if (event.livemode !== this.#credentials.secretKey.includes('_live_'))
      return { ok: false, reason: 'event of the other mode (test / live)', paymentId: claimed };
    // Authentic but nothing Kameng acts on: acknowledged, so Stripe does not retry it for days.
    if (event.kind === 'other')
      return { ok: false, acknowledge: true, reason: event.reason, paymentId: null };
    const { session } = event;
    if (event.type === 'checkout.session.completed' && session.payment_status === 'unpaid')
      return {
        ok: false,
        acknowledge: true,
        reason: 'checkout completed, payment still on its way',
        paymentId: claimed,
      };
    return {
      ok: true,
      paymentId: event.paymentId,
      providerTradeNo: event.sessionId,
      amount: event.amount,
      currency: event.currency,
      paid:
        (event.type === 'checkout.session.completed' ||
          event.type === 'checkout.session.async_payment_succeeded') &&
        session.payment_status === 'paid',
    };
  }

  async queryPayment(paymentId: string, providerTradeNo?: string | null): Promise<ProviderStatus> {
    // No session, no checkout page: the buyer had nowhere to pay (an admin's own trade number is not Stripe's).
    if (!isSessionId(providerTradeNo)) return { paid: false };
    const session = await this.#session(providerTradeNo);
    if (!session) return { paid: false };
    if (session.client_reference_id !== paymentId) throw new Error('Stripe answered about another payment');
    if (session.status !== 'complete' || session.payment_status !== 'paid') return { paid: false };
    const amount = session.amount_total;
    const currency = session.currency;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || typeof currency !== 'string')
      throw new Error('Stripe session without a readable amount');
    return { paid: true, providerTradeNo: providerTradeNo, amount, currency: currency.toUpperCase() };
  }

  /** The session, or null when Stripe does not know it. */
  async #session(sessionId: string): Promise<StripeObject | null> {
    try {
      return await this.#call('GET', `/v1/checkout/sessions/${encodeURIComponent(sessionId)}`);
    } catch (error) {
      if (error instanceof StripeApiError && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * Refunds the session's PaymentIntent. The refund id is the idempotency key, so a retry after a lost
   * answer gets the same refund; past Stripe's 24-hour key memory a retry is refused (nothing left to
   * refund), and the PaymentIntent's refunds are read for the one carrying this refund id. A refund Stripe
   * said was pending is read back the same way (an idempotent retry would replay the first answer).
   */
  async refund(input: {
    paymentId: string;
    refundId: string;
    amount: number;
    providerTradeNo?: string | null;
    providerRefundNo?: string | null;
  }): Promise<RefundOutcome> {
    try {
      if (!isSessionId(input.providerTradeNo))
        return { ok: false, error: 'no Stripe Checkout Session recorded for this payment', refused: true };
      const session = await this.#session(input.providerTradeNo);
      const intent = paymentIntentOf(session);
      if (!session || session.client_reference_id !== input.paymentId || !intent)
        return { ok: false, error: 'Stripe has no paid session for this payment', refused: true };
      if (input.providerRefundNo)
        return (
          (await this.#earlierRefund(intent, input.refundId, input.amount)) ?? {
            ok: false,
            error: 'the pending Stripe refund failed, was canceled or is gone',
            refused: true,
          }
        );
      try {
        const refund = await this.#call(
          'POST',
          '/v1/refunds',
          new URLSearchParams({
            payment_intent: intent,
            amount: String(input.amount),
            'metadata[kameng_refund_id]': input.refundId,
            'metadata[kameng_payment_id]': input.paymentId,
          }),
          `kameng-refund-${input.refundId}`,
        );
        return (
          accepted(refund, input.amount) ?? {
            ok: false,
            error: `Stripe refund ${stateOf(refund)}`,
            refused: true,
          }
        );
      } catch (error) {
        const earlier = await this.#earlierRefund(intent, input.refundId, input.amount).catch(() => null);
        // Stripe's 4xx answers (but a conflict or a rate limit) refuse; anything else leaves it unknown.
        const refused =
          error instanceof StripeApiError &&
          error.status >= 400 &&
          error.status < 500 &&
          error.status !== 409 &&
          error.status !== 429;
        return (
          earlier ?? { ok: false, error: describe(error), ...(refused ? { refused: true as const } : {}) }
        );
      }
    } catch (error) {
      return { ok: false, error: describe(error) };
    }
  }

  async #earlierRefund(intent: string, refundId: string, amount: number): Promise<RefundOutcome | null> {
    const list = await this.#call(
      'GET',
      `/v1/refunds?${new URLSearchParams({ payment_intent: intent, limit: '100' }).toString()}`,
    );
    const refunds = Array.isArray(list.data) ? (list.data as StripeObject[]) : [];
    const mine = refunds.find((refund) => metadataOf(refund).kameng_refund_id === refundId);
    return mine ? accepted(mine, amount) : null;
  }

  /**
   * One request to Stripe; the JSON answer, or an error with Stripe's error code and never the key.
   * Redirects are refused: an answer must come from the configured address itself.
   */
  async #call(
    method: 'GET' | 'POST',
    path: string,
    form?: URLSearchParams,
    idempotencyKey?: string,
  ): Promise<StripeObject> {
    let response: Response;
    try {
      response = await fetch(`${this.#apiBase}${path}`, {
        method,
        redirect: 'error',
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${this.#credentials.secretKey}`,
          'stripe-version': API_VERSION,
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        ...(form ? { body: form.toString() } : {}),
      });
    } catch {
      throw new Error(`Stripe unreachable (${method} ${path.split('?')[0]})`);
    }
    const text = await response.text();
    if (text.length > MAX_RESPONSE_CHARS) throw new Error('Stripe answer too long');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`Stripe answer is not JSON (HTTP ${response.status})`);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new Error(`Stripe answer is not an object (HTTP ${response.status})`);
    const answer = body as StripeObject;
    if (!response.ok) {
      const error = (
        typeof answer.error === 'object' && answer.error !== null ? answer.error : {}
      ) as StripeObject;
      const code =
        typeof error.code === 'string' ? error.code : typeof error.type === 'string' ? error.type : null;
      // An authentication error's message names part of the key: only its code is kept.
      const message =
        response.status !== 401 && typeof error.message === 'string'
          ? `: ${error.message.slice(0, 200)}`
          : '';
      throw new StripeApiError(
        `Stripe answered HTTP ${response.status} ${code ?? ''}${message}`,
        response.status,
        code,
      );
    }
    return answer;
  }
}

function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && /^cs_[0-9A-Za-z_]{1,250}$/.test(value);
}

function paymentIntentOf(session: StripeObject | null): string | null {
  const intent = session?.payment_intent;
  if (typeof intent === 'string') return intent;
  if (typeof intent === 'object' && intent !== null && typeof (intent as StripeObject).id === 'string')
    return (intent as StripeObject).id as string;
  return null;
}

function metadataOf(object: StripeObject): Record<string, unknown> {
  const metadata = object.metadata;
  return typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {};
}

function stateOf(refund: StripeObject): string {
  return typeof refund.status === 'string' ? refund.status : 'in an unknown state';
}

/** Stripe's refund as Kameng's outcome: done, taken on (pending), or null when it is not this refund or failed. */
function accepted(refund: StripeObject, amount: number): RefundOutcome | null {
  const state = stateOf(refund);
  if (typeof refund.id !== 'string' || refund.amount !== amount) return null;
  if (state === 'succeeded') return { ok: true, providerRefundNo: refund.id };
  if (REFUND_PENDING.has(state)) return { ok: true, providerRefundNo: refund.id, pending: state };
  return null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : 'Stripe request failed';
}
