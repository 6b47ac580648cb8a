import { formatMoney } from '../../../common/money.js';
import { createHash } from 'node:crypto';
import type { Page } from '../../../common/pagination.js';
import type { BuyerField, ProductInput, ProductView, UsageRule } from '../../../common/api/catalog.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { getShopSettings } from '../../platform/settings.js';
import { recordAudit } from '../../platform/audit.js';
import {
  assertActive,
  OPEN_SHOP_STATUSES,
  shopIsOpen,
  shopNamesOf,
  type MerchantCaller,
} from '../merchants/index.js';
import { catalogErrors } from './catalog.errors.js';
import { assertLeafCategory, categoryAndChildren } from './categories.service.js';
import { availableStock } from './card-keys.repository.js';
import {
  findProduct,
  insertProduct,
  listProductRows,
  updateProduct,
  type ProductFilter,
  type ProductRow,
} from './products.repository.js';

/** What other modules (orders) know of a product: its terms, parsed. */
export interface Product {
  id: string;
  merchantId: string;
  categoryId: string;
  kind: ProductRow['kind'];
  title: string;
  description: string;
  price: number;
  memberOnly: boolean;
  maxPerOrder: number;
  maxPerUserPerDay: number | null;
  usageRules: UsageRule[];
  rulesVersion: string;
  noReasonReturnExcluded: boolean;
  buyerFields: BuyerField[];
  deliveryHours: number | null;
  confirmHours: number;
  status: ProductRow['status'];
}

/** A short hash of the rules a buyer must acknowledge: it changes when any rule does. */
export function rulesVersionOf(rules: readonly UsageRule[], noReasonReturnExcluded: boolean): string {
  return createHash('sha256')
    .update(JSON.stringify([rules, noReasonReturnExcluded]))
    .digest('hex')
    .slice(0, 16);
}

export function rowToProduct(row: ProductRow): Product {
  const usageRules = JSON.parse(row.usage_rules) as UsageRule[];
  const noReasonReturnExcluded = row.no_reason_return_excluded === 1;
  return {
    id: row.id,
    merchantId: row.merchant_id,
    categoryId: row.category_id,
    kind: row.kind,
    title: row.title,
    description: row.description,
    price: row.price,
    memberOnly: row.member_only === 1,
    maxPerOrder: row.max_per_order,
    maxPerUserPerDay: row.max_per_user_per_day,
    usageRules,
    rulesVersion: rulesVersionOf(usageRules, noReasonReturnExcluded),
    noReasonReturnExcluded,
    buyerFields: JSON.parse(row.buyer_fields) as BuyerField[],
    deliveryHours: row.delivery_hours,
    confirmHours: row.confirm_hours,
    status: row.status,
  };
}

async function presentProducts(db: Db, rows: readonly ProductRow[]): Promise<ProductView[]> {
  const names = await shopNamesOf(
    db,
    rows.map((r) => r.merchant_id),
  );
  const stock = await availableStock(
    db,
    rows.filter((r) => r.kind === 'card_key').map((r) => r.id),
  );
  return rows.map((row) => {
    const product = rowToProduct(row);
    return {
      ...product,
      shopName: names.get(row.merchant_id) ?? '',
      currency: 'CNY' as const,
      stock: row.kind === 'card_key' ? (stock.get(row.id) ?? 0) : null,
    };
  });
}

function checkTerms(input: Pick<ProductInput, 'kind' | 'buyerFields' | 'deliveryHours'>): void {
  const invalid = (problem: string) => new AppError(catalogErrors.CATALOG_PRODUCT_INVALID, { problem });
  if (input.kind !== 'card_key' && input.deliveryHours === null)
    throw invalid('top-up and manual goods need a promised delivery time');
  if (input.kind === 'card_key' && input.buyerFields.length > 0)
    throw invalid('card keys are delivered automatically and ask the buyer nothing');
  const keys = new Set<string>();
  for (const field of input.buyerFields) {
    if (keys.has(field.key)) throw invalid(`field ${field.key} appears twice`);
    keys.add(field.key);
    if (field.pattern !== null) {
      try {
        new RegExp(field.pattern, 'u');
      } catch {
        throw invalid(`field ${field.key}: the pattern is not a valid regular expression`);
      }
    }
  }
}

