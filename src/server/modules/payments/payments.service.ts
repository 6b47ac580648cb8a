import type { Currency } from '../../../common/money.js';
import { SYSTEM_ACTOR } from '../../platform/actor.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db, ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { applyTransition, recordInitialState, recordSteps } from '../../platform/state-machine.js';
import { paymentLifecycle } from './payment-lifecycle.js';
import { paymentsErrors } from './payments.errors.js';
import {
  findPayment,
  insertCallback,
  insertPayment,
  insertPayments,
  lockPayment,
  markPaymentSucceeded,
  notePaymentTradeNo,
  paymentsFor,
  pendingPaymentsExpiredBy,
  rowToPayment,
  setPaymentStatus,
  type PaymentRecord,
  type RefundRecord,
} from './payments.repository.js';
import type { AlertKind, PaymentPurpose } from './payments.tables.js';
import { recordAudit } from '../../platform/audit.js';
import { userActor } from '../../platform/actor.js';
import {
  assertChannelUsable,
  callbackPathOf,
  callbackSourceAccepted,
  providerFor,
} from './channels.service.js';
import type { CallbackInput, CallbackReply } from './provider.js';

/**
 * Money coming in and going back (PRODUCT.md P4). A payment is created pending; it succeeds only on
 * evidence from its provider (a callback whose signature verifies, or the provider's answer to a query)
 * whose amount and currency equal the payment's; the purpose that asked for the money (an order, a
 * top-up) then moves it in the ledger in the same transaction. Any number of identical callbacks, in any
 * order or at once, change the payment once.
 */
export interface PaymentPurposeHandler {
  /** The money arrived: move it out of clearing and act on it, inside `trx`. */
  onSucceeded(trx: Trx, ctx: ServiceContext, payment: PaymentRecord): Promise<void>;
  /** A provider refund went through: take the money back out of where the purpose put it, inside `trx`. */
  onRefunded(trx: Trx, ctx: ServiceContext, payment: PaymentRecord, refund: RefundRecord): Promise<void>;
}
export type PaymentPurposeHandlers = Readonly<Partial<Record<PaymentPurpose, PaymentPurposeHandler>>>;

/** The wallet is a payment method too: a payment that succeeds the moment it is made. */
export const WALLET = 'wallet';

export interface NewPayment {
  purpose: PaymentPurpose;
  purposeId: string;
  payerUserId: string | null;
  provider: string;
  amount: number;
  currency: Currency;
  subject: string;
  expiresAt: Date;
}

async function insertPendingPayment(trx: Trx, now: Date, input: NewPayment): Promise<PaymentRecord> {
  const row = newPaymentRow(now, input, 'pending');
  await insertPayment(trx, row);
  const actor = input.payerUserId ? userActor(input.payerUserId) : SYSTEM_ACTOR;
  await recordInitialState(trx, now, paymentLifecycle, row.id, actor, { code: 'created' });
  return rowToPayment(row);
}

function newPaymentRow(now: Date, input: NewPayment, status: 'pending' | 'succeeded') {
  const stamp = toStoredTime(now);
  return {
    id: newId('payment', now),
    purpose: input.purpose,
    purpose_id: input.purposeId,
    payer_user_id: input.payerUserId,
    provider: input.provider,
    amount: input.amount,
    currency: input.currency,
    status,
    provider_trade_no: null,
    subject: input.subject,
    expires_at: toStoredTime(input.expiresAt),
    created_at: stamp,
    succeeded_at: status === 'succeeded' ? stamp : null,
    updated_at: stamp,
  };
}

/** A payment through an outside provider, pending until the provider confirms it. */
export async function createPendingPayment(
  trx: Trx,
  ctx: Pick<ServiceContext, 'clock' | 'config'>,
  input: NewPayment,
): Promise<PaymentRecord> {
  const now = ctx.clock.now();
  await assertChannelUsable(trx, ctx, {
    channel: input.provider,
    amount: input.amount,
    currency: input.currency,
  });
  return insertPendingPayment(trx, now, input);
}

/** A wallet payment: the caller moves the money in the same transaction. */
export async function recordWalletPayment(
  trx: Trx,
  now: Date,
  input: Omit<NewPayment, 'provider'> & { payerUserId: string },
): Promise<PaymentRecord> {
  return (await recordWalletPayments(trx, now, [input]))[0]!;
}

