import { ClockCircleOutlined, SafetyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Flex, Row, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { ProductView, UsageRule } from '../../../../common/api/catalog.js';
import { formatMoney } from '../../../../common/money.js';
import { getProduct, getShopFacts } from '../../api/shop.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { Checkout } from './Checkout.js';
import { ClosingNotice } from './ClosingNotice.js';
import { KindTag, StockText } from './ProductCard.js';
import { ShopCard } from './ShopCard.js';
import { inLanguage } from './shopHelpers.js';

export const productQueryKey = (productId: string) => ['catalog', 'product', productId] as const;

/** The usage rules, numbered, in the reader's language: the buyer acknowledges exactly these. */
export function UsageRules({ rules, testId }: { rules: readonly UsageRule[]; testId: string }) {
  const { t } = useTranslation();
  if (rules.length === 0) {
    return <Typography.Text type="secondary">{t('shop.product.noRules')}</Typography.Text>;
  }
  return (
    <ol className="shop-rules" data-testid={testId}>
      {rules.map((rule, index) => (
        <li key={index} data-testid={`${testId}-item`}>
          {inLanguage(rule.zh, rule.en)}
        </li>
      ))}
    </ol>
  );
}

function ProductTerms({ product }: { product: ProductView }) {
  const { t } = useTranslation();
  return (
    <Descriptions column={1} size="small" bordered className="shop-terms">
      <Descriptions.Item label={t('shop.product.stockLabel')}>
        <span data-testid="product-stock">
          <StockText product={product} />
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('shop.product.limits')}>
        <span data-testid="product-limits">
          {t('shop.product.maxPerOrder', { max: product.maxPerOrder })}
          {product.maxPerUserPerDay !== null &&
            ` · ${t('shop.product.maxPerDay', { max: product.maxPerUserPerDay })}`}
        </span>
      </Descriptions.Item>
      {product.kind !== 'card_key' && product.deliveryHours !== null && (
        <Descriptions.Item label={t('shop.product.deliveryLabel')}>
          <span data-testid="product-delivery">
            {t('shop.product.deliveryHours', { hours: product.deliveryHours })}
          </span>
        </Descriptions.Item>
      )}
      {product.kind === 'card_key' && (
        <Descriptions.Item label={t('shop.product.deliveryLabel')}>
          {t('shop.product.instant')}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('shop.product.returnsLabel')}>
        {product.noReasonReturnExcluded
          ? t('shop.product.returnsExcluded')
          : t('shop.product.returnsAllowed')}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** A product page: every term the buyer agrees to, the shop behind it, and the checkout. */
export function ProductPage() {
  const { t } = useTranslation();
  const { productId = '' } = useParams();
  const [buying, setBuying] = useState(false);
  const product = useQuery({ queryKey: productQueryKey(productId), queryFn: () => getProduct(productId) });
  const merchantId = product.data?.merchantId;
  const shop = useQuery({
    queryKey: ['catalog', 'shop', merchantId],
    queryFn: () => getShopFacts(merchantId!),
    enabled: merchantId !== undefined,
  });

  if (product.isError) return <ProblemAlert error={product.error} onRetry={() => void product.refetch()} />;
  if (product.isPending) return <Skeleton active />;
  const item = product.data;
  const soldOut = item.kind === 'card_key' && item.stock === 0;

  return (
    <Row gutter={[16, 16]} className="shop-product-page">
      <Col xs={24} lg={16}>
        <Flex vertical gap="middle">
          {shop.data?.closing && <ClosingNotice notice={shop.data.closing} />}
          <Card data-testid="product-page">
            <Flex vertical gap={8}>
              <Flex gap={4} wrap>
                <KindTag kind={item.kind} />
                {item.memberOnly && (
                  <Tag color="gold" data-testid="product-member-only">
                    {t('shop.product.memberOnly')}
                  </Tag>
                )}
              </Flex>
              <Typography.Title level={2} className="page-title shop-break" data-testid="product-title">
                {item.title}
              </Typography.Title>
              <Typography.Text className="shop-price shop-price-large" data-testid="product-price">
                {formatMoney(item.price, 'CNY')}
              </Typography.Text>
              <ProductTerms product={item} />
              <Alert
                type="info"
                showIcon
                icon={<SafetyOutlined />}
                data-testid="product-escrow"
                title={t('shop.product.escrowWindow', { hours: item.confirmHours })}
              />
              {item.kind !== 'card_key' && item.deliveryHours !== null && (
                <Alert
                  type="warning"
                  showIcon
                  icon={<ClockCircleOutlined />}
                  title={t('shop.product.deliveryPromise', { hours: item.deliveryHours })}
                />
              )}
              <Typography.Title level={4}>{t('shop.product.rulesTitle')}</Typography.Title>
              <UsageRules rules={item.usageRules} testId="product-rules" />
              {item.description && (
                <>
                  <Typography.Title level={4}>{t('shop.product.description')}</Typography.Title>
                  <Typography.Paragraph className="shop-description" data-testid="product-description">
                    {item.description}
                  </Typography.Paragraph>
                </>
              )}
              {!buying && (
                <Button
                  type="primary"
                  size="large"
                  block
                  className="shop-buy"
                  disabled={soldOut}
                  onClick={() => setBuying(true)}
                  data-testid="product-buy"
                >
                  {soldOut ? t('shop.product.soldOut') : t('shop.product.buy')}
                </Button>
              )}
            </Flex>
          </Card>
          {buying && (
            <Checkout
              product={item}
              onRulesChanged={() => void product.refetch()}
              onClose={() => setBuying(false)}
            />
          )}
        </Flex>
      </Col>
      <Col xs={24} lg={8}>
        {shop.isError && <ProblemAlert error={shop.error} onRetry={() => void shop.refetch()} />}
        {shop.data ? <ShopCard shop={shop.data} /> : !shop.isError && <Skeleton active />}
      </Col>
    </Row>
  );
}
