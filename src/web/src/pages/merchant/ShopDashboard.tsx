import { RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Flex, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MyShopView } from '../../../../common/api/merchants.js';
import { formatMoney } from '../../../../common/money.js';
import { listShopOrders } from '../../api/merchant.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { ClosingCard } from './ClosingCard.js';
import { SectionNav } from './MerchantConsole.js';
import { SanctionAlert } from './SanctionAlert.js';
import { shopStatusColor } from './labels.js';
import { MERCHANT_KEY } from './shopQuery.js';

const SECTIONS = [
  { key: 'products', path: '/merchant/products' },
  { key: 'orders', path: '/merchant/orders' },
  { key: 'payouts', path: '/merchant/payouts' },
  { key: 'credit', path: '/merchant/credit' },
  { key: 'apiKeys', path: '/merchant/api-keys' },
] as const;

/**
 * An open shop at a glance: a sanction or closing notice first, money (available, in escrow, deposit),
 * orders to deliver, the way onward, and 停业 at the end until it is announced.
 */
export function ShopDashboard({ shop }: { shop: MyShopView }) {
  const { t } = useTranslation();
  // The first page of orders waiting for delivery: its size is the count, "20+" when there are more.
  const waiting = useQuery({
    queryKey: [MERCHANT_KEY, 'orders', 'paid'],
    queryFn: () => listShopOrders('paid', null),
  });
  const waitingCount = waiting.data
    ? waiting.data.nextCursor
      ? t('merchant.dashboard.waitingMore', { count: waiting.data.items.length })
      : String(waiting.data.items.length)
    : t('common.none');

  return (
    <Flex vertical gap="large" className="merchant-page" data-testid="merchant-dashboard">
      <Flex vertical gap="small">
        <Typography.Text type="secondary" className="merchant-shop-line">
          <span data-testid="merchant-shop-name">{shop.shopName}</span>{' '}
          <Tag color={shopStatusColor(shop.status)} data-testid="merchant-shop-status">
            {t(`merchant.shopStatus.${shop.status}`)}
          </Tag>
        </Typography.Text>
        <Typography.Title level={2} className="page-title">
          {t('merchant.dashboard.title')}
        </Typography.Title>
        <SectionNav current="dashboard" />
      </Flex>
      <SanctionAlert shop={shop} linkToCredit />
      {shop.closing && <ClosingCard shop={shop} />}
      <Card
        extra={
          <Link to={`/shops/${encodeURIComponent(shop.id)}`} data-testid="merchant-public-page">
            {t('merchant.dashboard.publicPage')} <RightOutlined />
          </Link>
        }
        title={shop.shopName}
      >
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic
              title={t('merchant.dashboard.available')}
              formatter={() => (
                <span className="amount" data-testid="dashboard-available">
                  {formatMoney(shop.payable.available, 'CNY')}
                </span>
              )}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('merchant.dashboard.pending')}
              formatter={() => (
                <span className="amount" data-testid="dashboard-pending">
                  {formatMoney(shop.payable.pending, 'CNY')}
                </span>
              )}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('merchant.dashboard.depositHeld')}
              formatter={() => (
                <span className="amount" data-testid="dashboard-deposit">
                  {formatMoney(shop.deposit.balance, 'CNY')}
                </span>
              )}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('merchant.dashboard.waiting')}
              loading={waiting.isPending}
              formatter={() => (
                <Link to="/merchant/orders?status=paid" data-testid="dashboard-waiting">
                  {waitingCount}
                </Link>
              )}
            />
          </Col>
        </Row>
        {waiting.isError && <ProblemAlert error={waiting.error} onRetry={() => void waiting.refetch()} />}
      </Card>
      <Row gutter={[16, 16]}>
        {SECTIONS.map(({ key, path }) => (
          <Col key={key} xs={24} md={12} lg={8}>
            <Link to={path} data-testid={`dashboard-link-${key}`}>
              <Card hoverable size="small" title={t(`merchant.sections.${key}`)}>
                <Typography.Text type="secondary">{t(`merchant.dashboard.${key}Body`)}</Typography.Text>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
      {!shop.closing && ['active', 'suspended'].includes(shop.status) && <ClosingCard shop={shop} />}
    </Flex>
  );
}
