import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '../../../common/roles.js';
import { HomeButton } from '../components/HomeButton.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { hasAnyRole, useMe } from './session.js';

/**
 * Shows its children to a signed-in user (holding one of `roles`, when given). Signed-out visitors go to
 * the login page, which brings them back here afterwards; users without the role see a 403 page.
 */
export function RequireAuth({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();

  if (me.isPending) return <Spin size="large" className="page-spinner" />;
  if (me.isError) return <ProblemAlert error={me.error} onRetry={() => void me.refetch()} />;
  if (me.data === null) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (roles && !hasAnyRole(me.data, roles)) {
    return (
      <div data-testid="forbidden">
        <Result
          status="403"
          title={t('forbidden.title')}
          subTitle={t('forbidden.subtitle')}
          extra={<HomeButton />}
        />
      </div>
    );
  }
  return children;
}
