import { Button, Card, Flex, Input, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUserView } from '../../../../common/api/accounts.js';
import { listUsers } from '../../api/endpoints.js';
import { PagedTable } from '../../components/PagedTable.js';
import { RoleTags } from '../../components/RoleTags.js';
import { usePagedList } from '../../components/usePagedList.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { UserRolesModal } from './UserRolesModal.js';
import { UserStatusModal } from './UserStatusModal.js';

export const ADMIN_USERS_QUERY_KEY = ['admin', 'users'] as const;

type PendingAction = { kind: 'status' | 'roles'; user: AdminUserView } | null;

export function AdminUsersPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [action, setAction] = useState<PendingAction>(null);
  const { query, items } = usePagedList([...ADMIN_USERS_QUERY_KEY, search], (cursor) =>
    listUsers(search, cursor),
  );
  const locale = currentLocale();

  const columns: TableColumnsType<AdminUserView> = [
    {
      key: 'user',
      title: t('adminUsers.user'),
      render: (_value, user) => (
        <Flex vertical>
          <Typography.Text strong>{user.displayName}</Typography.Text>
          <Typography.Text type="secondary" data-testid="admin-user-email">
            {user.email}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'roles', title: t('adminUsers.roles'), render: (_value, user) => <RoleTags roles={user.roles} /> },
    {
      key: 'status',
      title: t('adminUsers.status'),
      render: (_value, user) => (
        <Tag color={user.status === 'active' ? 'green' : 'red'}>{t(`userStatus.${user.status}`)}</Tag>
      ),
    },
    {
      key: 'lastLoginAt',
      title: t('adminUsers.lastLogin'),
      render: (_value, user) =>
        user.lastLoginAt ? formatDateTime(user.lastLoginAt, locale) : t('adminUsers.never'),
    },
    {
      key: 'createdAt',
      title: t('adminUsers.createdAt'),
      render: (_value, user) => formatDateTime(user.createdAt, locale),
    },
    {
      key: 'actions',
      title: t('adminUsers.actions'),
      render: (_value, user) => (
        <Space>
          <Button
            size="small"
            danger={user.status === 'active'}
            onClick={() => setAction({ kind: 'status', user })}
          >
            {user.status === 'active' ? t('adminUsers.disable') : t('adminUsers.enable')}
          </Button>
          <Button size="small" onClick={() => setAction({ kind: 'roles', user })}>
            {t('adminUsers.editRoles')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap="large">
      <Typography.Title level={2} className="page-title">
        {t('adminUsers.title')}
      </Typography.Title>
      <Card>
        <Input.Search
          allowClear
          placeholder={t('adminUsers.search')}
          aria-label={t('adminUsers.search')}
          onSearch={(value) => setSearch(value.trim())}
          className="admin-search"
          data-testid="admin-users-search"
        />
        <PagedTable<AdminUserView>
          columns={columns}
          data-testid="admin-users-table"
          query={query}
          items={items}
          moreTestId="admin-users-more"
        />
      </Card>
      {action?.kind === 'status' && <UserStatusModal user={action.user} onClose={() => setAction(null)} />}
      {action?.kind === 'roles' && <UserRolesModal user={action.user} onClose={() => setAction(null)} />}
    </Flex>
  );
}