/**
 * Wallet payments, one or many (a batch of 立即购买): born `succeeded`, with the timeline of a payment
 * created and then paid from the wallet, each kind of row written in one insert.
 */
export async function recordWalletPayments(
  trx: Trx,
  now: Date,
  inputs: ReadonlyArray<Omit<NewPayment, 'provider'> & { payerUserId: string }>,
): Promise<PaymentRecord[]> {
  if (inputs.length === 0) return [];
  const rows = inputs.map((input) => newPaymentRow(now, { ...input, provider: WALLET }, 'succeeded'));
  await insertPayments(trx, rows);
  await recordSteps(
    trx,
    now,
    inputs.flatMap((input, i) => {
      const actor = userActor(input.payerUserId);
      const step = { machine: paymentLifecycle, entityId: rows[i]!.id, actor };
      return [
        { ...step, from: null, to: 'pending', reason: { code: 'created' } },
        { ...step, from: 'pending', to: 'succeeded', reason: { code: 'paid_from_wallet' } },
      ];
    }),
  );
  return rows.map(rowToPayment);
}

/**
 * Registers the payment with its provider and returns where to send the payer. Called after the
 * payment row is committed and outside any transaction: a real provider is an HTTP call away.
 */
export async function beginCheckout(
  ctx: ServiceContext,
  payment: PaymentRecord,
  returnPath: string,
  payerIp: string | null = null,
): Promise<{ redirectUrl: string }> {
  const created = await (
    await providerFor(ctx, payment.provider)
  ).createPayment({
    paymentId: payment.id,
    amount: payment.amount,
    currency: payment.currency,
    subject: payment.subject,
    notifyPath: callbackPathOf(payment.provider),
    returnPath,
    expiresAt: new Date(payment.expiresAt),
    payerIp,
  });
  if (created.providerTradeNo) await notePaymentTradeNo(ctx.db, payment.id, created.providerTradeNo);
  return { redirectUrl: created.redirectUrl };
}

export type Confirmation = 'accepted' | 'duplicate';

/**
 * The one pipeline by which a payment succeeds, whatever brought the news (callback, query, admin):
 * lock the payment, check the amount and currency, move it to `succeeded` once, and let its purpose
 * move the money.
 */
export async function confirmPayment(
  ctx: ServiceContext,
  handlers: PaymentPurposeHandlers,
  evidence: { paymentId: string; providerTradeNo: string; amount: number; currency: string; via: string },
): Promise<Confirmation> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const row = await lockPayment(trx, ctx.dialect, evidence.paymentId);
    if (!row) throw rejected('unknown payment');
    if (row.amount !== evidence.amount || row.currency !== evidence.currency)
      throw rejected(`amount or currency differs (${evidence.amount} ${evidence.currency})`);
    if (row.status === 'succeeded') return 'duplicate';
    await applyTransition(
      trx,
      now,
      paymentLifecycle,
      {
        entityId: row.id,
        from: row.status,
        to: 'succeeded',
        actor: SYSTEM_ACTOR,
        reason: { code: `confirmed_by_${evidence.via}`, note: evidence.providerTradeNo },
      },
      () => markPaymentSucceeded(trx, row.id, row.status, evidence.providerTradeNo, now),
    );
    const payment = rowToPayment((await findPayment(trx, row.id))!);
    const handler = handlers[payment.purpose];
    if (!handler) throw new Error(`no handler for ${payment.purpose} payments`);
    await handler.onSucceeded(trx, ctx, payment);
    return 'accepted';
  });
}

function rejected(reason: string): AppError {
  return new AppError(paymentsErrors.PAYMENT_CALLBACK_REJECTED, { reason });
}

/**
 * A provider's callback: verified, applied through the pipeline, and stored with its verdict (callbacks
 * are evidence). Returns the acknowledgement the provider expects; a refused callback is an error.
 */
