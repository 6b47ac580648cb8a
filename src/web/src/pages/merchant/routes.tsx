import { lazy, Suspense, type ReactNode } from 'react';
import { Spin } from 'antd';
import { Route } from 'react-router';
import type { NavLinksOf } from '../../layout/navLink.js';
import { RequireAuth } from '../../session/RequireAuth.js';
import './merchant.css';

// The console is for sellers only: loaded when first opened, not with every buyer's page.
const MerchantHomePage = lazy(() =>
  import('./MerchantHomePage.js').then((module) => ({ default: module.MerchantHomePage })),
);
const ProductsPage = lazy(() =>
  import('./ProductsPage.js').then((module) => ({ default: module.ProductsPage })),
);
const KeysPage = lazy(() => import('./KeysPage.js').then((module) => ({ default: module.KeysPage })));
const OrdersPage = lazy(() => import('./OrdersPage.js').then((module) => ({ default: module.OrdersPage })));
const MessagesPage = lazy(() =>
  import('./MessagesPage.js').then((module) => ({ default: module.MessagesPage })),
);
const MerchantDisputesPage = lazy(() =>
  import('../disputes/merchant/MerchantDisputesPage.js').then((module) => ({
    default: module.MerchantDisputesPage,
  })),
);
const PayoutsPage = lazy(() =>
  import('./PayoutsPage.js').then((module) => ({ default: module.PayoutsPage })),
);
const CreditPage = lazy(() => import('./CreditPage.js').then((module) => ({ default: module.CreditPage })));
const ApiKeysPage = lazy(() =>
  import('./ApiKeysPage.js').then((module) => ({ default: module.ApiKeysPage })),
);

function Guarded({ children }: { children: ReactNode }) {
  return (
    <RequireAuth>
      <Suspense fallback={<Spin size="large" className="page-spinner" />}>{children}</Suspense>
    </RequireAuth>
  );
}

/** The merchant area's routes, mounted inside the app layout by App.tsx. */
export const merchantRoutes = (
  <>
    <Route
      path="merchant"
      element={
        <Guarded>
          <MerchantHomePage />
        </Guarded>
      }
    />
    <Route
      path="merchant/products"
      element={
        <Guarded>
          <ProductsPage />
        </Guarded>
      }
    />
    <Route
      path="merchant/products/:productId/keys"
      element={
        <Guarded>
          <KeysPage />
        </Guarded>
      }
    />
    <Route
      path="merchant/orders"
      element={
        <Guarded>
          <OrdersPage />
        </Guarded>
      }
    />
    <Route
      path="merchant/messages"
      element={
        <Guarded>
          <MessagesPage />
        </Guarded>
      }
    />
    <Route
      path="merchant/disputes"
      element={
        <Guarded>
          <MerchantDisputesPage />
        </Guarded>
      }
    />
    <Route
      path="merchant/payouts"
      element={
        <Guarded>
          <PayoutsPage />
        </Guarded>
      }
    />
    <Route
      path="merchant/credit"
      element={
        <Guarded>
          <CreditPage />
        </Guarded>
      }
    />
    <Route
      path="merchant/api-keys"
      element={
        <Guarded>
          <ApiKeysPage />
        </Guarded>
      }
    />
  </>
);

/**
 * The merchant area's entries in the site menu: every signed-in user may open a shop, so the console
 * is offered to all of them (it starts with the application when there is no shop yet).
 */
export const merchantNavLinks: NavLinksOf = (me, t) =>
  me ? [{ path: '/merchant', label: t('merchant.navTitle'), testId: 'nav-merchant' }] : [];
