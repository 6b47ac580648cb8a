import { z } from 'zod';
import { pageSchema } from '../pagination.js';
import { emailSchema, timestampSchema } from './accounts.js';
import { buyerFieldSchema, productKindSchema, usageRuleSchema } from './catalog.js';
import { closingNoticeSchema } from './merchants.js';
import { paymentProviderSchema } from './payments.js';
import { responseStatsView } from './chat.js';

/** Request and response shapes of orders: checkout, payment, delivery, confirmation, guest lookup. */
export const orderStatusSchema = z.enum([
  'created',
  'paid',
  'delivered',
  'confirmed',
  'settled',
  'expired',
  'cancelled',
  'refunding',
  'refunded',
]);
export type OrderStatusName = z.infer<typeof orderStatusSchema>;

export const guestDetails = z.strictObject({
  email: emailSchema,
  /** 查询密码: with the order number, the only way to see a guest order's keys. */
  queryPassword: z.string().min(6).max(64),
});

export const createOrderBody = z.strictObject({
  productId: z.string().max(40),
  quantity: z.number().int().min(1).max(100),
  /** Top-up fields the product asks for (game account, server …). */
  buyerInput: z.record(z.string().max(32), z.string().max(200)).default({}),
  /** The `rulesVersion` of the product page the buyer read and acknowledged. */
  rulesVersion: z.string().max(32),
  /** The separate checkout step for goods excluded from 7-day no-reason returns. */
  acknowledgeNoReasonReturnExclusion: z.boolean().default(false),
  /** Guests (not signed in) buying card keys. */
  guest: guestDetails.optional(),
  /**
   * 立即购买: pay from the signed-in buyer's wallet in the same request and transaction — the order is
   * paid (and card keys delivered) or, when the wallet is short, nothing is created at all.
   */
  payWith: z.literal('wallet').optional(),
});
export type CreateOrderInput = z.infer<typeof createOrderBody>;

/** `wallet`, or a payment channel (`sandbox`, or a configured channel's id — GET /api/v1/payment-channels). */
export const payMethodSchema = z.union([z.literal('wallet'), paymentProviderSchema]);

export const payOrderBody = z.strictObject({ method: payMethodSchema });

export const payOrderResult = z.object({
  /** Wallet payments are done at once; provider payments send the buyer to `redirectUrl`. */
  paymentId: z.string(),
  redirectUrl: z.string().nullable(),
});

const timelineEntry = z.object({
  /** `order` for the order's own steps, `dispute` for its dispute's (one dispute per order). */
  machine: z.enum(['order', 'dispute']),
  from: z.string().nullable(),
  to: z.string(),
  reasonCode: z.string(),
  note: z.string().nullable(),
  actorType: z.string(),
  at: timestampSchema,
});

export const orderView = z.object({
  id: z.string(),
  status: orderStatusSchema,
  productId: z.string(),
  kind: productKindSchema,
  title: z.string(),
  merchantId: z.string(),
  shopName: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  amount: z.number().int(),
  currency: z.enum(['CNY', 'ZUAN']),
  buyerInput: z.record(z.string(), z.string()),
  usageRules: z.array(usageRuleSchema),
  buyerFields: z.array(buyerFieldSchema),
  paymentDeadline: timestampSchema,
  paidAt: timestampSchema.nullable(),
  deliveryDeadline: timestampSchema.nullable(),
  deliveredAt: timestampSchema.nullable(),
  deliveryNote: z.string().nullable(),
  confirmDeadline: timestampSchema.nullable(),
  confirmedAt: timestampSchema.nullable(),
  settledAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  guest: z.boolean(),
  /** The order's dispute, open or closed (details at /api/v1/orders/:orderId/dispute). */
  disputeId: z.string().nullable(),
  disputeOpen: z.boolean(),
  /** What has gone back to the buyer so far. */
  refundedAmount: z.number().int(),
  /** Where refunds go: back through the provider that took the money, or (the buyer's choice) the wallet. */
  refundTo: z.enum(['original', 'wallet']),
  payments: z.array(
    z.object({
      id: z.string(),
      provider: z.string(),
      amount: z.number().int(),
      status: z.string(),
      /** Refunds of this payment, oldest first: a dispute may refund part, an appeal the rest. */
      refunds: z.array(
        z.object({
          id: z.string(),
          amount: z.number().int(),
          status: z.string(),
          destination: z.enum(['original', 'wallet']),
          reason: z.string(),
        }),
      ),
    }),
  ),
  timeline: z.array(timelineEntry),
});
export type OrderView = z.infer<typeof orderView>;
/** The buyer's choice of where the order's refunds go (a failed provider refund goes to the wallet at once). */
export const refundDestinationBody = z.strictObject({ to: z.enum(['original', 'wallet']) });
/** A guest order as the lookup returns it: with a 2-hour pass for the chat and after-sales routes. */
export const guestOrderView = orderView.extend({ guestPass: z.string() });
export type GuestOrderView = z.infer<typeof guestOrderView>;
export const orderPage = pageSchema(orderView);

/** What a shop sees of an order: no buyer identity beyond a masked label, never the keys. */
export const merchantOrderView = orderView.omit({ payments: true }).extend({
  buyerLabel: z.string(),
  fee: z.number().int(),
  payout: z.number().int(),
  /**
   * One order's view only (null in lists): the card keys delivered, each as its id and last four
   * characters, and whether it was replaced in a dispute — so the shop can replace just the bad one.
   */
  deliveredKeys: z.array(z.object({ id: z.string(), hint: z.string(), replaced: z.boolean() })).nullable(),
});
export const merchantOrderPage = pageSchema(merchantOrderView);

export const merchantOrderQuery = z.strictObject({
  status: orderStatusSchema.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const revealedKeys = z.object({
  /** `replaced`: the merchant replaced this key in a dispute; the new one is in the list too. */
  keys: z.array(z.object({ id: z.string(), secret: z.string(), replaced: z.boolean() })),
});

export const deliverBody = z
  .strictObject({
    /** Proof of delivery the buyer can check: the top-up's transaction number, a note. */
    note: z.string().trim().min(2).max(1_000),
  })
  .meta({ examples: [{ note: '已充值到账，充值流水号 WX20261122088' }] });

export const merchantRefundBody = z.strictObject({ reason: z.string().trim().min(2).max(500) });

export const guestLookupBody = z.strictObject({
  orderId: z.string().max(40),
  password: z.string().min(1).max(64),
});

export const guestPayBody = guestLookupBody.extend({ method: paymentProviderSchema });

export const guestRecoverBody = z.strictObject({ email: emailSchema });

export const shopPageView = z.object({
  id: z.string(),
  shopName: z.string(),
  description: z.string(),
  status: z.string(),
  kycType: z.enum(['individual', 'company']),
  verifiedName: z.string(),
  licenceMasked: z.string().nullable(),
  depositHeld: z.number().int(),
  openSince: timestampSchema,
  completedOrders: z.number().int(),
  responseTime: responseStatsView,
  closing: closingNoticeSchema.nullable(),
});
