import { Button, Flex, Result, Spin, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { MyShopView } from '../../../../common/api/merchants.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { useMyShop } from './shopQuery.js';
import { shopStatusColor } from './labels.js';

export type ConsoleSection =
  'dashboard' | 'products' | 'orders' | 'disputes' | 'messages' | 'payouts' | 'credit' | 'apiKeys';

const SECTIONS: ReadonlyArray<{ section: ConsoleSection; path: string }> = [
  { section: 'dashboard', path: '/merchant' },
  { section: 'products', path: '/merchant/products' },
  { section: 'orders', path: '/merchant/orders' },
  { section: 'disputes', path: '/merchant/disputes' },
  { section: 'messages', path: '/merchant/messages' },
  { section: 'payouts', path: '/merchant/payouts' },
  { section: 'credit', path: '/merchant/credit' },
  { section: 'apiKeys', path: '/merchant/api-keys' },
];

/** Shops that have a console: open ones, and those suspended or closing, which still have orders to finish. */
export function hasConsole(shop: MyShopView | null | undefined): shop is MyShopView {
  return shop !== null && shop !== undefined && ['active', 'suspended', 'closing'].includes(shop.status);
}

export function SectionNav({ current }: { current: ConsoleSection }) {
  const { t } = useTranslation();
  return (
    <nav className="merchant-sections" aria-label={t('merchant.navTitle')}>
      {SECTIONS.map(({ section, path }) => (
        <Link
          key={section}
          to={path}
          className={section === current ? 'merchant-section is-current' : 'merchant-section'}
          aria-current={section === current ? 'page' : undefined}
          data-testid={`merchant-section-${section}`}
        >
          {t(`merchant.sections.${section}`)}
        </Link>
      ))}
    </nav>
  );
}

/**
 * The frame of every console page but the first: the shop's name and status, the section links, and
 * the page itself only when the shop has a console (otherwise the way back to the application).
 */
export function MerchantConsole({
  section,
  title,
  children,
}: {
  section: ConsoleSection;
  title: string;
  children: (shop: MyShopView) => ReactNode;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const shop = useMyShop();

  if (shop.isPending) return <Spin size="large" className="page-spinner" />;
  if (shop.isError) return <ProblemAlert error={shop.error} onRetry={() => void shop.refetch()} />;
  const myShop = shop.data.shop;
  if (!hasConsole(myShop)) {
    return (
      <div data-testid="merchant-need-shop">
        <Result
          status="info"
          title={t('merchant.needShop.title')}
          subTitle={t('merchant.needShop.body')}
          extra={
            <Button type="primary" onClick={() => void navigate('/merchant')}>
              {t('merchant.needShop.go')}
            </Button>
          }
        />
      </div>
    );
  }
  return (
    <Flex vertical gap="middle" className="merchant-page">
      <Flex vertical gap="small">
        <Typography.Text type="secondary" className="merchant-shop-line">
          <span data-testid="merchant-shop-name">{myShop.shopName}</span>{' '}
          <Tag color={shopStatusColor(myShop.status)} data-testid="merchant-shop-status">
            {t(`merchant.shopStatus.${myShop.status}`)}
          </Tag>
        </Typography.Text>
        <Typography.Title level={2} className="page-title">
          {title}
        </Typography.Title>
        <SectionNav current={section} />
      </Flex>
      {children(myShop)}
    </Flex>
  );
}
