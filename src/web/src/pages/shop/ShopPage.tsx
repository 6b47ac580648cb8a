import { useQuery } from '@tanstack/react-query';
import { Col, Flex, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { getShopFacts, listProducts } from '../../api/shop.js';
import { LoadMore } from '../../components/LoadMore.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { usePagedList } from '../../components/usePagedList.js';
import { ResponseTime } from '../chat/ResponseTime.js';
import { ClosingNotice } from './ClosingNotice.js';
import { ProductGrid } from './ProductCard.js';
import { ShopCard } from './ShopCard.js';
import { ShopCredit } from './ShopCredit.js';

/** A shop's public page: a closing notice first, who stands behind it and how it keeps its word, what it sells. */
export function ShopPage() {
  const { t } = useTranslation();
  const { merchantId = '' } = useParams();
  const shop = useQuery({
    queryKey: ['catalog', 'shop', merchantId],
    queryFn: () => getShopFacts(merchantId),
  });
  const { query, items } = usePagedList(['catalog', 'products', { merchantId }], (cursor) =>
    listProducts({ merchantId }, cursor),
  );
  if (shop.isError) return <ProblemAlert error={shop.error} onRetry={() => void shop.refetch()} />;
  return (
    <Flex vertical gap="large">
      <Typography.Title level={2} className="page-title shop-break" data-testid="shop-title">
        {shop.data?.shopName}
      </Typography.Title>
      {shop.data?.closing && <ClosingNotice notice={shop.data.closing} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          {shop.data ? (
            <Flex vertical gap="middle">
              <ShopCard shop={shop.data} linked={false} />
              <ResponseTime stats={shop.data.responseTime} />
              <ShopCredit merchantId={merchantId} />
            </Flex>
          ) : (
            <Skeleton active />
          )}
        </Col>
        <Col xs={24} lg={16}>
          <Typography.Title level={4}>{t('shop.shopPage.products')}</Typography.Title>
          {query.isError && <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />}
          {query.isPending ? <Skeleton active /> : <ProductGrid products={items} testId="shop-products" />}
          <LoadMore
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            onLoad={() => void query.fetchNextPage()}
            testId="shop-products-more"
          />
        </Col>
      </Row>
    </Flex>
  );
}
