import type { Insertable } from 'kysely';
import type { CreateOrderInput } from '../../../common/api/orders.js';
import { userActor, type Actor } from '../../platform/actor.js';
import { addMs, DAY_MS, HOUR_MS, MINUTE_MS, toStoredTime } from '../../platform/clock.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { ShopSettings } from '../../../common/api/settings.js';
import { getShopSettings } from '../../platform/settings.js';
import { recordInitialState } from '../../platform/state-machine.js';
import { catalogErrors, findProductTerms, reserveKeysForOrder, type Product } from '../catalog/index.js';
import { shopIsOpen, shopNamesOf } from '../merchants/index.js';
import { orderAmount, platformFee } from './money-math.js';
import { queueOrderEmail } from './order-emails.js';
import { orderLifecycle } from './order-lifecycle.js';
import type { OrderSnapshot } from './order-steps.js';
import { ordersErrors } from './orders.errors.js';
import { insertOrder, unitsOrderedSince, unpaidOrderCount, type OrderRow } from './orders.repository.js';
import type { OrdersTable } from './orders.tables.js';
import type { CommercePolicies } from './policies.js';

/**
 * Checkout (下单): checks the terms the buyer accepted, prices the order, and reserves its card keys in
 * the same transaction — so a buyer who gets an order can pay for it, and nobody is ever told after
 * paying that someone else took the goods (acg-faka#940). Unpaid orders hold stock only until their
 * payment window ends, and a buyer can hold only a few at once.
 */
/** A guest's query password is hashed before the transaction opens: argon2 is slow on purpose. */
export type Buyer = { kind: 'user'; userId: string } | { kind: 'guest'; email: string; passwordHash: string };

export const MAX_UNPAID_ORDERS = 5;

export async function createOrder(
  ctx: ServiceContext,
  trx: Trx,
  policies: CommercePolicies,
  buyer: Buyer,
  input: CreateOrderInput,
): Promise<OrderRow> {
  const now = ctx.clock.now();
  const offer = await findOffer(trx, input.productId);
  const draft = await draftOrder(trx, policies, offer, await getShopSettings(trx), buyer, input, now);
  const order = await insertOrder(trx, draft);
  const actor: Actor = buyer.kind === 'user' ? userActor(buyer.userId) : { type: 'guest', id: order.id };
  await recordInitialState(trx, now, orderLifecycle, order.id, actor, { code: 'ordered' });
  if (order.product_kind === 'card_key') {
    const reserved = await reserveKeysForOrder(trx, ctx.dialect, {
      productId: order.product_id,
      orderId: order.id,
      quantity: order.quantity,
      until: new Date(order.payment_deadline),
    });
    // Throwing rolls back the order and any keys taken: nothing is half-reserved.
    if (!reserved) throw new AppError(ordersErrors.ORDER_OUT_OF_STOCK);
  }
  if (buyer.kind === 'guest') await queueOrderEmail(trx, ctx, order, 'created_guest');
  return order;
}

/** A product on sale, with the name of its shop (kept in each order's snapshot). */
export interface Offer {
  product: Product;
  shopName: string;
}

export async function findOffer(trx: Trx, productId: string): Promise<Offer> {
  const product = await findProductTerms(trx, productId);
  if (!product || product.status !== 'listed' || !(await shopIsOpen(trx, product.merchantId)))
    throw new AppError(catalogErrors.CATALOG_PRODUCT_NOT_FOUND);
  const shopName = (await shopNamesOf(trx, [product.merchantId])).get(product.merchantId) ?? '';
  return { product, shopName };
}

/**
 * Everything checkout decides before it writes: the buyer may order this (terms accepted, member-only
 * goods, the product's fields, the limits), at what price, and the order row as it is born (`created`,
 * its payment window open). Throws the first problem as the buyer's error.
 */
