import { Alert, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AdminMerchantView } from '../../../../../common/api/merchants.js';
import { reviewMerchant, setMerchantStatus } from '../../../api/adminCommerce.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { ReasonInput, useConsoleChange } from './shared.js';

export type MerchantDecision = 'approve' | 'reject' | 'suspend' | 'reinstate';

function send(merchantId: string, decision: MerchantDecision, text: string): Promise<AdminMerchantView> {
  switch (decision) {
    case 'approve':
    case 'reject':
      return reviewMerchant(merchantId, { decision, note: text });
    case 'suspend':
      return setMerchantStatus(merchantId, { status: 'suspended', reason: text });
    case 'reinstate':
      return setMerchantStatus(merchantId, { status: 'active', reason: text });
  }
}

/** Approve, reject, suspend or reinstate one shop; all but approval need a reason, which the owner is emailed. */
export function MerchantDecisionModal({
  merchant,
  decision,
  onClose,
}: {
  merchant: AdminMerchantView;
  decision: MerchantDecision;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ text?: string }>();
  const { mutation, problem } = useConsoleChange(
    (text: string) => send(merchant.id, decision, text),
    onClose,
  );
  const isRefusal = decision === 'reject' || decision === 'suspend';

  return (
    <Modal
      open
      title={t(`adminCommerce.merchant.${decision}Title`, { name: merchant.shopName })}
      okText={t(`adminCommerce.merchant.${decision}`)}
      okButtonProps={{ danger: isRefusal, ...{ 'data-testid': 'merchant-decision-submit' } }}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert
        type={isRefusal ? 'warning' : 'info'}
        showIcon
        className="form-alert"
        title={t(`adminCommerce.merchant.${decision}Hint`)}
      />
      {problem && <ProblemAlert error={problem} testId="merchant-decision-error" />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={({ text }) => mutation.mutate((text ?? '').trim())}
      >
        <ReasonInput
          name="text"
          testId="merchant-decision-reason"
          required={decision !== 'approve'}
          {...(decision === 'approve' ? { label: t('adminCommerce.merchant.approveNote') } : {})}
        />
      </Form>
    </Modal>
  );
}
