import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import type { PaymentProvider } from './provider.js';
import { SandboxProvider } from './sandbox/sandbox-provider.js';
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
}

export interface ProviderKind<S, C> {
  label: string;
  settings: z.ZodType<S>;
  credentials: z.ZodType<C>;
  build(deps: ProviderDeps, settings: S, credentials: C): PaymentProvider;
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
} as const;

export const PROVIDER_KINDS: Partial<Record<ChannelKind, ProviderKind<unknown, unknown>>> = kinds;

export function providerKind(kind: ChannelKind): ProviderKind<unknown, unknown> | null {
  return PROVIDER_KINDS[kind] ?? null;
}
