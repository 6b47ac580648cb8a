import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../common/roles.js';

const ROLE_COLORS: Readonly<Record<Role, string>> = {
  buyer: 'default',
  merchant: 'blue',
  agent: 'cyan',
  admin: 'red',
  auditor: 'purple',
};

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation();
  return (
    <Space size={[0, 4]} wrap>
      {roles.map((role) => (
        <Tag key={role} color={ROLE_COLORS[role]} data-role={role}>
          {t(`roles.${role}`)}
        </Tag>
      ))}
    </Space>
  );
}
