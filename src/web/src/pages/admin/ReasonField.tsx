import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** Every admin change carries a reason for the audit log; the server wants 2–500 characters. */
export function ReasonField() {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="reason"
      label={t('adminUsers.reason')}
      extra={t('adminUsers.reasonHint')}
      rules={[
        { required: true, whitespace: true, min: 2, max: 500, message: t('adminUsers.reasonRequired') },
      ]}
    >
      <Input.TextArea rows={3} maxLength={500} showCount data-testid="admin-reason" />
    </Form.Item>
  );
}
