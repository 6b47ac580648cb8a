import { Alert, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AdminUserView } from '../../../../common/api/accounts.js';
import { setUserStatus } from '../../api/endpoints.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { ReasonField } from './ReasonField.js';
import { useAdminUserChange } from './useAdminUserChange.js';

export function UserStatusModal({ user, onClose }: { user: AdminUserView; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const isDisabling = user.status === 'active';
  const { mutation, problem } = useAdminUserChange(
    (reason: string) => setUserStatus(user.id, { status: isDisabling ? 'disabled' : 'active', reason }),
    onClose,
  );

  return (
    <Modal
      open
      title={t(isDisabling ? 'adminUsers.disableTitle' : 'adminUsers.enableTitle', { email: user.email })}
      okText={isDisabling ? t('adminUsers.disable') : t('adminUsers.enable')}
      okButtonProps={{ danger: isDisabling }}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {isDisabling && (
        <Alert type="warning" showIcon className="form-alert" title={t('adminUsers.disableWarning')} />
      )}
      {problem && <ProblemAlert error={problem} testId="admin-status-error" />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={({ reason }) => mutation.mutate(reason.trim())}
      >
        <ReasonField />
      </Form>
    </Modal>
  );
}
