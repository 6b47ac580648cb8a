import { Menu, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { adminCommerceNavLinks } from '../pages/admin/commerce/routes.js';
import { disputeNavLinks } from '../pages/disputes/routes.js';
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
    links.push({ path: '/account', label: t('nav.account'), testId: 'nav-account', mine: true });
    links.push({
      path: '/account/statement',
      label: t('nav.statement'),
      testId: 'nav-statement',
      mine: true,
    });
  }
  links.push({ path: '/ledger/checkpoints', label: t('nav.checkpoints'), testId: 'nav-checkpoints' });
  if (hasAnyRole(me, ['admin']))
    links.push({ path: '/admin/users', label: t('nav.adminUsers'), testId: 'nav-admin-users' });
  if (hasAnyRole(me, ['admin', 'auditor'])) {
    links.push({ path: '/admin/audit-log', label: t('nav.auditLog'), testId: 'nav-audit-log' });
  }

  links.push(...merchantNavLinks(me, t), ...disputeNavLinks(me, t), ...adminCommerceNavLinks(me, t));

  const itemOf = ({ path, label, testId }: NavLink) => ({
    key: path,
    label: (
      <Link to={path} data-testid={testId} onClick={onNavigate}>
        {label}
      </Link>
    ),
  });
  // The user's own pages go under 我的 and staff pages under 管理后台, so the header fits whatever roles
  // a user has.
  const groupOf = (key: string, label: string, members: NavLink[]) =>
    members.length === 0
      ? []
      : [{ key, label: <span data-testid={`nav-${key}`}>{label}</span>, children: members.map(itemOf) }];
  const [home, ...rest] = links;
  const items: MenuProps['items'] = [
    itemOf(home!),
    ...groupOf(
      'mine',
      t('nav.mine'),
      rest.filter((link) => link.mine === true),
    ),
    ...rest.filter((link) => link.mine !== true && !link.path.startsWith('/admin/')).map(itemOf),
    ...groupOf(
      'admin',
      t('nav.admin'),
      rest.filter((link) => link.path.startsWith('/admin/')),
    ),
  ];
  // The most specific section wins: on /account/statement that is 账户明细, not 我的账户.
  const selected = links
    .filter(({ path }) => pathname === path || (path !== '/' && pathname.startsWith(`${path}/`)))
    .sort((a, b) => b.path.length - a.path.length)
    .slice(0, 1);

  return (
    <Menu
      mode={mode}
      // Opened by a click, not by hovering: works the same with touch, and the menu does not close when
      // the pointer crosses the gap to it.
      triggerSubMenuAction="click"
      items={items}
      selectedKeys={selected.map(({ path }) => path)}
      className={mode === 'horizontal' ? 'header-menu' : undefined}
      style={mode === 'inline' ? { borderInlineEnd: 'none' } : undefined}
    />
  );
}
