import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { MerchantStatusName } from '../../../common/api/merchants.js';
import type { Db } from '../../platform/context.js';
import type { ProductsTable, ProductStatus } from './catalog.tables.js';

export type ProductRow = Selectable<ProductsTable>;

export async function insertProduct(db: Db, row: Insertable<ProductsTable>): Promise<void> {
  await db.insertInto('products').values(row).execute();
}

export async function updateProduct(
  db: Db,
  id: string,
  merchantId: string,
  changes: Updateable<ProductsTable>,
): Promise<number> {
  const result = await db
    .updateTable('products')
    .set(changes)
    .where('id', '=', id)
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findProduct(db: Db, id: string): Promise<ProductRow | undefined> {
  return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ProductFilter {
  status?: ProductStatus;
  merchantId?: string;
  /** Only goods of shops in these states (buyers see open shops only). */
  merchantStatuses?: readonly MerchantStatusName[];
  categoryIds?: readonly string[];
  titleContains?: string;
  before?: string;
  limit: number;
}

export async function listProductRows(db: Db, filter: ProductFilter): Promise<ProductRow[]> {
  let query = db
    .selectFrom('products')
    .selectAll('products')
    .orderBy('products.id', 'desc')
    .limit(filter.limit + 1);
  if (filter.status) query = query.where('products.status', '=', filter.status);
  if (filter.merchantId) query = query.where('products.merchant_id', '=', filter.merchantId);
  if (filter.categoryIds) query = query.where('products.category_id', 'in', [...filter.categoryIds, '']);
  if (filter.before) query = query.where('products.id', '<', filter.before);
  if (filter.titleContains) {
    // LIKE with the wildcards of the search text escaped: `50%` finds "50%", not everything.
    const escaped = filter.titleContains.replace(/[\\%_]/g, (c) => `\\${c}`);
    const pattern = `%${escaped.toLowerCase()}%`;
    query = query.where(sql<boolean>`lower(${sql.ref('products.title')}) like ${pattern} escape '\\'`);
  }
  if (filter.merchantStatuses) {
    const statuses = filter.merchantStatuses;
    query = query.where('products.merchant_id', 'in', (eb) =>
      eb
        .selectFrom('merchants')
        .select('merchants.id')
        .where('merchants.status', 'in', [...statuses])
        // A shop whose credit sanction hides its listings sells nothing until it recovers.
        .where('merchants.sanction', '<>', 'listings_hidden'),
    );
  }
  return query.execute();
}
