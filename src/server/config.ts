import path from 'node:path';
import { z } from 'zod';
import { parseIpSource } from '../common/ip-sources.js';

/**
 * All configuration comes from environment variables, validated once at start. Defaults run a shop on a
 * laptop: SQLite in ./data, 127.0.0.1:3000, mail written to the log. README.md documents every variable.
 */
const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const positiveInt = z.coerce.number().int().positive();

/**
 * Which reverse proxies' `X-Forwarded-*` to believe: `false`; the proxies' addresses and CIDR blocks,
 * comma-separated (`127.0.0.1`, `10.0.0.0/8`): the client is the last address no trusted proxy added; or
 * `true` — any hop, so the client is the leftmost entry, which a caller can write itself (only when nothing
 * but the proxy can reach Kameng and it overwrites the header; callback source lists are refused then).
 */
const trustProxyFromEnv = z
  .string()
  .trim()
  .transform((value, context): boolean | string[] => {
    const lower = value.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(lower)) return true;
    if (['false', '0', 'no', 'off', ''].includes(lower)) return false;
    const list = value.split(',').map((entry) => entry.trim());
    if (list.every((entry) => parseIpSource(entry) !== null)) return list;
    context.addIssue({
      code: 'custom',
      message: 'KAMENG_TRUST_PROXY must be true, false, or the proxies’ addresses/CIDR blocks',
    });
    return z.NEVER;
  });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  KAMENG_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Kameng 可信卡盟 <no-reply@kameng.localhost>'),
  KAMENG_MASTER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/_-]{43}=?$/, 'KAMENG_MASTER_KEY must be 32 bytes in base64')
    .optional(),
  KAMENG_PUBLIC_URL: z.url().optional(),
  KAMENG_SHOP_NAME: z.string().min(1).max(60).default('可信卡盟 Kameng'),
  KAMENG_SESSION_IDLE_MINUTES: positiveInt.default(30),
  KAMENG_SESSION_ABSOLUTE_HOURS: positiveInt.default(12),
  KAMENG_COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Unset: on for `kameng start --demo` (npm start), off otherwise — see `sandboxPayments`. */
  KAMENG_SANDBOX_PAYMENTS: booleanFromEnv.optional(),
  KAMENG_TRUST_PROXY: trustProxyFromEnv.default(false),
  KAMENG_LOGIN_WINDOW_MINUTES: positiveInt.default(15),
  KAMENG_LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt.default(5),
  KAMENG_LOGIN_MAX_FAILURES_PER_IP: positiveInt.default(20),
  KAMENG_RATE_LIMIT_PER_MINUTE: positiveInt.default(600),
  KAMENG_JOBS: booleanFromEnv.default(true),
  KAMENG_CHECKPOINT_MINUTES: positiveInt.default(60),
  KAMENG_METRICS_TOKEN: z.string().min(16).optional(),
  KAMENG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  masterKey: string | undefined;
  publicUrl: string | undefined;
  shopName: string;
  session: { idleMs: number; absoluteMs: number; cookieSecure: 'auto' | 'always' | 'never' };
  /**
   * Whether the built-in sandbox (and sandbox-kind channels) may take payments: its checkout page lets the
   * payer mark a payment paid, so a live shop must never offer it. `null`: not said — on with demo data.
   */
  sandboxPayments: boolean | null;
  /** See `trustProxyFromEnv`. */
  trustProxy: boolean | string[];
  loginThrottle: { windowMs: number; maxFailuresPerAccount: number; maxFailuresPerIp: number };
  rateLimitPerMinute: number;
  jobsEnabled: boolean;
  checkpointMinutes: number;
  metricsToken: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset: `FOO= npm start` should not fail validation.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.KAMENG_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    masterKey: e.KAMENG_MASTER_KEY,
    publicUrl: e.KAMENG_PUBLIC_URL,
    shopName: e.KAMENG_SHOP_NAME,
    session: {
      idleMs: e.KAMENG_SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: e.KAMENG_SESSION_ABSOLUTE_HOURS * 3_600_000,
      cookieSecure: e.KAMENG_COOKIE_SECURE,
    },
    trustProxy: e.KAMENG_TRUST_PROXY,
    sandboxPayments: e.KAMENG_SANDBOX_PAYMENTS ?? null,
    loginThrottle: {
      windowMs: e.KAMENG_LOGIN_WINDOW_MINUTES * 60_000,
      maxFailuresPerAccount: e.KAMENG_LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: e.KAMENG_LOGIN_MAX_FAILURES_PER_IP,
    },
    rateLimitPerMinute: e.KAMENG_RATE_LIMIT_PER_MINUTE,
    jobsEnabled: e.KAMENG_JOBS,
    checkpointMinutes: e.KAMENG_CHECKPOINT_MINUTES,
    metricsToken: e.KAMENG_METRICS_TOKEN,
    logLevel: e.KAMENG_LOG_LEVEL,
  };
}

/** The variables, for README.md and `kameng start --help`; a test checks the README lists each one. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);
