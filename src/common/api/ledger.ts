import { z } from 'zod';
import { LOCALES } from '../locale.js';
import { pageSchema } from '../pagination.js';

/** Request and response shapes of the ledger API (statements, balances, checkpoints). */
export const currencySchema = z.enum(['CNY', 'ZUAN']);

export const balanceView = z.object({
  accountId: z.string(),
  kind: z.string(),
  currency: currencySchema,
  balance: z.number().int(),
  held: z.number().int(),
  incoming: z.number().int(),
  available: z.number().int(),
});
export type BalanceView = z.infer<typeof balanceView>;

const statementFilters = {
  currency: currencySchema.default('CNY'),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  cause: z
    .string()
    .regex(/^[a-z][a-z0-9_.]{0,63}$/)
    .optional(),
};

export const statementQuery = z.strictObject({
  ...statementFilters,
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type StatementQuery = z.infer<typeof statementQuery>;

export const statementExportQuery = z.strictObject({
  ...statementFilters,
  format: z.enum(['csv', 'json']).default('csv'),
  /** The language of the reasons in the file; a plain download link cannot set Accept-Language. */
  lang: z.enum(LOCALES).optional(),
});

export const statementLine = z.object({
  seq: z.number().int(),
  at: z.string(),
  /** posted: the balance moved; hold: an amount was frozen; release: a frozen amount was let go. */
  kind: z.enum(['posted', 'hold', 'release']),
  amount: z.number().int(),
  balanceAfter: z.number().int(),
  heldAfter: z.number().int(),
  availableAfter: z.number().int(),
  reason: z.object({
    code: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    text: z.string(),
  }),
  cause: z.object({ type: z.string(), id: z.string() }),
  transferId: z.string(),
});
export type StatementLine = z.infer<typeof statementLine>;

export const statementPage = pageSchema(statementLine).extend({ account: balanceView.nullable() });
export type StatementPage = z.infer<typeof statementPage>;

export const publicKeyResponse = z.object({
  algorithm: z.literal('Ed25519'),
  publicKey: z.string(),
  keyId: z.string(),
});

export const kindTotal = z.object({
  kind: z.string(),
  currency: currencySchema,
  accounts: z.number().int(),
  balance: z.number().int(),
  held: z.number().int(),
  incoming: z.number().int(),
});
