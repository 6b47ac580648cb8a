import { useQuery } from '@tanstack/react-query';
import { Layout } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { getShop } from '../api/endpoints.js';
import { AppHeader } from './AppHeader.js';

/** Until /api/v1/shop answers (or if it fails), the shop goes by the product's own name. */
const FALLBACK_SHOP_NAME = '可信卡盟 Kameng';

export function AppLayout() {
  const { t } = useTranslation();
  const shop = useQuery({ queryKey: ['shop'], queryFn: getShop, staleTime: Infinity });
  const shopName = shop.data?.name ?? FALLBACK_SHOP_NAME;

  useEffect(() => {
    document.title = shopName;
  }, [shopName]);

  return (
    <Layout className="app-layout">
      <AppHeader shopName={shopName} />
      <Layout.Content className="app-content">
        <Outlet />
      </Layout.Content>
      <Layout.Footer className="app-footer">
        {shop.data ? t('app.footer', { name: shop.data.name, version: shop.data.version }) : shopName}
      </Layout.Footer>
    </Layout>
  );
}