export async function createProduct(
  ctx: ServiceContext,
  caller: MerchantCaller,
  input: ProductInput,
): Promise<ProductView> {
  assertActive(caller);
  checkTerms(input);
  await assertLeafCategory(ctx, input.categoryId);
  const settings = await getShopSettings(ctx.db);
  const now = ctx.clock.now();
  const id = newId('product', now);
  await ctx.transact(async (trx) => {
    await insertProduct(trx, {
      id,
      merchant_id: caller.merchantId,
      category_id: input.categoryId,
      kind: input.kind,
      title: input.title,
      description: input.description,
      price: input.price,
      member_only: input.memberOnly ? 1 : 0,
      max_per_order: input.maxPerOrder,
      max_per_user_per_day: input.maxPerUserPerDay,
      usage_rules: JSON.stringify(input.usageRules),
      no_reason_return_excluded: input.noReasonReturnExcluded ? 1 : 0,
      buyer_fields: JSON.stringify(input.buyerFields),
      delivery_hours: input.kind === 'card_key' ? null : input.deliveryHours,
      confirm_hours:
        input.confirmHours ??
        (input.kind === 'card_key' ? settings.cardKeyConfirmHours : settings.serviceConfirmHours),
      status: 'draft',
      created_at: toStoredTime(now),
      updated_at: toStoredTime(now),
    });
    await recordAudit(trx, now, {
      actor: caller.actor,
      action: 'product.create',
      target: { type: 'product', id },
      ip: caller.ip,
      summary: `${input.title} ${formatMoney(input.price, 'CNY')}`,
    });
  });
  return getMerchantProduct(ctx, caller, id);
}

export async function updateMerchantProduct(
  ctx: ServiceContext,
  caller: MerchantCaller,
  id: string,
  changes: Partial<Omit<ProductInput, 'kind'>>,
): Promise<ProductView> {
  assertActive(caller);
  const current = await ownProduct(ctx.db, caller, id);
  const merged = {
    kind: current.kind,
    buyerFields: changes.buyerFields ?? current.buyerFields,
    deliveryHours: changes.deliveryHours === undefined ? current.deliveryHours : changes.deliveryHours,
  };
  checkTerms(merged);
  if (changes.categoryId) await assertLeafCategory(ctx, changes.categoryId);
  const now = ctx.clock.now();
  await ctx.transact(async (trx) => {
    await updateProduct(trx, id, caller.merchantId, {
      ...(changes.categoryId !== undefined ? { category_id: changes.categoryId } : {}),
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.price !== undefined ? { price: changes.price } : {}),
      ...(changes.memberOnly !== undefined ? { member_only: changes.memberOnly ? 1 : 0 } : {}),
      ...(changes.maxPerOrder !== undefined ? { max_per_order: changes.maxPerOrder } : {}),
      ...(changes.maxPerUserPerDay !== undefined ? { max_per_user_per_day: changes.maxPerUserPerDay } : {}),
      ...(changes.usageRules !== undefined ? { usage_rules: JSON.stringify(changes.usageRules) } : {}),
      ...(changes.noReasonReturnExcluded !== undefined
        ? { no_reason_return_excluded: changes.noReasonReturnExcluded ? 1 : 0 }
        : {}),
      ...(changes.buyerFields !== undefined ? { buyer_fields: JSON.stringify(changes.buyerFields) } : {}),
      ...(changes.deliveryHours !== undefined && current.kind !== 'card_key'
        ? { delivery_hours: changes.deliveryHours }
        : {}),
      ...(changes.confirmHours !== undefined && changes.confirmHours !== null
        ? { confirm_hours: changes.confirmHours }
        : {}),
      updated_at: toStoredTime(now),
    });
    await recordAudit(trx, now, {
      actor: caller.actor,
      action: 'product.update',
      target: { type: 'product', id },
      ip: caller.ip,
      summary: `changed ${Object.keys(changes).join(', ')}`,
      details: changes.price !== undefined ? { priceFrom: current.price, priceTo: changes.price } : {},
    });
  });
  return getMerchantProduct(ctx, caller, id);
}

