import type { Insertable, Selectable, Updateable } from 'kysely';
import type { CategoryView } from '../../../common/api/catalog.js';
import type { Db } from '../../platform/context.js';
import type { CategoriesTable } from './catalog.tables.js';

export type CategoryRow = Selectable<CategoriesTable>;

export function rowToCategory(row: CategoryRow): CategoryView {
  return {
    id: row.id,
    parentId: row.parent_id,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    sortOrder: row.sort_order,
    status: row.status,
  };
}

export async function insertCategory(db: Db, row: Insertable<CategoriesTable>): Promise<void> {
  await db.insertInto('categories').values(row).execute();
}

export async function updateCategory(
  db: Db,
  id: string,
  changes: Updateable<CategoriesTable>,
): Promise<number> {
  const result = await db.updateTable('categories').set(changes).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findCategory(db: Db, id: string): Promise<CategoryRow | undefined> {
  return db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCategoryRows(db: Db, onlyActive: boolean): Promise<CategoryRow[]> {
  let query = db.selectFrom('categories').selectAll().orderBy('sort_order').orderBy('id');
  if (onlyActive) query = query.where('status', '=', 'active');
  return query.execute();
}

export async function hasChildren(db: Db, id: string): Promise<boolean> {
  return (
    (await db.selectFrom('categories').select('id').where('parent_id', '=', id).executeTakeFirst()) !==
    undefined
  );
}
