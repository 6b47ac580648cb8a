import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { resolvePaymentAlert, type PaymentAlert } from '../../../api/payments.js';
import { ConsoleChangeModal, ReasonInput, useConsoleChange } from '../commerce/shared.js';

/** Closes an alert with what was found and done (audited). */
export function ResolveAlertModal({ alert, onClose }: { alert: PaymentAlert; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ resolution: string }>();
  const change = useConsoleChange(
    (resolution: string) => resolvePaymentAlert(alert.id, resolution),
    onClose,
    t('payments.alerts.resolvedToast'),
  );
  return (
    <ConsoleChangeModal
      title={t('payments.alerts.resolveTitle')}
      okText={t('payments.alerts.resolveSubmit')}
      testId="alert-resolve"
      hint={t('payments.alerts.resolveHint')}
      change={change}
      form={form}
      onFinish={({ resolution }) => change.mutation.mutate(resolution.trim())}
      onClose={onClose}
    >
      <ReasonInput name="resolution" label={t('payments.alerts.resolution')} testId="alert-resolution" />
    </ConsoleChangeModal>
  );
}
