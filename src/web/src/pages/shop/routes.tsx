import { Route } from 'react-router';
import type { NavLinksOf } from '../../layout/navLink.js';
import { RequireAuth } from '../../session/RequireAuth.js';
import { GuestLookupPage } from './GuestLookupPage.js';
import { MyOrdersPage } from './MyOrdersPage.js';
import { OrderPage } from './OrderPage.js';
import { ProductPage } from './ProductPage.js';
import { SandboxPayPage } from './SandboxPayPage.js';
import { SearchPage } from './SearchPage.js';
import { ShopPage } from './ShopPage.js';
import { WalletPage } from './WalletPage.js';
import { QrPayPage } from './QrPayPage.js';
import './shop.css';

/** The shop area's routes, mounted inside the app layout by App.tsx. */
export const shopRoutes = (
  <>
    <Route path="search" element={<SearchPage />} />
    <Route path="products/:productId" element={<ProductPage />} />
    <Route path="shops/:merchantId" element={<ShopPage />} />
    <Route path="guest/orders" element={<GuestLookupPage />} />
    <Route path="sandbox/pay/:tradeNo" element={<SandboxPayPage />} />
    <Route path="pay/qr" element={<QrPayPage />} />
    <Route
      path="orders"
      element={
        <RequireAuth>
          <MyOrdersPage />
        </RequireAuth>
      }
    />
    <Route
      path="orders/:orderId"
      element={
        <RequireAuth>
          <OrderPage />
        </RequireAuth>
      }
    />
    <Route
      path="account/wallet"
      element={
        <RequireAuth>
          <WalletPage />
        </RequireAuth>
      }
    />
  </>
);

/** The shop area's entries in the site menu: my orders and wallet when signed in, 订单查询 otherwise. */
export const shopNavLinks: NavLinksOf = (me, t) =>
  me
    ? [
        { path: '/orders', label: t('shop.nav.orders'), testId: 'nav-orders', mine: true },
        { path: '/account/wallet', label: t('shop.nav.wallet'), testId: 'nav-wallet', mine: true },
      ]
    : [{ path: '/guest/orders', label: t('shop.nav.guestOrders'), testId: 'nav-guest-orders' }];
