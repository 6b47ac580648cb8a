import type { CategoryView } from '../../../common/api/catalog.js';
import { userActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { toStoredTime } from '../../platform/clock.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { catalogErrors } from './catalog.errors.js';
import {
  findCategory,
  hasChildren,
  insertCategory,
  listCategoryRows,
  rowToCategory,
  updateCategory,
} from './categories.repository.js';

/**
 * Categories are two levels: a game (王者荣耀) and its kinds of goods (点券, 月卡, 代充). Goods live in the
 * second level only, so every product page can say which game it is for.
 */
export interface CategoryInput {
  parentId: string | null;
  nameZh: string;
  nameEn: string;
  sortOrder: number;
  status: 'active' | 'hidden';
}

export async function listCategories(ctx: ServiceContext, includeHidden: boolean): Promise<CategoryView[]> {
  return (await listCategoryRows(ctx.db, !includeHidden)).map(rowToCategory);
}

export async function saveCategory(
  ctx: ServiceContext,
  admin: { userId: string; ip: string | null },
  id: string | null,
  input: CategoryInput,
): Promise<CategoryView> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    if (input.parentId) {
      const parent = await findCategory(trx, input.parentId);
      if (!parent) throw new AppError(catalogErrors.CATALOG_CATEGORY_NOT_FOUND);
      if (parent.parent_id !== null || parent.id === id)
        throw new AppError(catalogErrors.CATALOG_CATEGORY_INVALID, { problem: 'two levels at most' });
      if (id && (await hasChildren(trx, id)))
        throw new AppError(catalogErrors.CATALOG_CATEGORY_INVALID, {
          problem: 'a game with kinds cannot move under another',
        });
    }
    const fields = {
      parent_id: input.parentId,
      name_zh: input.nameZh,
      name_en: input.nameEn,
      sort_order: input.sortOrder,
      status: input.status,
      updated_at: toStoredTime(now),
    };
    const categoryId = id ?? newId('category', now);
    if (id) {
      if ((await updateCategory(trx, id, fields)) !== 1)
        throw new AppError(catalogErrors.CATALOG_CATEGORY_NOT_FOUND);
    } else {
      await insertCategory(trx, { id: categoryId, created_at: toStoredTime(now), ...fields });
    }
    await recordAudit(trx, now, {
      actor: userActor(admin.userId),
      action: id ? 'category.update' : 'category.create',
      target: { type: 'category', id: categoryId },
      ip: admin.ip,
      summary: `${input.nameZh} / ${input.nameEn} (${input.status})`,
      details: { ...input },
    });
    const row = await findCategory(trx, categoryId);
    if (!row) throw new Error('the category just written is missing');
    return rowToCategory(row);
  });
}

/** Goods go in a kind of goods (second level), never directly in a game. */
export async function assertLeafCategory(ctx: ServiceContext, id: string): Promise<void> {
  const category = await findCategory(ctx.db, id);
  if (!category || category.status !== 'active') throw new AppError(catalogErrors.CATALOG_CATEGORY_NOT_FOUND);
  if (category.parent_id === null)
    throw new AppError(catalogErrors.CATALOG_CATEGORY_INVALID, {
      problem: 'choose a kind of goods, not a game',
    });
}

/** A category and, for a game, its kinds: what "goods in this category" means. */
export async function categoryAndChildren(ctx: ServiceContext, id: string): Promise<string[]> {
  const rows = await listCategoryRows(ctx.db, true);
  return rows.filter((row) => row.id === id || row.parent_id === id).map((row) => row.id);
}
