import type { z } from 'zod';
import type { Currency } from '../../../common/money.js';
import type {
  ChannelView,
  createChannelBody,
  PublicChannelView,
  updateChannelBody,
} from '../../../common/api/payments.js';
import { userActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db, ServiceContext } from '../../platform/context.js';
import { seal, unseal } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { paymentsErrors } from './payments.errors.js';
import type { ChannelKind, PaymentChannelsTable } from './payments.tables.js';
import type { PaymentProvider } from './provider.js';
import { SANDBOX, SandboxProvider } from './sandbox/sandbox-provider.js';
import { providerKind } from './provider-kinds.js';
import { callbackSourceAllowed, invalidCallbackSource } from './callback-sources.js';
import type { Selectable } from 'kysely';

/**
 * Payment channels (ADR 0009): an admin configures each provider account; the credentials are checked
 * against the kind's schema, sealed (AES-256-GCM, bound to the channel id) and never returned. A payment
 * names its channel, and the provider for it is built from the row when needed.
 */
type ChannelRow = Selectable<PaymentChannelsTable>;
const SUBKEY = 'payment-channel';

export function callbackPathOf(channel: string): string {
  return `/api/v1/payments/callbacks/${channel}`;
}

function invalid(problem: string): AppError {
  return new AppError(paymentsErrors.PAYMENT_CHANNEL_INVALID, { problem });
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalid(`${what}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

function kindOf(kind: ChannelKind) {
  const spec = providerKind(kind);
  if (!spec) throw invalid(`kind ${kind} is not available yet`);
  return spec;
}

function present(row: ChannelRow): ChannelView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    enabled: row.enabled === 1,
    feeBps: row.fee_bps,
    minAmount: Number(row.min_amount),
    maxAmount: Number(row.max_amount),
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    credentialsSet: row.credentials_sealed.length > 0,
    callbackSources: sourcesOf(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function sourcesOf(row: ChannelRow): string[] {
  return JSON.parse(row.callback_sources) as string[];
}

function checkedSources(ctx: ServiceContext, sources: readonly string[]): string {
  const bad = invalidCallbackSource(sources);
  if (bad !== null) throw invalid(`callbackSources: “${bad}” is not an IP address or CIDR block`);
  if (sources.length > 0 && ctx.config.trustProxy === true)
    throw invalid(
      'callbackSources: KAMENG_TRUST_PROXY=true believes any X-Forwarded-For a caller writes; set it to the proxy’s address or hop count first',
    );
  return JSON.stringify(sources);
}

/**
 * Whether a callback from `ip` may be heard on the channel (its callback sources; the sandbox and a
 * channel that names none hear any address). An unknown channel is left for the provider lookup to refuse.
 */
export async function callbackSourceAccepted(
  ctx: ServiceContext,
  channel: string,
  ip: string,
): Promise<boolean> {
  if (!channel.startsWith('pch_')) return true;
  const row = await findChannel(ctx.db, channel);
  if (!row) return true;
  const sources = sourcesOf(row);
  // Behind `trustProxy: true` the address is whatever the caller wrote: a list cannot be checked (fail closed).
  if (sources.length > 0 && ctx.config.trustProxy === true) return false;
  return callbackSourceAllowed(sources, ip);
}

async function findChannel(db: Db, id: string): Promise<ChannelRow | undefined> {
  return db.selectFrom('payment_channels').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listChannels(db: Db): Promise<ChannelView[]> {
  const rows = await db.selectFrom('payment_channels').selectAll().orderBy('id').execute();
  return rows.map(present);
}

/**
 * Sandbox payments — the built-in one and sandbox-kind channels — only where the shop allows them (demos,
 * tests): their checkout page lets the payer mark a payment paid.
 */
export function sandboxPaymentsAllowed(ctx: Pick<ServiceContext, 'config'>): boolean {
  return ctx.config.sandboxPayments === true;
}

/** What checkout offers besides the wallet: the enabled channels, and the sandbox where it is allowed. */
export async function publicChannels(ctx: ServiceContext): Promise<PublicChannelView[]> {
  const sandbox = sandboxPaymentsAllowed(ctx);
  const rows = await ctx.db
    .selectFrom('payment_channels')
    .selectAll()
    .where('enabled', '=', 1)
    .$if(!sandbox, (query) => query.where('kind', '<>', 'sandbox'))
    .orderBy('id')
    .execute();
  return [
    ...(sandbox
      ? [
          {
            id: SANDBOX,
            kind: 'sandbox' as const,
            name: '沙箱支付',
            feeBps: 0,
            minAmount: 1,
            maxAmount: 100_000_000_00,
          },
        ]
      : []),
    ...rows.map((row) => {
      const {
        enabled: _enabled,
        settings: _settings,
        credentialsSet: _set,
        callbackSources: _sources,
        createdAt: _c,
        updatedAt: _u,
        ...rest
      } = present(row);
      return rest;
    }),
  ];
}

type CreateInput = z.infer<typeof createChannelBody>;
type UpdateInput = z.infer<typeof updateChannelBody>;

export async function createChannel(
  ctx: ServiceContext,
  admin: { userId: string; ip: string | null },
  input: CreateInput,
): Promise<ChannelView> {
  const spec = kindOf(input.kind);
  if (input.kind === 'sandbox' && !sandboxPaymentsAllowed(ctx))
    throw invalid(
      'kind sandbox lets buyers mark their own payments paid: only with KAMENG_SANDBOX_PAYMENTS=true',
    );
  if (input.minAmount > input.maxAmount) throw invalid('minAmount is above maxAmount');
  const settings = parse(spec.settings, input.settings, 'settings');
  const credentials = parse(spec.credentials, input.credentials, 'credentials');
  const problem = spec.problemWith?.(settings, credentials, ctx.clock.now());
  if (problem) throw invalid(problem);
  const callbackSources = checkedSources(ctx, input.callbackSources);
  const now = ctx.clock.now();
  const id = newId('paymentChannel', now);
  await ctx.transact(async (trx) => {
    await trx
      .insertInto('payment_channels')
      .values({
        id,
        kind: input.kind,
        name: input.name,
        enabled: input.enabled ? 1 : 0,
        fee_bps: input.feeBps,
        min_amount: input.minAmount,
        max_amount: input.maxAmount,
        settings: JSON.stringify(settings),
        credentials_sealed: seal(ctx.keys.subkey(SUBKEY), JSON.stringify(credentials), id),
        callback_sources: callbackSources,
        created_at: toStoredTime(now),
        updated_at: toStoredTime(now),
      })
      .execute();
    await recordAudit(trx, now, {
      actor: userActor(admin.userId),
      action: 'payment_channel.create',
      target: { type: 'payment_channel', id },
      ip: admin.ip,
      // Never the credentials: only that they were set.
      summary: `${input.kind} “${input.name}” ${input.enabled ? 'enabled' : 'disabled'}`,
      details: { settings, callbackSources: input.callbackSources, credentialsSet: true },
    });
  });
  return present((await findChannel(ctx.db, id))!);
}

export async function updateChannel(
  ctx: ServiceContext,
  admin: { userId: string; ip: string | null },
  id: string,
  input: UpdateInput,
): Promise<ChannelView> {
  const row = await findChannel(ctx.db, id);
  if (!row) throw new AppError(paymentsErrors.PAYMENT_CHANNEL_NOT_FOUND);
  const spec = kindOf(row.kind);
  if (input.minAmount > input.maxAmount) throw invalid('minAmount is above maxAmount');
  const settings = parse(spec.settings, input.settings, 'settings');
  const credentials =
    input.credentials === undefined ? null : parse(spec.credentials, input.credentials, 'credentials');
  // New settings are checked against the credentials they will be used with, kept or replaced.
  const problem = spec.problemWith?.(
    settings,
    credentials ??
      spec.credentials.parse(JSON.parse(unseal(ctx.keys.subkey(SUBKEY), row.credentials_sealed, id))),
    ctx.clock.now(),
  );
  if (problem) throw invalid(problem);
  const callbackSources = checkedSources(ctx, input.callbackSources);
  const now = ctx.clock.now();
  await ctx.transact(async (trx) => {
    await trx
      .updateTable('payment_channels')
      .set({
        name: input.name,
        enabled: input.enabled ? 1 : 0,
        fee_bps: input.feeBps,
        min_amount: input.minAmount,
        max_amount: input.maxAmount,
        settings: JSON.stringify(settings),
        callback_sources: callbackSources,
        ...(credentials
          ? { credentials_sealed: seal(ctx.keys.subkey(SUBKEY), JSON.stringify(credentials), id) }
          : {}),
        updated_at: toStoredTime(now),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, now, {
      actor: userActor(admin.userId),
      action: 'payment_channel.update',
      target: { type: 'payment_channel', id },
      ip: admin.ip,
      summary: `${row.kind} “${input.name}” ${input.enabled ? 'enabled' : 'disabled'}${credentials ? ', credentials replaced' : ''}`,
      details: {
        settings,
        callbackSources: input.callbackSources,
        credentialsReplaced: credentials !== null,
      },
    });
  });
  return present((await findChannel(ctx.db, id))!);
}

/** The provider behind a payment's channel: the built-in sandbox, or one built from its channel row. */
export async function providerFor(ctx: ServiceContext, channel: string): Promise<PaymentProvider> {
  if (channel === SANDBOX)
    return new SandboxProvider({ db: ctx.db, clock: ctx.clock, key: ctx.keys.subkey('sandbox-provider') });
  const row = channel.startsWith('pch_') ? await findChannel(ctx.db, channel) : undefined;
  const spec = row ? providerKind(row.kind) : null;
  if (!row || !spec) throw new AppError(paymentsErrors.PAYMENT_PROVIDER_UNKNOWN, { provider: channel });
  const credentials: unknown = JSON.parse(unseal(ctx.keys.subkey(SUBKEY), row.credentials_sealed, row.id));
  return spec.build(
    {
      channelId: row.id,
      db: ctx.db,
      clock: ctx.clock,
      notifyPath: callbackPathOf(row.id),
      publicUrl: ctx.config.publicUrl,
    },
    spec.settings.parse(JSON.parse(row.settings)),
    spec.credentials.parse(credentials),
  );
}

/** A new payment may use the channel: it exists, is enabled, and takes this amount in this currency. */
export async function assertChannelUsable(
  db: Db,
  ctx: Pick<ServiceContext, 'config'>,
  payment: { channel: string; amount: number; currency: Currency },
): Promise<void> {
  const { channel, amount, currency } = payment;
  const sandbox = sandboxPaymentsAllowed(ctx);
  if (channel === SANDBOX) {
    if (sandbox) return;
    throw new AppError(paymentsErrors.PAYMENT_PROVIDER_UNKNOWN, { provider: channel });
  }
  const row = channel.startsWith('pch_') ? await findChannel(db, channel) : undefined;
  const spec = row ? providerKind(row.kind) : null;
  if (!row || row.enabled !== 1 || !spec || (row.kind === 'sandbox' && !sandbox))
    throw new AppError(paymentsErrors.PAYMENT_PROVIDER_UNKNOWN, { provider: channel });
  if (!spec.currencies.includes(currency))
    throw new AppError(paymentsErrors.PAYMENT_CURRENCY_NOT_SUPPORTED, { currency });
  if (amount < Number(row.min_amount) || amount > Number(row.max_amount))
    throw new AppError(paymentsErrors.PAYMENT_AMOUNT_OUT_OF_RANGE, {
      min: Number(row.min_amount),
      max: Number(row.max_amount),
    });
}
