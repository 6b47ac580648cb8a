import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../../../common/money.js';
import { approvePayout, rejectPayout, type PayoutView } from '../../../api/trust.js';
import { ConsoleChangeModal, ReasonInput, useConsoleChange } from './shared.js';

export type PayoutDecision = 'approve' | 'reject';

/**
 * 确认打款 with the bank or provider reference (the ledger hold is posted), or 驳回 with a reason (the hold
 * is voided and the money is the shop's again). Both are audited and emailed to the owner.
 */
export function PayoutDecisionModal({
  payout,
  decision,
  onClose,
}: {
  payout: PayoutView;
  decision: PayoutDecision;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ text: string }>();
  const change = useConsoleChange(
    (text: string) =>
      decision === 'approve' ? approvePayout(payout.id, text) : rejectPayout(payout.id, text),
    onClose,
    t(decision === 'approve' ? 'trust.adminPayouts.approved' : 'trust.adminPayouts.rejected'),
  );
  const names = { shop: payout.shopName, amount: formatMoney(payout.amount, payout.currency) };

  return (
    <ConsoleChangeModal
      title={t(`trust.adminPayouts.${decision}Title`, names)}
      okText={t(`trust.adminPayouts.${decision}`)}
      danger={decision === 'reject'}
      testId="payout-decision"
      hint={t(`trust.adminPayouts.${decision}Hint`)}
      change={change}
      form={form}
      onFinish={({ text }) => change.mutation.mutate(text.trim())}
      onClose={onClose}
    >
      {decision === 'approve' ? (
        <Form.Item
          name="text"
          label={t('trust.adminPayouts.reference')}
          rules={[
            {
              required: true,
              whitespace: true,
              min: 3,
              max: 120,
              message: t('trust.adminPayouts.referenceRule'),
            },
          ]}
        >
          <Input maxLength={120} autoComplete="off" data-testid="payout-reference-input" />
        </Form.Item>
      ) : (
        <ReasonInput name="text" testId="payout-reject-reason" />
      )}
    </ConsoleChangeModal>
  );
}
