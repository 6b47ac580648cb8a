import { useQuery } from '@tanstack/react-query';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Spin, Tag, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryView } from '../../../../../common/api/catalog.js';
import { listAdminCategories, updateCategory, type CategoryInput } from '../../../api/adminCommerce.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { CategoryModal } from './CategoryModal.js';
import { ADMIN_COMMERCE_KEY, useConsoleChange } from './shared.js';

type Editing = { category: CategoryView | null; parent: CategoryView | null; nextSortOrder: number } | null;

const SORT_STEP = 10;

function inputOf(category: CategoryView, change: Partial<CategoryInput> = {}): CategoryInput {
  const { parentId, nameZh, nameEn, sortOrder, status } = category;
  return { parentId, nameZh, nameEn, sortOrder, status, ...change };
}

/** The next free place at the end of a list of siblings. */
function afterLast(siblings: readonly CategoryView[]): number {
  const last = siblings.at(-1)?.sortOrder;
  return last === undefined ? 0 : Math.min(1000, last + SORT_STEP);
}

/**
 * Moving one category past its neighbour renumbers the siblings 0, 10, 20 … in the new order (ties in
 * sortOrder are common, so swapping two numbers would not always move anything). Only rows whose number
 * changes are written.
 */
async function moveCategory(siblings: readonly CategoryView[], index: number, offset: -1 | 1): Promise<void> {
  const order = [...siblings];
  const [moved] = order.splice(index, 1);
  if (!moved) return;
  order.splice(index + offset, 0, moved);
  for (const [position, category] of order.entries()) {
    const sortOrder = position * SORT_STEP;
    if (category.sortOrder !== sortOrder) await updateCategory(category.id, inputOf(category, { sortOrder }));
  }
}

function CategoryRow({
  category,
  siblings,
  index,
  level,
  onEdit,
  children,
}: {
  category: CategoryView;
  siblings: readonly CategoryView[];
  index: number;
  level: 'game' | 'kind';
  onEdit: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const toggle = useConsoleChange(
    () =>
      updateCategory(
        category.id,
        inputOf(category, { status: category.status === 'active' ? 'hidden' : 'active' }),
      ),
    () => undefined,
  );
  const move = useConsoleChange(
    (offset: -1 | 1) => moveCategory(siblings, index, offset),
    () => undefined,
  );
  const hidden = category.status === 'hidden';
  return (
    <Flex
      vertical
      gap="small"
      className={`category-row category-${level}${hidden ? ' category-hidden' : ''}`}
      data-testid={`category-${level}`}
      data-category-id={category.id}
    >
      <Flex justify="space-between" align="center" gap="small" wrap>
        <Flex vertical className="category-names">
          <Typography.Text strong={level === 'game'} data-testid="category-name-zh-text">
            {category.nameZh}
            {hidden && (
              <Tag className="category-tag" data-testid="category-hidden-tag">
                {t('adminCommerce.categories.hidden')}
              </Tag>
            )}
          </Typography.Text>
          <Typography.Text type="secondary" data-testid="category-name-en-text">
            {category.nameEn} · {t('adminCommerce.categories.sortLabel', { order: category.sortOrder })}
          </Typography.Text>
        </Flex>
        <Flex gap={4} wrap className="category-actions">
          <Tooltip title={t('adminCommerce.categories.moveUp')}>
            <Button
              size="small"
              icon={<ArrowUpOutlined />}
              aria-label={t('adminCommerce.categories.moveUp')}
              disabled={index === 0}
              loading={move.mutation.isPending}
              onClick={() => move.mutation.mutate(-1)}
              data-testid="category-up"
            />
          </Tooltip>
          <Tooltip title={t('adminCommerce.categories.moveDown')}>
            <Button
              size="small"
              icon={<ArrowDownOutlined />}
              aria-label={t('adminCommerce.categories.moveDown')}
              disabled={index === siblings.length - 1}
              loading={move.mutation.isPending}
              onClick={() => move.mutation.mutate(1)}
              data-testid="category-down"
            />
          </Tooltip>
          <Button size="small" onClick={onEdit} data-testid="category-edit">
            {t('adminCommerce.categories.edit')}
          </Button>
          <Button
            size="small"
            loading={toggle.mutation.isPending}
            onClick={() => toggle.mutation.mutate(undefined)}
            data-testid="category-toggle"
          >
            {hidden ? t('adminCommerce.categories.show') : t('adminCommerce.categories.hide')}
          </Button>
        </Flex>
      </Flex>
      {(toggle.problem ?? move.problem) && (
        <ProblemAlert error={toggle.problem ?? move.problem} testId="category-row-error" />
      )}
      {children}
    </Flex>
  );
}

/** The two-level category tree: games, and under each its kinds of goods. */
export function CategoriesPage() {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Editing>(null);
  const categories = useQuery({ queryKey: [ADMIN_COMMERCE_KEY, 'categories'], queryFn: listAdminCategories });

  const all = categories.data?.items ?? [];
  const games = all.filter((category) => category.parentId === null);
  const kindsOf = (game: CategoryView) => all.filter((category) => category.parentId === game.id);

  return (
    <Flex vertical gap="large">
      <Flex justify="space-between" align="center" gap="middle" wrap>
        <Typography.Title level={2} className="page-title">
          {t('adminCommerce.categories.title')}
        </Typography.Title>
        <Button
          type="primary"
          onClick={() => setEditing({ category: null, parent: null, nextSortOrder: afterLast(games) })}
          data-testid="categories-new-game"
        >
          {t('adminCommerce.categories.newGame')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" className="page-title">
        {t('adminCommerce.categories.intro')}
      </Typography.Paragraph>
      {categories.isError && (
        <ProblemAlert error={categories.error} onRetry={() => void categories.refetch()} />
      )}
      {categories.isPending && <Spin size="large" className="page-spinner" />}
      {categories.isSuccess && games.length === 0 && (
        <Card>
          <Empty description={t('adminCommerce.categories.empty')} />
        </Card>
      )}
      <Flex vertical gap="middle" data-testid="categories-tree">
        {games.map((game, gameIndex) => {
          const kinds = kindsOf(game);
          return (
            <Card key={game.id} size="small">
              <CategoryRow
                category={game}
                siblings={games}
                index={gameIndex}
                level="game"
                onEdit={() => setEditing({ category: game, parent: null, nextSortOrder: game.sortOrder })}
              >
                <Flex vertical gap="small" className="category-kinds">
                  {kinds.length === 0 && (
                    <Typography.Text type="secondary">
                      {t('adminCommerce.categories.noKinds')}
                    </Typography.Text>
                  )}
                  {kinds.map((kind, kindIndex) => (
                    <CategoryRow
                      key={kind.id}
                      category={kind}
                      siblings={kinds}
                      index={kindIndex}
                      level="kind"
                      onEdit={() =>
                        setEditing({ category: kind, parent: game, nextSortOrder: kind.sortOrder })
                      }
                    />
                  ))}
                  <div>
                    <Button
                      size="small"
                      type="dashed"
                      onClick={() =>
                        setEditing({ category: null, parent: game, nextSortOrder: afterLast(kinds) })
                      }
                      data-testid="category-add-kind"
                    >
                      {t('adminCommerce.categories.addKind')}
                    </Button>
                  </div>
                </Flex>
              </CategoryRow>
            </Card>
          );
        })}
      </Flex>
      {editing && <CategoryModal {...editing} onClose={() => setEditing(null)} />}
    </Flex>
  );
}
