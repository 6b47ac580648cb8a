import { randomBytes } from 'node:crypto';
import { readBody } from './http.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import type {
  NotificationOptions,
  NotificationRequest,
  ProviderSimulator,
  SimulatedTrade,
} from '../provider-conformance.js';
import type { TestApp } from '../test-app.js';

/**
 * Stripe's side of Checkout on 127.0.0.1: the API endpoints Kameng calls (create and retrieve Checkout
 * Sessions, create and list refunds) with Stripe's form-encoded requests, JSON answers, bearer-key
 * authentication and idempotency keys, over in-memory sessions, PaymentIntents and refunds. Webhook events
 * are signed by the official `stripe` package (`webhooks.generateTestHeaderString`), never by Kameng's
 * code, at the test app's clock (the time both sides agree on in a test).
 *
 * Stripe sends events to the endpoint registered in its Dashboard, not to a URL given with each session;
 * the simulator plays the admin who registered the channel's callback URL there (docs/PAYMENTS.md).
 */
type Json = Record<string, unknown>;

interface Session extends Json {
  id: string;
  object: 'checkout.session';
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'paid' | 'unpaid';
  payment_intent: string | null;
  url: string;
}

interface Refund extends Json {
  id: string;
  object: 'refund';
  amount: number;
  payment_intent: string;
  status: 'succeeded' | 'pending' | 'failed';
  metadata: Record<string, string>;
}

export interface StripeSimulator extends ProviderSimulator {
  readonly apiBase: string;
  readonly secretKey: string;
  readonly webhookSecret: string;
  /** Every API request Kameng made, as received. */
  readonly received: Array<{ method: string; path: string; headers: IncomingMessage['headers']; form: Json }>;
  session(id: string): Session | undefined;
  /** The state new refunds start in: `succeeded` (default) or `pending` (taken on, not finished). */
  setNewRefundStatus(status: 'succeeded' | 'pending'): void;
  /** Stripe finishes a pending refund (found by Kameng's refund id in its metadata). */
  settleRefund(kamengRefundId: string, status: 'succeeded' | 'failed'): void;
  /** A webhook for any event body, signed by the `stripe` package at the given time (default: now). */
  signedEvent(event: Json, options?: { timestamp?: Date; secret?: string }): Promise<NotificationRequest>;
}

const API_VERSION = '2026-10-28.endive';

