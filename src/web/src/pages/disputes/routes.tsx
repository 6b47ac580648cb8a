import { Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { Route } from 'react-router';
import type { NavLinksOf } from '../../layout/navLink.js';
import { RequireAuth } from '../../session/RequireAuth.js';
import { hasAnyRole } from '../../session/session.js';

// Support's pages: loaded when first opened, not with every buyer's page.
const DisputeQueuePage = lazy(() =>
  import('./admin/DisputeQueuePage.js').then((module) => ({ default: module.DisputeQueuePage })),
);
const DisputeDecisionPage = lazy(() =>
  import('./admin/DisputeDecisionPage.js').then((module) => ({ default: module.DisputeDecisionPage })),
);

/** Agents decide disputes, admins too (and appeals); every other admin page stays admin-only. */
const STAFF = ['agent', 'admin'] as const;

function Staff({ children }: { children: ReactNode }) {
  return (
    <RequireAuth roles={STAFF}>
      <Suspense fallback={<Spin size="large" className="page-spinner" />}>{children}</Suspense>
    </RequireAuth>
  );
}

/** Support's dispute routes, mounted inside the app layout by App.tsx. */
export const disputeRoutes = (
  <>
    <Route
      path="admin/disputes"
      element={
        <Staff>
          <DisputeQueuePage />
        </Staff>
      }
    />
    <Route
      path="admin/disputes/:disputeId"
      element={
        <Staff>
          <DisputeDecisionPage />
        </Staff>
      }
    />
  </>
);

/** The queue under 管理后台 in the site menu, for agents and admins. */
export const disputeNavLinks: NavLinksOf = (me, t) =>
  hasAnyRole(me, STAFF)
    ? [{ path: '/admin/disputes', label: t('disputes.admin.nav'), testId: 'nav-admin-disputes' }]
    : [];