export async function handleCallback(
  ctx: ServiceContext,
  handlers: PaymentPurposeHandlers,
  providerName: string,
  input: CallbackInput,
  sourceIp: string,
): Promise<CallbackReply> {
  // What is stored of the callback: a JSON body whole (Stripe's and WeChat Pay's nest what matters), else
  // its parameters (or raw body), with anything secret-looking redacted.
  const json = jsonBodyOf(input.rawBody);
  const body =
    json !== undefined
      ? redactDeep(json)
      : Object.keys(input.params).length > 0
        ? redact(input.params)
        : input.rawBody;
  if (!(await callbackSourceAccepted(ctx, providerName, sourceIp))) {
    await storeCallback(ctx, providerName, null, body, `refused: source ${sourceIp} not allowed`);
    throw new AppError(paymentsErrors.PAYMENT_CALLBACK_SOURCE_REFUSED, { ip: sourceIp });
  }
  const provider = await providerFor(ctx, providerName);
  const verdict = await provider.verifyCallback(input);
  // A provider that encrypts what the callback is about (WeChat Pay) hands over the body with the decrypted
  // part beside it: that is what is kept.
  const kept = verdict.evidence === undefined ? body : redactDeep(verdict.evidence);
  if (!verdict.ok && verdict.acknowledge) {
    await storeCallback(ctx, providerName, verdict.paymentId, kept, `ignored: ${verdict.reason}`);
    return provider.callbackAcknowledgement;
  }
  let outcome: string;
  try {
    if (!verdict.ok) throw rejected(verdict.reason);
    if (!verdict.paid) {
      await markFailed(ctx, verdict.paymentId);
      outcome = 'not paid';
    } else {
      // Cheap refusals first: a payment Kameng never made, or one for another amount or currency.
      const known = await findPayment(ctx.db, verdict.paymentId);
      if (!known) throw rejected('unknown payment');
      // Each channel speaks only for its own payments: another channel's key proves nothing about them.
      if (known.provider !== providerName) throw rejected('the payment belongs to another channel');
      if (known.amount !== verdict.amount || known.currency !== verdict.currency)
        throw rejected(`amount or currency differs (${verdict.amount} ${verdict.currency})`);
      // A validly signed "paid" is not enough (dujiao-next#340): the provider must say so when asked.
      const asked = await provider.queryPayment(verdict.paymentId, known.provider_trade_no);
      if (
        !asked.paid ||
        asked.amount !== verdict.amount ||
        asked.providerTradeNo !== verdict.providerTradeNo
      ) {
        await raiseAlert(ctx, {
          kind: 'callback_denied_by_query',
          paymentId: verdict.paymentId,
          provider: providerName,
          detail: { callback: verdict, query: asked },
        });
        throw rejected('the provider does not confirm this payment');
      }
      outcome = await confirmPayment(ctx, handlers, { ...verdict, via: 'callback' });
    }
  } catch (error) {
    await storeCallback(ctx, providerName, verdict.paymentId, kept, `refused: ${describe(error)}`);
    throw error;
  }
  await storeCallback(ctx, providerName, verdict.paymentId, kept, outcome);
  return provider.callbackAcknowledgement;
}

const SECRET_PARAMS = /key|secret|password|token|card|cvv/i;

function redact(params: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, SECRET_PARAMS.test(name) ? '[redacted]' : value]),
  );
}

function jsonBodyOf(rawBody: string): unknown {
  if (!/^\s*\{/.test(rawBody)) return undefined;
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    return undefined;
  }
}

function redactDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactDeep);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, inner]) => [
      name,
      SECRET_PARAMS.test(name) && inner !== null && typeof inner !== 'object'
        ? '[redacted]'
        : redactDeep(inner),
    ]),
  );
}

function describe(error: unknown): string {
  return error instanceof AppError ? `${error.code} ${JSON.stringify(error.params)}` : String(error);
}

async function storeCallback(
  ctx: ServiceContext,
  provider: string,
  paymentId: string | null,
  body: unknown,
  verdict: string,
): Promise<void> {
  const now = ctx.clock.now();
  // The payment id is stored only when it names a payment: a forged id must not link to a real one.
  const known = paymentId ? await findPayment(ctx.db, paymentId) : undefined;
  await ctx.transact((trx) =>
    insertCallback(trx, {
      id: newId('paymentCallback', now),
      provider,
      payment_id: known ? known.id : null,
      body: JSON.stringify(body ?? null).slice(0, 8_000),
      verdict: verdict.slice(0, 500),
      received_at: toStoredTime(now),
    }),
  );
}

async function markFailed(ctx: ServiceContext, paymentId: string): Promise<void> {
  await ctx.transact(async (trx) => {
    const row = await lockPayment(trx, ctx.dialect, paymentId);
    if (row?.status !== 'pending') return;
    const now = ctx.clock.now();
    await applyTransition(
      trx,
      now,
      paymentLifecycle,
      {
        entityId: row.id,
        from: 'pending',
        to: 'failed',
        actor: SYSTEM_ACTOR,
        reason: { code: 'provider_failed' },
      },
      () => setPaymentStatus(trx, row.id, 'pending', 'failed', now),
    );
  });
}