export async function draftOrder(
  trx: Trx,
  policies: CommercePolicies,
  { product, shopName }: Offer,
  settings: ShopSettings,
  buyer: Buyer,
  input: CreateOrderInput,
  now: Date,
): Promise<Insertable<OrdersTable>> {
  if (buyer.kind === 'guest' && product.kind !== 'card_key')
    throw new AppError(ordersErrors.ORDER_GUEST_NOT_ALLOWED);
  checkAcceptedTerms(product, input);
  const buyerId = buyer.kind === 'user' ? buyer.userId : null;
  if (product.memberOnly && !(await policies.isMember(trx, buyerId)))
    throw new AppError(ordersErrors.ORDER_MEMBERS_ONLY);
  const buyerInput = validBuyerInput(product, input.buyerInput);
  const who = buyer.kind === 'user' ? { buyerId: buyer.userId } : { guestEmail: buyer.email.toLowerCase() };
  await checkLimits(trx, product, who, input.quantity, now);

  const unitPrice = await policies.unitPrice(trx, { product, buyerId });
  const amount = orderAmount(unitPrice, input.quantity);
  const snapshot: OrderSnapshot = {
    title: product.title,
    kind: product.kind,
    unitPrice,
    usageRules: product.usageRules,
    rulesVersion: product.rulesVersion,
    noReasonReturnExcluded: product.noReasonReturnExcluded,
    buyerFields: product.buyerFields,
    deliveryHours: product.deliveryHours,
    confirmHours: product.confirmHours,
    shopName,
  };
  return {
    id: newId('order', now),
    buyer_id: buyerId,
    guest_email: buyer.kind === 'guest' ? buyer.email.toLowerCase() : null,
    guest_password_hash: buyer.kind === 'guest' ? buyer.passwordHash : null,
    merchant_id: product.merchantId,
    product_id: product.id,
    product_kind: product.kind,
    snapshot: JSON.stringify(snapshot),
    title: product.title,
    quantity: input.quantity,
    unit_price: unitPrice,
    amount,
    currency: 'CNY',
    fee_bps: settings.platformFeeBps,
    fee: platformFee(amount, settings.platformFeeBps),
    buyer_input: JSON.stringify(buyerInput),
    status: 'created',
    payment_deadline: toStoredTime(addMs(now, settings.orderPaymentMinutes * MINUTE_MS)),
    payment_id: null,
    paid_at: null,
    delivery_deadline: null,
    delivered_at: null,
    delivery_note: null,
    confirm_deadline: null,
    confirmed_at: null,
    settled_at: null,
    escrow_account_id: null,
    created_at: toStoredTime(now),
    updated_at: toStoredTime(now),
  };
}

function checkAcceptedTerms(product: Product, input: CreateOrderInput): void {
  if (input.quantity > product.maxPerOrder)
    throw new AppError(ordersErrors.ORDER_QUANTITY_LIMIT, { max: product.maxPerOrder });
  if (input.rulesVersion !== product.rulesVersion) throw new AppError(ordersErrors.ORDER_RULES_CHANGED);
  if (product.noReasonReturnExcluded && !input.acknowledgeNoReasonReturnExclusion)
    throw new AppError(ordersErrors.ORDER_ACKNOWLEDGEMENT_REQUIRED, {
      what: '虚拟商品不适用七日无理由退货 / virtual goods are excluded from 7-day no-reason returns',
    });
}

/** Only the fields the product asks for, each within its length and pattern. */
function validBuyerInput(product: Product, given: Readonly<Record<string, string>>): Record<string, string> {
  const known = new Set(product.buyerFields.map((f) => f.key));
  const unknown = Object.keys(given).find((key) => !known.has(key));
  if (unknown) throw new AppError(ordersErrors.ORDER_BUYER_INPUT_INVALID, { field: unknown });
  const out: Record<string, string> = {};
  for (const field of product.buyerFields) {
    const value = (given[field.key] ?? '').trim();
    const bad = () => new AppError(ordersErrors.ORDER_BUYER_INPUT_INVALID, { field: field.labelZh });
    if (value === '') {
      if (field.required) throw bad();
      continue;
    }
    if (value.length > field.maxLength) throw bad();
    if (field.pattern !== null && !new RegExp(field.pattern, 'u').test(value)) throw bad();
    out[field.key] = value;
  }
  return out;
}

/** The day in China (UTC+8, no daylight saving): limits reset at midnight Beijing time. */
export function startOfChinaDay(now: Date): Date {
  const offset = 8 * HOUR_MS;
  return new Date(Math.floor((now.getTime() + offset) / DAY_MS) * DAY_MS - offset);
}

async function checkLimits(
  trx: Trx,
  product: Product,
  who: { buyerId: string } | { guestEmail: string },
  quantity: number,
  now: Date,
): Promise<void> {
  const unpaid = await unpaidOrderCount(trx, who);
  if (unpaid >= MAX_UNPAID_ORDERS) throw new AppError(ordersErrors.ORDER_TOO_MANY_UNPAID, { count: unpaid });
  if (product.maxPerUserPerDay === null) return;
  const today = await unitsOrderedSince(trx, who, product.id, startOfChinaDay(now));
  if (today + quantity > product.maxPerUserPerDay)
    throw new AppError(ordersErrors.ORDER_DAILY_LIMIT, {
      max: product.maxPerUserPerDay,
      left: Math.max(0, product.maxPerUserPerDay - today),
    });
}
