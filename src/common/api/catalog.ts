import { z } from 'zod';
import { pageSchema } from '../pagination.js';
import { timestampSchema } from './accounts.js';

/** Request and response shapes of the catalog: categories, products, card-key inventory. */
export const productKindSchema = z.enum(['card_key', 'topup', 'manual']);
export type ProductKindName = z.infer<typeof productKindSchema>;
export const productStatusSchema = z.enum(['draft', 'listed', 'delisted']);
export const categoryStatusSchema = z.enum(['active', 'hidden']);

export const categoryView = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  sortOrder: z.number().int(),
  status: categoryStatusSchema,
});
export type CategoryView = z.infer<typeof categoryView>;

export const categoryBody = z.strictObject({
  parentId: z.string().max(40).nullable().default(null),
  nameZh: z.string().trim().min(1).max(30),
  nameEn: z.string().trim().min(1).max(60),
  sortOrder: z.number().int().min(-1000).max(1000).default(0),
  status: categoryStatusSchema.default('active'),
});

/** A usage rule shown at checkout, in both languages (仅限指定游戏, 需实名 …). */
export const usageRuleSchema = z.strictObject({
  zh: z.string().trim().min(1).max(200),
  en: z.string().trim().min(1).max(300),
});
export type UsageRule = z.infer<typeof usageRuleSchema>;

/** A field the buyer fills for a top-up (game account, server …). */
export const buyerFieldSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/),
  labelZh: z.string().trim().min(1).max(30),
  labelEn: z.string().trim().min(1).max(60),
  required: z.boolean().default(true),
  /** A regular expression the value must match, e.g. `^\d{5,12}$` for a QQ number. */
  pattern: z.string().max(200).nullable().default(null),
  maxLength: z.number().int().min(1).max(200).default(64),
});
export type BuyerField = z.infer<typeof buyerFieldSchema>;

const price = z.number().int().min(1).max(10_000_000_00);

export const productBody = z.strictObject({
  categoryId: z.string().max(40),
  kind: productKindSchema,
  title: z.string().trim().min(2).max(80),
  description: z.string().trim().max(5_000).default(''),
  /** 分 per unit. */
  price,
  memberOnly: z.boolean().default(false),
  maxPerOrder: z.number().int().min(1).max(100).default(10),
  maxPerUserPerDay: z.number().int().min(1).max(10_000).nullable().default(null),
  usageRules: z.array(usageRuleSchema).max(10).default([]),
  noReasonReturnExcluded: z.boolean().default(true),
  buyerFields: z.array(buyerFieldSchema).max(10).default([]),
  /** Top-up and manual goods: the promised delivery time in hours. */
  deliveryHours: z.number().int().min(1).max(720).nullable().default(null),
  /** Hours after delivery until the order confirms itself; the shop default when omitted. */
  confirmHours: z.number().int().min(1).max(720).nullable().default(null),
});
export type ProductInput = z.infer<typeof productBody>;

export const productPatchBody = productBody.omit({ kind: true }).partial();

export const productStatusBody = z.strictObject({ status: z.enum(['listed', 'delisted']) });

/** A product as a buyer sees it: terms, stock, and who sells it. */
export const productView = z.object({
  id: z.string(),
  merchantId: z.string(),
  shopName: z.string(),
  categoryId: z.string(),
  kind: productKindSchema,
  title: z.string(),
  description: z.string(),
  price: z.number().int(),
  currency: z.literal('CNY'),
  memberOnly: z.boolean(),
  maxPerOrder: z.number().int(),
  maxPerUserPerDay: z.number().int().nullable(),
  usageRules: z.array(usageRuleSchema),
  /** Changes whenever the rules change: checkout sends it back to prove the buyer saw these rules. */
  rulesVersion: z.string(),
  noReasonReturnExcluded: z.boolean(),
  buyerFields: z.array(buyerFieldSchema),
  deliveryHours: z.number().int().nullable(),
  confirmHours: z.number().int(),
  /** Card keys available now; null for goods without an inventory. */
  stock: z.number().int().nullable(),
  status: productStatusSchema,
});
export type ProductView = z.infer<typeof productView>;

export const productPage = pageSchema(productView);

export const productListQuery = z.strictObject({
  categoryId: z.string().max(40).optional(),
  merchantId: z.string().max(40).optional(),
  q: z.string().trim().max(40).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const cardKeyStatusSchema = z.enum(['available', 'reserved', 'sold', 'withdrawn']);

export const keyUploadBody = z
  .strictObject({
    /** `paste`: one key per line. `csv`: one key per row; a row's non-empty cells are joined by a space. */
    format: z.enum(['paste', 'csv']),
    text: z.string().min(1).max(2_000_000),
  })
  .meta({
    examples: [
      { format: 'paste', text: 'WZRY60-7F3A-91C2-55D0\nWZRY60-0B8E-44AF-C713' },
      { format: 'csv', text: 'key,note\nSTEAM50-AB12-CD34-EF56,batch 11\n' },
    ],
  });

export const keyRejectReasonSchema = z.enum(['empty', 'too_long', 'control_characters']);
export type KeyRejectReason = z.infer<typeof keyRejectReasonSchema>;

export const keyUploadReport = z
  .object({
    batchId: z.string(),
    submitted: z.number().int(),
    accepted: z.number().int(),
    duplicates: z.array(z.object({ line: z.number().int(), reason: z.enum(['in_batch', 'in_stock']) })),
    /** `too_long`: over 512 characters; `control_characters`: tabs, NUL and the like. */
    rejected: z.array(z.object({ line: z.number().int(), reason: keyRejectReasonSchema })),
  })
  .meta({
    examples: [
      {
        batchId: 'kbt_01JD8Z3K6Q2W5E7R9T1Y3U5I7O',
        submitted: 3,
        accepted: 1,
        duplicates: [{ line: 2, reason: 'in_stock' }],
        rejected: [{ line: 3, reason: 'too_long' }],
      },
    ],
  });
export type KeyUploadReport = z.infer<typeof keyUploadReport>;

export const inventoryView = z.object({
  productId: z.string(),
  counts: z.record(cardKeyStatusSchema, z.number().int()),
  batches: z.array(
    z.object({
      id: z.string(),
      source: z.enum(['paste', 'csv', 'api']),
      submitted: z.number().int(),
      accepted: z.number().int(),
      duplicates: z.number().int(),
      rejected: z.number().int(),
      createdAt: timestampSchema,
    }),
  ),
});

export const withdrawKeysBody = z.strictObject({
  /** How many available keys to take off sale (oldest first). */
  count: z.number().int().min(1).max(100_000),
  reason: z.string().trim().min(2).max(200),
});