/** "我已支付": asks the provider directly and, if it says paid, runs the same pipeline as a callback. */
export async function checkPayment(
  ctx: ServiceContext,
  handlers: PaymentPurposeHandlers,
  paymentId: string,
): Promise<PaymentRecord> {
  const row = await findPayment(ctx.db, paymentId);
  if (!row) throw new AppError(paymentsErrors.PAYMENT_NOT_FOUND);
  if (row.status !== 'succeeded' && row.provider !== WALLET) {
    const status = await (await providerFor(ctx, row.provider)).queryPayment(row.id, row.provider_trade_no);
    if (status.paid) {
      await confirmPayment(ctx, handlers, {
        paymentId: row.id,
        providerTradeNo: status.providerTradeNo,
        amount: status.amount,
        currency: status.currency,
        via: 'query',
      });
    }
  }
  return rowToPayment((await findPayment(ctx.db, paymentId))!);
}

export async function getPayment(ctx: ServiceContext, paymentId: string): Promise<PaymentRecord | null> {
  return paymentById(ctx.db, paymentId);
}

/** Inside a transaction, read through it (on SQLite the transaction holds the only connection). */
export async function paymentById(db: Db, paymentId: string): Promise<PaymentRecord | null> {
  const row = await findPayment(db, paymentId);
  return row ? rowToPayment(row) : null;
}

/** The payments made for several purposes of one kind (a page of orders), in one query. */
export async function paymentsOfPurposes(
  db: Db,
  purpose: PaymentPurpose,
  purposeIds: readonly string[],
): Promise<PaymentRecord[]> {
  return (await paymentsFor(db, purpose, purposeIds)).map(rowToPayment);
}

/** Pending payments past their window become `expired` (a late provider confirmation still succeeds). */
export async function expirePendingPayments(ctx: ServiceContext): Promise<number> {
  const due = await pendingPaymentsExpiredBy(ctx.db, ctx.clock.now(), 200);
  let expired = 0;
  for (const row of due) {
    await ctx.transact(async (trx) => {
      const now = ctx.clock.now();
      const current = await lockPayment(trx, ctx.dialect, row.id);
      if (current?.status !== 'pending') return;
      await applyTransition(
        trx,
        now,
        paymentLifecycle,
        {
          entityId: row.id,
          from: 'pending',
          to: 'expired',
          actor: SYSTEM_ACTOR,
          reason: { code: 'window_passed' },
        },
        () => setPaymentStatus(trx, row.id, 'pending', 'expired', now),
      );
      expired++;
    });
  }
  return expired;
}

/** Records a mismatch between Kameng and a provider for an admin to resolve (never resolved silently). */
export async function raiseAlert(
  ctx: ServiceContext,
  alert: { kind: AlertKind; paymentId: string | null; provider: string; detail: unknown },
): Promise<void> {
  const now = ctx.clock.now();
  const known = alert.paymentId ? await findPayment(ctx.db, alert.paymentId) : undefined;
  await ctx.transact((trx) =>
    trx
      .insertInto('payment_alerts')
      .values({
        id: newId('paymentAlert', now),
        kind: alert.kind,
        payment_id: known ? known.id : null,
        provider: alert.provider,
        detail: JSON.stringify(alert.detail).slice(0, 4_000),
        raised_at: toStoredTime(now),
        resolved_at: null,
        resolved_by: null,
        resolution: null,
      })
      .execute(),
  );
}

/** How often reconciliation runs (payments.jobs.ts), and how old a success is when it is checked. */
export const RECONCILE_EVERY_MS = 5 * 60_000;
const SAMPLE_AGE_MS = 60 * 60_000;

/** Pending payments older than this are asked about; younger ones may still get their callback. */
export const RECONCILE_AFTER_MS = 2 * 60_000;

/**
 * Reconciliation: pending payments past a couple of minutes (and those expired within the last day) are
 * queried at their provider — paid there means confirmed here, through the same pipeline; each success
 * (without refunds) is queried once too, an hour after it, and one the provider does not know raises an
 * alert.
 */
