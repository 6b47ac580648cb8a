import { Card, Col, Empty, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ProductView } from '../../../../common/api/catalog.js';
import { formatMoney } from '../../../../common/money.js';
import { KIND_COLORS } from './shopHelpers.js';

/** What a buyer needs to know before opening a product: what it is, its price, who sells it, stock. */
export function StockText({ product }: { product: ProductView }) {
  const { t } = useTranslation();
  if (product.kind === 'topup') return <>{t('shop.product.topupStock')}</>;
  if (product.stock === null) return <>{t('shop.product.manualStock')}</>;
  if (product.stock === 0)
    return <Typography.Text type="danger">{t('shop.product.soldOut')}</Typography.Text>;
  return <>{t('shop.product.stock', { count: product.stock })}</>;
}

export function KindTag({ kind }: { kind: ProductView['kind'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[kind]} data-testid="product-kind">
      {t(`shop.kind.${kind}`)}
    </Tag>
  );
}

export function ProductCard({ product }: { product: ProductView }) {
  const { t } = useTranslation();
  return (
    <Link to={`/products/${product.id}`} data-testid="product-card" data-product-id={product.id}>
      <Card hoverable size="small" className="shop-product-card">
        <Flex vertical gap={6}>
          <Flex gap={4} wrap>
            <KindTag kind={product.kind} />
            {product.memberOnly && <Tag color="gold">{t('shop.product.memberOnly')}</Tag>}
          </Flex>
          <Typography.Text strong className="shop-product-title" data-testid="product-card-title">
            {product.title}
          </Typography.Text>
          <Typography.Text className="shop-price">{formatMoney(product.price, 'CNY')}</Typography.Text>
          <Flex justify="space-between" gap={8} className="shop-product-meta">
            <Typography.Text type="secondary" ellipsis>
              {product.shopName}
            </Typography.Text>
            <Typography.Text type="secondary" className="shop-nowrap">
              <StockText product={product} />
            </Typography.Text>
          </Flex>
        </Flex>
      </Card>
    </Link>
  );
}

export function ProductGrid({ products, testId }: { products: readonly ProductView[]; testId: string }) {
  const { t } = useTranslation();
  if (products.length === 0) {
    return <Empty description={t('shop.search.empty')} data-testid={`${testId}-empty`} />;
  }
  return (
    <Row gutter={[12, 12]} data-testid={testId}>
      {products.map((product) => (
        <Col xs={24} sm={12} md={8} lg={6} key={product.id}>
          <ProductCard product={product} />
        </Col>
      ))}
    </Row>
  );
}
