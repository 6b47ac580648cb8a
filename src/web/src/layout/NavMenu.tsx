import { Menu, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { adminCommerceNavLinks } from '../pages/admin/commerce/routes.js';
import { merchantNavLinks } from '../pages/merchant/routes.js';
import { shopNavLinks } from '../pages/shop/routes.js';
import { hasAnyRole, useMe } from '../session/session.js';
import type { NavLink } from './navLink.js';

/** The site's sections; the staff ones appear only for the roles that may open them, in one submenu. */
export function NavMenu({ mode, onNavigate }: { mode: 'horizontal' | 'inline'; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const me = useMe().data;

  const links: NavLink[] = [{ path: '/', label: t('nav.home'), testId: 'nav-home' }, ...shopNavLinks(me, t)];
  if (me) {
    links.push({ path: '/account', label: t('nav.account'), testId: 'nav-account' });
    links.push({ path: '/account/statement', label: t('nav.statement'), testId: 'nav-statement' });
  }
  links.push({ path: '/ledger/checkpoints', label: t('nav.checkpoints'), testId: 'nav-checkpoints' });
  if (hasAnyRole(me, ['admin']))
    links.push({ path: '/admin/users', label: t('nav.adminUsers'), testId: 'nav-admin-users' });
  if (hasAnyRole(me, ['admin', 'auditor'])) {
    links.push({ path: '/admin/audit-log', label: t('nav.auditLog'), testId: 'nav-audit-log' });
  }

  links.push(...merchantNavLinks(me, t), ...adminCommerceNavLinks(me, t));

  const itemOf = ({ path, label, testId }: NavLink) => ({
    key: path,
    label: (
      <Link to={path} data-testid={testId} onClick={onNavigate}>
        {label}
      </Link>
    ),
  });
  // Staff pages go under one 管理后台 entry, so the header fits however many roles a user has.
  const staff = links.filter(({ path }) => path.startsWith('/admin/'));
  const items: MenuProps['items'] = links.filter((link) => !staff.includes(link)).map(itemOf);
  if (staff.length > 0)
    items.push({
      key: 'admin',
      label: <span data-testid="nav-admin">{t('nav.admin')}</span>,
      children: staff.map(itemOf),
    });
  // The most specific section wins: on /account/statement that is 账户明细, not 我的账户.
  const selected = links
    .filter(({ path }) => pathname === path || (path !== '/' && pathname.startsWith(`${path}/`)))
    .sort((a, b) => b.path.length - a.path.length)
    .slice(0, 1);

  return (
    <Menu
      mode={mode}
      items={items}
      selectedKeys={selected.map(({ path }) => path)}
      className={mode === 'horizontal' ? 'header-menu' : undefined}
      style={mode === 'inline' ? { borderInlineEnd: 'none' } : undefined}
    />
  );
}
