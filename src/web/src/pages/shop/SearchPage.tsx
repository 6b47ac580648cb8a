import { useQuery } from '@tanstack/react-query';
import { getCategories } from '../../api/endpoints.js';
import { Card, Flex, Input, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { listProducts } from '../../api/shop.js';
import { LoadMore } from '../../components/LoadMore.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { usePagedList } from '../../components/usePagedList.js';
import { ProductGrid } from './ProductCard.js';
import { inLanguage } from './shopHelpers.js';

/** Goods on sale, by title and category, a page at a time. */
export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const categoryId = params.get('categoryId') ?? '';
  const filters = { ...(q ? { q } : {}), ...(categoryId ? { categoryId } : {}) };
  const { query, items } = usePagedList(['catalog', 'products', filters], (cursor) =>
    listProducts(filters, cursor),
  );
  const categories = useQuery({ queryKey: ['catalog', 'categories'], queryFn: getCategories });
  const category = categories.data?.items.find((item) => item.id === categoryId);

  const setFilter = (name: 'q' | 'categoryId', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };

  return (
    <Flex vertical gap="middle">
      <Typography.Title level={2} className="page-title">
        {t('shop.search.title')}
      </Typography.Title>
      <Card size="small">
        <Flex vertical gap={8}>
          <Input.Search
            key={q}
            defaultValue={q}
            allowClear
            enterButton={t('shop.search.button')}
            placeholder={t('shop.search.placeholder')}
            aria-label={t('shop.search.placeholder')}
            data-testid="search-input"
            onSearch={(value) => setFilter('q', value.trim())}
          />
          {category && (
            <Flex gap={8} align="center" wrap>
              <Typography.Text type="secondary">{t('shop.search.category')}</Typography.Text>
              <Tag closable onClose={() => setFilter('categoryId', '')} data-testid="search-category">
                {inLanguage(category.nameZh, category.nameEn)}
              </Tag>
            </Flex>
          )}
        </Flex>
      </Card>
      {query.isError && <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isPending ? <Skeleton active /> : <ProductGrid products={items} testId="search-results" />}
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onLoad={() => void query.fetchNextPage()}
        testId="search-more"
      />
    </Flex>
  );
}
