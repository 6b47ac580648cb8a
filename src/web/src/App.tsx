import { Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { AppLayout } from './layout/AppLayout.js';
import { AccountPage } from './pages/account/AccountPage.js';
import { AdminUsersPage } from './pages/admin/AdminUsersPage.js';
import { AuditLogPage } from './pages/admin/AuditLogPage.js';
import { ForgotPasswordPage } from './pages/auth/ForgotPasswordPage.js';
import { LoginPage } from './pages/auth/LoginPage.js';
import { RegisterPage } from './pages/auth/RegisterPage.js';
import { VerifyEmailPage } from './pages/auth/VerifyEmailPage.js';
import { HomePage } from './pages/HomePage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { RequireAuth } from './session/RequireAuth.js';
import { adminCommerceRoutes } from './pages/admin/commerce/routes.js';
import { disputeRoutes } from './pages/disputes/routes.js';
import { merchantRoutes } from './pages/merchant/routes.js';
import { shopRoutes } from './pages/shop/routes.js';

// The ledger pages bring ECharts and the date picker: loaded when first opened, not with every page.
const StatementPage = lazy(() =>
  import('./pages/statement/StatementPage.js').then((module) => ({ default: module.StatementPage })),
);
const CheckpointsPage = lazy(() =>
  import('./pages/checkpoints/CheckpointsPage.js').then((module) => ({ default: module.CheckpointsPage })),
);

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spin size="large" className="page-spinner" />}>{children}</Suspense>;
}

export function App() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route path="register" element={<RegisterPage />} />
        <Route path="verify-email" element={<VerifyEmailPage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route
          path="account"
          element={
            <RequireAuth>
              <AccountPage />
            </RequireAuth>
          }
        />
        <Route
          path="account/statement"
          element={
            <RequireAuth>
              <Lazy>
                <StatementPage />
              </Lazy>
            </RequireAuth>
          }
        />
        <Route
          path="ledger/checkpoints"
          element={
            <Lazy>
              <CheckpointsPage />
            </Lazy>
          }
        />
        <Route
          path="admin/users"
          element={
            <RequireAuth roles={['admin']}>
              <AdminUsersPage />
            </RequireAuth>
          }
        />
        <Route
          path="admin/audit-log"
          element={
            <RequireAuth roles={['admin', 'auditor']}>
              <AuditLogPage />
            </RequireAuth>
          }
        />
        {shopRoutes}
        {merchantRoutes}
        {adminCommerceRoutes}
        {disputeRoutes}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