const id = (prefix: string) =>
  `${prefix}_test_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

/** Stripe's bracket notation, as far as Kameng uses it: `a[b][0][c]=v` → `{ a: { b: { 0: { c: v } } } }`. */
function decodeForm(body: string): Json {
  const out: Json = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const path = name.replace(/\]/g, '').split('[');
    let node = out;
    path.forEach((part, index) => {
      if (index === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Json;
    });
  }
  return out;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
  response.end(JSON.stringify(body, null, 2));
}

function stripeError(
  response: ServerResponse,
  status: number,
  type: string,
  code: string | null,
  message: string,
) {
  send(response, status, { error: { type, ...(code ? { code } : {}), message } });
}

export async function startStripeSimulator(app: TestApp): Promise<StripeSimulator> {
  const secretKey = `sk_test_${randomBytes(24).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(24).toString('base64').replace(/[+/=]/g, 'Q')}`;
  const sessions = new Map<string, Session>();
  const refunds: Refund[] = [];
  const idempotent = new Map<string, { request: string; status: number; body: unknown }>();
  const received: StripeSimulator['received'] = [];
  let refundsFail = false;
  let newRefundStatus: 'succeeded' | 'pending' = 'succeeded';
  const seconds = () => Math.floor(app.clock.now().getTime() / 1000);

  const createSession = (form: Json): [number, unknown] => {
    const item = ((form.line_items as Json | undefined)?.['0'] ?? {}) as Json;
    const price = (item.price_data ?? {}) as Json;
    const amount = Number(price.unit_amount);
    const expiresAt = Number(form.expires_at ?? seconds() + 86_400);
    if (form.mode !== 'payment') return [400, 'mode: only payment is simulated'];
    if (!Number.isSafeInteger(amount) || amount < 1 || item.quantity !== '1')
      return [400, 'line_items[0]: a positive integer unit_amount and quantity 1'];
    if (typeof price.currency !== 'string' || !/^[a-z]{3}$/.test(price.currency))
      return [400, 'line_items[0][price_data][currency]: a lower-case ISO code'];
    if (typeof form.success_url !== 'string' || typeof form.cancel_url !== 'string')
      return [400, 'success_url and cancel_url are required'];
    if (expiresAt < seconds() + 30 * 60 || expiresAt > seconds() + 24 * 3_600)
      return [400, 'expires_at must be between 30 minutes and 24 hours from now'];
    const sessionId = id('cs');
    const session: Session = {
      id: sessionId,
      object: 'checkout.session',
      amount_subtotal: amount,
      amount_total: amount,
      cancel_url: form.cancel_url,
      client_reference_id: typeof form.client_reference_id === 'string' ? form.client_reference_id : null,
      created: seconds(),
      currency: price.currency,
      expires_at: expiresAt,
      livemode: false,
      metadata: (form.metadata ?? {}) as Record<string, string>,
      mode: 'payment',
      payment_intent: null,
      payment_method_types: Object.values((form.payment_method_types ?? { 0: 'card' }) as Json),
      payment_status: 'unpaid',
      status: 'open',
      success_url: form.success_url,
      url: `${apiBase}/c/pay/${sessionId}`,
      intentMetadata: (form.payment_intent_data as Json | undefined)?.metadata ?? {},
    };
    sessions.set(sessionId, session);
    return [200, publicSession(session)];
  };

  const createRefund = (form: Json): [number, unknown] => {
    if (refundsFail)
      return [400, { code: 'balance_insufficient', message: 'Insufficient funds in your Stripe balance.' }];
    const session = [...sessions.values()].find((s) => s.payment_intent === form.payment_intent);
    if (!session) return [404, { code: 'resource_missing', message: 'No such payment_intent' }];
    const amount = Number(form.amount ?? session.amount_total);
    const already = refundedOf(session);
    if (!Number.isSafeInteger(amount) || amount < 1)
      return [400, { code: 'parameter_invalid_integer', message: 'amount' }];
    if (already + amount > session.amount_total)
      return [
        400,
        { code: 'charge_already_refunded', message: 'Refund amount is greater than unrefunded amount' },
      ];
    const refund: Refund = {
      id: id('re'),
      object: 'refund',
      amount,
      currency: session.currency,
      payment_intent: session.payment_intent!,
      status: newRefundStatus,
      metadata: (form.metadata ?? {}) as Record<string, string>,
      created: seconds(),
    };
    refunds.push(refund);
    return [200, refund];
  };

  const refundedOf = (session: Session) =>
    refunds
      .filter((r) => r.payment_intent === session.payment_intent && r.status !== 'failed')
      .reduce((sum, r) => sum + r.amount, 0);

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const body = request.method === 'POST' ? await readBody(request) : '';
      const form = request.method === 'POST' ? decodeForm(body) : decodeForm(url.search.slice(1));
      received.push({ method: request.method ?? '', path: url.pathname, headers: request.headers, form });
      if (request.headers.authorization !== `Bearer ${secretKey}`)
        return stripeError(
          response,
          401,
          'invalid_request_error',
          null,
          'Invalid API Key provided: sk_test_****',
        );

      // Stripe answers a repeated idempotency key with the first answer, and refuses it with other parameters.
      const key = request.method === 'POST' ? request.headers['idempotency-key'] : undefined;
      if (typeof key === 'string') {
        const first = idempotent.get(key);
        if (first && first.request !== `${url.pathname}?${body}`)
          return stripeError(
            response,
            400,
            'idempotency_error',
            null,
            'Keys for idempotent requests can only be used with the same parameters they were first used with.',
          );
        if (first) return send(response, first.status, first.body);
      }
      const remember = (status: number, answer: unknown) => {
        if (typeof key === 'string')
          idempotent.set(key, { request: `${url.pathname}?${body}`, status, body: answer });
        send(response, status, answer);
      };

      if (request.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
        const [status, answer] = createSession(form);
        if (status !== 200)
          return stripeError(response, status, 'invalid_request_error', null, String(answer));
        return remember(status, answer);
      }
      const sessionPath = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname);
      if (request.method === 'GET' && sessionPath) {
        const session = sessions.get(decodeURIComponent(sessionPath[1]!));
        if (!session)
          return stripeError(
            response,
            404,
            'invalid_request_error',
            'resource_missing',
            'No such checkout.session',
          );
        return send(response, 200, publicSession(session));
      }
      if (request.method === 'POST' && url.pathname === '/v1/refunds') {
        const [status, answer] = createRefund(form);
        if (status !== 200) {
          const { code, message } = answer as { code: string; message: string };
          return stripeError(response, status, 'invalid_request_error', code, message);
        }
        return remember(status, answer);
      }
      if (request.method === 'GET' && url.pathname === '/v1/refunds') {
        const data = refunds.filter((r) => !form.payment_intent || r.payment_intent === form.payment_intent);
        return send(response, 200, { object: 'list', data, has_more: false, url: '/v1/refunds' });
      }
      stripeError(
        response,
        404,
        'invalid_request_error',
        null,
        `Unrecognized request URL (${request.method} ${url.pathname})`,
      );
    })().catch((error: unknown) => {
      stripeError(response, 500, 'api_error', null, String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** The session as Stripe shows it (the simulator's own bookkeeping left out). */
  function publicSession(session: Session): Json {
    const { intentMetadata: _metadata, ...shown } = session;
    return shown;
  }

  /** The endpoint the admin registered in the Dashboard: the callback URL of the channel using this account. */
  async function webhookUrl(): Promise<string> {
    const channels = await app.database.handle.db
      .selectFrom('payment_channels')
      .select(['id', 'settings'])
      .where('kind', '=', 'stripe')
      .execute();
    const channel = channels.find(
      (c) => (JSON.parse(c.settings) as { apiBase?: string }).apiBase === apiBase,
    );
    if (!channel) throw new Error('no Stripe channel uses this simulator');
    return `${app.config.publicUrl}/api/v1/payments/callbacks/${channel.id}`;
  }

  const sessionOf = (trade: SimulatedTrade): Session => {
    const session = sessions.get(trade.tradeNo);
    if (!session) throw new Error(`Stripe has no session ${trade.tradeNo}`);
    return session;
  };

  async function signedEvent(event: Json, options: { timestamp?: Date; secret?: string } = {}) {
    // Stripe sends events pretty-printed: whoever re-serialises the body before checking breaks the signature.
    const payload = JSON.stringify(event, null, 2);
    const header = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? webhookSecret,
      timestamp: Math.floor((options.timestamp ?? app.clock.now()).getTime() / 1000),
    });
    return {
      method: 'POST' as const,
      url: await webhookUrl(),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': header,
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      },
      body: payload,
    };
  }

  return {
    kind: 'stripe',
    apiBase,
    secretKey,
    webhookSecret,
    received,
    settings: { apiBase },
    credentials: { secretKey, webhookSecret },
    acknowledgement: { status: 200, body: '{"received":true}' },
    carriesCurrency: true,
    session: (sessionId) => sessions.get(sessionId),
    setNewRefundStatus(status) {
      newRefundStatus = status;
    },
    settleRefund(kamengRefundId, status) {
      const refund = refunds.find((r) => r.metadata.kameng_refund_id === kamengRefundId);
      if (!refund) throw new Error(`no refund for ${kamengRefundId}`);
      refund.status = status;
    },
    signedEvent,

    async tradeFor(redirectUrl) {
      const sessionId = /^\/c\/pay\/(cs_[A-Za-z0-9_]+)$/.exec(new URL(redirectUrl).pathname)?.[1];
      const session = sessionId ? sessions.get(sessionId) : undefined;
      if (!session) throw new Error(`not a Checkout page of this Stripe: ${redirectUrl}`);
      return {
        tradeNo: session.id,
        outTradeNo: session.client_reference_id ?? '',
        amount: session.amount_total,
        notifyUrl: await webhookUrl(),
      };
    },

    markPaid(trade) {
      const session = sessionOf(trade);
      session.status = 'complete';
      session.payment_status = 'paid';
      session.payment_intent ??= id('pi');
      return Promise.resolve();
    },

    async notification(trade, options: NotificationOptions = {}) {
      const session = sessionOf(trade);
      const paid = (options.status ?? 'paid') === 'paid';
      const paymentId = options.outTradeNo ?? session.client_reference_id;
      const snapshot = {
        ...publicSession(session),
        id: options.tradeNo ?? session.id,
        client_reference_id: paymentId,
        metadata: { ...session.metadata, kameng_payment_id: paymentId },
        amount_subtotal: options.amount ?? session.amount_total,
        amount_total: options.amount ?? session.amount_total,
        currency: (options.currency ?? session.currency).toLowerCase(),
        status: paid ? 'complete' : 'expired',
        payment_status: paid ? 'paid' : 'unpaid',
        payment_intent: paid ? (session.payment_intent ?? id('pi')) : null,
      };
      const request = await signedEvent({
        id: id('evt'),
        object: 'event',
        api_version: API_VERSION,
        created: seconds(),
        data: { object: snapshot },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type: paid ? 'checkout.session.completed' : 'checkout.session.expired',
      });
      if (options.forgeSignature)
        request.headers['stripe-signature'] = request.headers['stripe-signature'].replace(
          /v1=([0-9a-f]+)/,
          (_all, hex: string) => `v1=${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}`,
        );
      return request;
    },

    setRefundsFailing(failing) {
      refundsFail = failing;
      return Promise.resolve();
    },

    refundedAmount(trade) {
      const session = sessionOf(trade);
      return Promise.resolve(session.payment_intent ? refundedOf(session) : 0);
    },

    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Kameng's fetch keeps connections alive; they would hold the server open.
        server.closeAllConnections();
      }),
  };
}
