import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AdminMerchantView } from '../../../../../common/api/merchants.js';
import { reviewMerchant, setMerchantStatus } from '../../../api/adminCommerce.js';
import { ConsoleChangeModal, ReasonInput, useConsoleChange } from './shared.js';

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
  const change = useConsoleChange((text: string) => send(merchant.id, decision, text), onClose);
  const isRefusal = decision === 'reject' || decision === 'suspend';

  return (
    <ConsoleChangeModal
      title={t(`adminCommerce.merchant.${decision}Title`, { name: merchant.shopName })}
      okText={t(`adminCommerce.merchant.${decision}`)}
      danger={isRefusal}
      testId="merchant-decision"
      hint={t(`adminCommerce.merchant.${decision}Hint`)}
      change={change}
      form={form}
      onFinish={({ text }) => change.mutation.mutate((text ?? '').trim())}
      onClose={onClose}
    >
      <ReasonInput
        name="text"
        testId="merchant-decision-reason"
        required={decision !== 'approve'}
        {...(decision === 'approve' ? { label: t('adminCommerce.merchant.approveNote') } : {})}
      />
    </ConsoleChangeModal>
  );
}
