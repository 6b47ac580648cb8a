import { Route } from 'react-router';
import type { NavLinksOf } from '../../../layout/navLink.js';
import { hasAnyRole } from '../../../session/session.js';
import { RequireAuth } from '../../../session/RequireAuth.js';
import { PaymentAlertsPage } from '../payments/PaymentAlertsPage.js';
import { PaymentChannelsPage } from '../payments/PaymentChannelsPage.js';
import '../payments/payments.css';
import { CategoriesPage } from './CategoriesPage.js';
import { MerchantDetailPage } from './MerchantDetailPage.js';
import { MerchantsPage } from './MerchantsPage.js';
import { PayoutQueuePage } from './PayoutQueuePage.js';
import { SettingsPage } from './SettingsPage.js';
import './adminCommerce.css';

/**
 * The adminCommerce area's routes, mounted inside the app layout by App.tsx. Auditors may read what the
 * API lets them read (shops, payouts, payment channels and alerts, settings) and change nothing; categories are for admins only.
 */
export const adminCommerceRoutes = (
  <>
    <Route
      path="admin/merchants"
      element={
        <RequireAuth roles={['admin', 'auditor']}>
          <MerchantsPage />
        </RequireAuth>
      }
    />
    <Route
      path="admin/merchants/:merchantId"
      element={
        <RequireAuth roles={['admin', 'auditor']}>
          <MerchantDetailPage />
        </RequireAuth>
      }
    />
    <Route
      path="admin/payouts"
      element={
        <RequireAuth roles={['admin', 'auditor']}>
          <PayoutQueuePage />
        </RequireAuth>
      }
    />
    <Route
      path="admin/categories"
      element={
        <RequireAuth roles={['admin']}>
          <CategoriesPage />
        </RequireAuth>
      }
    />
    <Route
      path="admin/payment-channels"
      element={
        <RequireAuth roles={['admin', 'auditor']}>
          <PaymentChannelsPage />
        </RequireAuth>
      }
    />
    <Route
      path="admin/payment-alerts"
      element={
        <RequireAuth roles={['admin', 'auditor']}>
          <PaymentAlertsPage />
        </RequireAuth>
      }
    />
    <Route
      path="admin/settings"
      element={
        <RequireAuth roles={['admin', 'auditor']}>
          <SettingsPage />
        </RequireAuth>
      }
    />
  </>
);

/** The adminCommerce area's entries in the site menu. */
export const adminCommerceNavLinks: NavLinksOf = (me, t) => [
  ...(hasAnyRole(me, ['admin', 'auditor'])
    ? [
        { path: '/admin/merchants', label: t('adminCommerce.nav.merchants'), testId: 'nav-admin-merchants' },
        { path: '/admin/payouts', label: t('trust.adminPayouts.nav'), testId: 'nav-admin-payouts' },
      ]
    : []),
  ...(hasAnyRole(me, ['admin'])
    ? [
        {
          path: '/admin/categories',
          label: t('adminCommerce.nav.categories'),
          testId: 'nav-admin-categories',
        },
      ]
    : []),
  ...(hasAnyRole(me, ['admin', 'auditor'])
    ? [
        {
          path: '/admin/payment-channels',
          label: t('payments.nav.channels'),
          testId: 'nav-admin-payment-channels',
        },
        {
          path: '/admin/payment-alerts',
          label: t('payments.nav.alerts'),
          testId: 'nav-admin-payment-alerts',
        },
        { path: '/admin/settings', label: t('adminCommerce.nav.settings'), testId: 'nav-admin-settings' },
      ]
    : []),
];
