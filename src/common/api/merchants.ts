import { z } from 'zod';
import { pageSchema } from '../pagination.js';
import { emailSchema, timestampSchema } from './accounts.js';

/** Request and response shapes of the merchants API: applications, review, deposit, API keys. */
export const merchantStatusSchema = z.enum([
  'applying',
  'rejected',
  'approved',
  'active',
  'suspended',
  'closing',
  'closed',
]);
export type MerchantStatusName = z.infer<typeof merchantStatusSchema>;
export const kycTypeSchema = z.enum(['individual', 'company']);

export const merchantApplicationBody = z.strictObject({
  shopName: z.string().trim().min(2).max(30),
  description: z.string().trim().max(500).default(''),
  kycType: kycTypeSchema,
  /** The person's real name, or the company's registered name. */
  legalName: z.string().trim().min(2).max(60),
  /** 身份证号 (individual) or 统一社会信用代码 (company). */
  identityNumber: z.string().trim().min(15).max(22),
  contactName: z.string().trim().min(1).max(40),
  contactPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{5,19}$/, 'a phone number'),
  contactEmail: emailSchema,
});
export type MerchantApplication = z.infer<typeof merchantApplicationBody>;

/** The owner's view of their shop (merchant console). */
/** 停业公告 (电子商务法 Art 16): announced at least 30 days before the shop stops selling. */
export const closingNoticeSchema = z.object({
  announcedAt: timestampSchema,
  closesAt: timestampSchema,
  reason: z.string().nullable(),
});

export const closingBody = z.strictObject({ reason: z.string().trim().min(2).max(500) });

export const myShopView = z.object({
  id: z.string(),
  shopName: z.string(),
  description: z.string(),
  kycType: kycTypeSchema,
  legalName: z.string(),
  identityNumberMasked: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  contactEmail: z.string(),
  status: merchantStatusSchema,
  reviewNote: z.string().nullable(),
  reviewedAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  /** What the credit score costs the shop now (suspension shows in `status`). */
  sanction: z.enum(['none', 'warning', 'listings_hidden']),
  closing: closingNoticeSchema.nullable(),
  deposit: z.object({ balance: z.number().int(), minimum: z.number().int() }),
  /** Settled money the merchant owns, and money in escrow on its way (held until orders settle). */
  payable: z.object({ available: z.number().int(), pending: z.number().int() }),
});
export type MyShopView = z.infer<typeof myShopView>;

export const adminMerchantView = myShopView.extend({ userId: z.string(), userEmail: z.string() });
export type AdminMerchantView = z.infer<typeof adminMerchantView>;
export const adminMerchantPage = pageSchema(adminMerchantView);

export const adminMerchantQuery = z.strictObject({
  status: merchantStatusSchema.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const reviewBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(500).default(''),
});

export const merchantStatusChangeBody = z.strictObject({
  status: z.enum(['active', 'suspended']),
  reason: z.string().trim().min(2).max(500),
});

export const depositBody = z.strictObject({
  /** 分, paid from the owner's wallet into the shop's deposit account. */
  amount: z.number().int().min(1).max(100_000_000_00),
});

export const API_KEY_SCOPES = ['keys:write', 'products:read', 'orders:read', 'orders:fulfil'] as const;
export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

export const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  /** The key id and the start of its secret, so a key can be recognised; the secret is never shown again. */
  prefix: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  createdAt: timestampSchema,
  lastUsedAt: timestampSchema.nullable(),
  revokedAt: timestampSchema.nullable(),
});
export type ApiKeyView = z.infer<typeof apiKeyView>;

export const createApiKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(40),
    scopes: z.array(apiKeyScopeSchema).min(1).max(API_KEY_SCOPES.length),
  })
  .meta({ examples: [{ name: '发货机器人', scopes: ['orders:read', 'orders:fulfil'] }] });

export const createdApiKey = z.object({
  apiKey: apiKeyView,
  /** `Authorization: Bearer <token>`. Shown this once; only its hash is stored. */
  token: z.string(),
});