export async function setProductStatus(
  ctx: ServiceContext,
  caller: MerchantCaller,
  id: string,
  status: 'listed' | 'delisted',
): Promise<ProductView> {
  if (status === 'listed') assertActive(caller);
  await ownProduct(ctx.db, caller, id);
  const now = ctx.clock.now();
  await ctx.transact(async (trx) => {
    await updateProduct(trx, id, caller.merchantId, { status, updated_at: toStoredTime(now) });
    await recordAudit(trx, now, {
      actor: caller.actor,
      action: `product.${status === 'listed' ? 'list' : 'delist'}`,
      target: { type: 'product', id },
      ip: caller.ip,
      summary: status,
    });
  });
  return getMerchantProduct(ctx, caller, id);
}

/** A product of the caller's shop; another shop's product is "not found", never "forbidden". */
export async function ownProduct(db: Db, caller: MerchantCaller, id: string): Promise<Product> {
  const row = await findProduct(db, id);
  if (!row || row.merchant_id !== caller.merchantId)
    throw new AppError(catalogErrors.CATALOG_PRODUCT_NOT_FOUND);
  return rowToProduct(row);
}

export async function getMerchantProduct(
  ctx: ServiceContext,
  caller: MerchantCaller,
  id: string,
): Promise<ProductView> {
  await ownProduct(ctx.db, caller, id);
  const row = await findProduct(ctx.db, id);
  const [view] = await presentProducts(ctx.db, row ? [row] : []);
  if (!view) throw new AppError(catalogErrors.CATALOG_PRODUCT_NOT_FOUND);
  return view;
}

export async function listMerchantProducts(
  ctx: ServiceContext,
  caller: MerchantCaller,
  query: { cursor?: string; limit: number },
): Promise<Page<ProductView>> {
  return pageOf(ctx.db, { merchantId: caller.merchantId, limit: query.limit }, query.cursor);
}

/** Goods on sale: listed, from an open shop, optionally in a category (a game includes its kinds). */
export async function listProductsForBuyers(
  ctx: ServiceContext,
  query: { categoryId?: string; merchantId?: string; q?: string; cursor?: string; limit: number },
): Promise<Page<ProductView>> {
  return pageOf(
    ctx.db,
    {
      status: 'listed',
      merchantStatuses: OPEN_SHOP_STATUSES,
      ...(query.merchantId ? { merchantId: query.merchantId } : {}),
      ...(query.categoryId ? { categoryIds: await categoryAndChildren(ctx, query.categoryId) } : {}),
      ...(query.q ? { titleContains: query.q } : {}),
      limit: query.limit,
    },
    query.cursor,
  );
}

async function pageOf(db: Db, filter: ProductFilter, cursor: string | undefined): Promise<Page<ProductView>> {
  const before = decodeCursor(cursor);
  const rows = await listProductRows(db, { ...filter, ...(before ? { before } : {}) });
  const pageRows = rows.slice(0, filter.limit);
  const last = pageRows.at(-1);
  return {
    items: await presentProducts(db, pageRows),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.id) : null,
  };
}

/** A product page: only goods on sale in an open shop. */
export async function getProductForBuyers(ctx: ServiceContext, id: string): Promise<ProductView> {
  const row = await findProduct(ctx.db, id);
  const product = row ? (await presentProducts(ctx.db, [row]))[0] : undefined;
  if (!row || !product || row.status !== 'listed' || !(await shopIsOpen(ctx.db, row.merchant_id)))
    throw new AppError(catalogErrors.CATALOG_PRODUCT_NOT_FOUND);
  return product;
}

/** For checkout: the product's current terms, whatever its status (the order checks that). */
export async function findProductTerms(db: Db, id: string): Promise<Product | null> {
  const row = await findProduct(db, id);
  return row ? rowToProduct(row) : null;
}
