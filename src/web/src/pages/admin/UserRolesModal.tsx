import { Checkbox, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AdminUserView } from '../../../../common/api/accounts.js';
import { ROLES, type Role } from '../../../../common/roles.js';
import { setUserRoles } from '../../api/endpoints.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { ReasonField } from './ReasonField.js';
import { useAdminUserChange } from './useAdminUserChange.js';

interface RolesValues {
  roles: Role[];
  reason: string;
}

export function UserRolesModal({ user, onClose }: { user: AdminUserView; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RolesValues>();
  const { mutation, problem } = useAdminUserChange(
    ({ roles, reason }: RolesValues) => setUserRoles(user.id, { roles, reason: reason.trim() }),
    onClose,
  );

  return (
    <Modal
      open
      title={t('adminUsers.rolesTitle', { email: user.email })}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {problem && <ProblemAlert error={problem} testId="admin-roles-error" />}
      <Form<RolesValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ roles: user.roles, reason: '' }}
        onFinish={(values) => mutation.mutate(values)}
      >
        <Form.Item
          name="roles"
          label={t('adminUsers.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('adminUsers.rolesRequired') }]}
        >
          <Checkbox.Group options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
        </Form.Item>
        <ReasonField />
      </Form>
    </Modal>
  );
}
