import { z } from 'zod';
import type { Currency } from '../../../common/money.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import type { PaymentProvider } from './provider.js';
import {
  EpayProvider,
  epaySettingsSchema,
  type EpayCredentials,
  type EpaySettings,
} from './epay/epay-provider.js';
import { SandboxProvider } from './sandbox/sandbox-provider.js';
import {
  SECRET_KEY_FORMAT,
  STRIPE_CURRENCIES,
  StripeProvider,
  stripeSettingsSchema,
  WEBHOOK_SECRET_FORMAT,
  type StripeCredentials,
  type StripeSettings,
} from './stripe/stripe-provider.js';
import { AlipayProvider } from './alipay/alipay-provider.js';
import {
  alipayCredentialsSchema,
  alipayKeysProblem,
  alipaySettingsSchema,
  type AlipayCredentials,
  type AlipaySettings,
} from './alipay/alipay-settings.js';
import { WechatpayProvider } from './wechatpay/wechatpay-provider.js';
import {
  API_V3_KEY_FORMAT,
  merchantPrivateKeySchema,
  wechatpayKeysProblem,
  wechatpaySettingsSchema,
  type WechatpayCredentials,
  type WechatpaySettings,
} from './wechatpay/wechatpay-settings.js';
import type { ChannelKind } from './payments.tables.js';

/**
 * What each kind of channel needs (ADR 0009): its non-secret settings and its credentials, each checked by
 * a schema when an admin saves the channel, and how to build the provider from them. Adding a provider is
 * one entry here (plus its adapter, simulator and a conformance-suite run).
 */
export interface ProviderDeps {
  channelId: string;
  db: Db;
  clock: Clock;
  /** Where Kameng's callback route for this channel is (server to server). */
  notifyPath: string;
  /** The shop's public address (KAMENG_PUBLIC_URL): providers that call back need absolute URLs. */
  publicUrl: string | undefined;
}

export interface ProviderKind<S, C> {
  label: string;
  /** What the protocol can carry; a payment in another currency is refused before it is made. */
  currencies: readonly Currency[];
  settings: z.ZodType<S>;
  credentials: z.ZodType<C>;
  build(deps: ProviderDeps, settings: S, credentials: C): PaymentProvider;
  /**
   * What is wrong with these settings and credentials together, when each is fine alone (Alipay: the app's
   * own public key pasted as the Alipay public key); checked whenever an admin saves the channel.
   */
  problemWith?(settings: S, credentials: C, now: Date): string | null;
}

/** A secret an admin types: long enough, and not a placeholder left from a sample configuration. */
export const secretSchema = (min: number) =>
  z
    .string()
    .min(min)
    .max(8_192)
    .refine((value) => !/^(x+|0+|1234.*|test|secret|changeme|your[_-]?key.*|key)$/i.test(value.trim()), {
      message: 'a placeholder, not a real key',
    })
    .refine((value) => new Set(value).size >= 8, { message: 'too few distinct characters to be a real key' });

const kinds = {
  sandbox: {
    label: '沙箱支付 / Sandbox',
    currencies: ['CNY'],
    settings: z.strictObject({}),
    credentials: z.strictObject({ signingKey: secretSchema(32) }),
    build: (deps, _settings, credentials) =>
      new SandboxProvider({
        db: deps.db,
        clock: deps.clock,
        key: Buffer.from(credentials.signingKey, 'utf8'),
        name: deps.channelId,
      }),
  } satisfies ProviderKind<Record<string, never>, { signingKey: string }>,
  epay: {
    label: '易支付 / epay',
    currencies: ['CNY'],
    settings: epaySettingsSchema,
    credentials: z.strictObject({ key: secretSchema(16) }),
    build: (deps, settings, credentials) =>
      new EpayProvider({ channelId: deps.channelId, settings, credentials, publicUrl: deps.publicUrl }),
  } satisfies ProviderKind<EpaySettings, EpayCredentials>,
  alipay: {
    label: '支付宝 / Alipay',
    currencies: ['CNY'],
    settings: alipaySettingsSchema,
    credentials: alipayCredentialsSchema,
    build: (deps, settings, credentials) =>
      new AlipayProvider({
        channelId: deps.channelId,
        settings,
        credentials,
        publicUrl: deps.publicUrl,
        clock: deps.clock,
      }),
    problemWith: alipayKeysProblem,
  } satisfies ProviderKind<AlipaySettings, AlipayCredentials>,
  wechatpay: {
    label: '微信支付 / WeChat Pay',
    currencies: ['CNY'],
    settings: wechatpaySettingsSchema,
    credentials: z.strictObject({
      merchantPrivateKey: merchantPrivateKeySchema,
      apiV3Key: secretSchema(32).regex(API_V3_KEY_FORMAT, 'the APIv3 key: exactly 32 letters and digits'),
    }),
    build: (deps, settings, credentials) =>
      new WechatpayProvider({
        channelId: deps.channelId,
        settings,
        credentials,
        publicUrl: deps.publicUrl,
        clock: deps.clock,
      }),
    problemWith: wechatpayKeysProblem,
  } satisfies ProviderKind<WechatpaySettings, WechatpayCredentials>,
  stripe: {
    label: 'Stripe Checkout',
    currencies: STRIPE_CURRENCIES,
    settings: stripeSettingsSchema,
    credentials: z.strictObject({
      secretKey: secretSchema(24).regex(SECRET_KEY_FORMAT, 'a Stripe secret key (sk_… or rk_…)'),
      webhookSecret: secretSchema(24).regex(WEBHOOK_SECRET_FORMAT, 'a webhook signing secret (whsec_…)'),
    }),
    build: (deps, settings, credentials) =>
      new StripeProvider({
        channelId: deps.channelId,
        clock: deps.clock,
        settings,
        credentials,
        publicUrl: deps.publicUrl,
      }),
  } satisfies ProviderKind<StripeSettings, StripeCredentials>,
} as const;

export const PROVIDER_KINDS: Partial<Record<ChannelKind, ProviderKind<unknown, unknown>>> = kinds;

export function providerKind(kind: ChannelKind): ProviderKind<unknown, unknown> | null {
  return PROVIDER_KINDS[kind] ?? null;
}