export async function reconcilePayments(
  ctx: ServiceContext,
  handlers: PaymentPurposeHandlers,
  options: { limit?: number; sample?: number } = {},
): Promise<{ confirmed: number; alerts: number }> {
  const now = ctx.clock.now();
  const result = { confirmed: 0, alerts: 0 };
  const pending = await ctx.db
    .selectFrom('payments')
    .select(['id', 'provider', 'provider_trade_no'])
    .where('provider', '<>', WALLET)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('status', '=', 'pending'),
          eb('created_at', '<=', toStoredTime(new Date(now.getTime() - RECONCILE_AFTER_MS))),
        ]),
        eb.and([
          eb('status', '=', 'expired'),
          eb('expires_at', '>=', toStoredTime(new Date(now.getTime() - 86_400_000))),
        ]),
      ]),
    )
    .orderBy('id')
    .limit(options.limit ?? 200)
    .execute();
  for (const row of pending) {
    const status = await (await providerFor(ctx, row.provider)).queryPayment(row.id, row.provider_trade_no);
    if (!status.paid) continue;
    const outcome = await confirmPayment(ctx, handlers, {
      paymentId: row.id,
      ...status,
      via: 'reconciliation',
    }).catch(async (error: unknown) => {
      await raiseAlert(ctx, {
        kind: 'paid_at_provider_only',
        paymentId: row.id,
        provider: row.provider,
        detail: { status, error: describe(error) },
      });
      result.alerts++;
      return null;
    });
    if (outcome === 'accepted') result.confirmed++;
  }
  const recent = await ctx.db
    .selectFrom('payments')
    .select(['id', 'provider', 'amount', 'provider_trade_no'])
    .where('provider', '<>', WALLET)
    .where('status', '=', 'succeeded')
    // Each success is checked once, about an hour after it: those that fell into the last run's slot.
    // (Asking the provider about the same recent payments on every run would be the same work 288 times
    // a day.)
    .where('succeeded_at', '>=', toStoredTime(new Date(now.getTime() - SAMPLE_AGE_MS - RECONCILE_EVERY_MS)))
    .where('succeeded_at', '<', toStoredTime(new Date(now.getTime() - SAMPLE_AGE_MS)))
    // Money sent back is checked through its refund: after a full refund providers no longer call the
    // trade paid (epay status 2, Alipay TRADE_CLOSED), which is not a mismatch.
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('refunds')
            .select('refunds.id')
            .whereRef('refunds.payment_id', '=', 'payments.id')
            .where('refunds.status', '<>', 'failed'),
        ),
      ),
    )
    .orderBy('succeeded_at', 'desc')
    .limit(options.sample ?? 20)
    .execute();
  for (const row of recent) {
    const status = await (await providerFor(ctx, row.provider)).queryPayment(row.id, row.provider_trade_no);
    if (status.paid && status.amount === Number(row.amount)) continue;
    await raiseAlert(ctx, {
      kind: 'succeeded_here_only',
      paymentId: row.id,
      provider: row.provider,
      detail: { status },
    });
    result.alerts++;
  }
  return result;
}

/**
 * An admin confirms a payment the provider cannot be asked about (dujiao-next#288): the same pipeline as
 * a callback, with the admin's reason, audited.
 */
export async function confirmByAdmin(
  ctx: ServiceContext,
  handlers: PaymentPurposeHandlers,
  admin: { userId: string; ip: string | null },
  input: { paymentId: string; providerTradeNo: string; reason: string },
): Promise<PaymentRecord> {
  const row = await findPayment(ctx.db, input.paymentId);
  if (!row) throw new AppError(paymentsErrors.PAYMENT_NOT_FOUND);
  const outcome = await confirmPayment(ctx, handlers, {
    paymentId: row.id,
    providerTradeNo: input.providerTradeNo,
    amount: row.amount,
    currency: row.currency,
    via: 'admin',
  });
  await ctx.transact((trx) =>
    recordAudit(trx, ctx.clock.now(), {
      actor: userActor(admin.userId),
      action: 'payment.confirm',
      target: { type: 'payment', id: row.id },
      ip: admin.ip,
      summary: `${row.provider} ${row.amount} ${row.currency}: ${outcome} (trade ${input.providerTradeNo})`,
      details: { reason: input.reason },
    }),
  );
  return rowToPayment((await findPayment(ctx.db, row.id))!);
}
