import { Button, Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney, moneyFromInput } from '../../../../../common/money.js';
import { decideAppeal, type DisputeView } from '../../../api/disputes.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { AmountField } from '../AmountField.js';
import { NoteField } from '../NoteModal.js';
import { RadioField } from '../RadioField.js';
import { useDecision } from './useDecision.js';

const RESULTS = ['upheld', 'overturned'] as const;

interface AppealValues {
  result: 'upheld' | 'overturned';
  outcome?: 'refund_full' | 'refund_partial';
  amount?: string;
  note: string;
}

/**
 * An admin decides an appeal: uphold, or overturn. Overturning a buyer's appeal refunds more (the whole
 * order, or a larger total); overturning a merchant's gives the shop its credit back.
 */
export function AppealDecisionForm({ dispute }: { dispute: DisputeView }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AppealValues>();
  const result = Form.useWatch('result', form);
  const outcome = Form.useWatch('outcome', form);
  const byBuyer = dispute.appealedBy === 'buyer';
  const total = dispute.refundAmount + dispute.refundableLeft;
  const decide = useDecision((values: AppealValues) =>
    decideAppeal(dispute.id, {
      result: values.result,
      note: values.note.trim(),
      ...(values.result === 'overturned' && byBuyer && values.outcome ? { outcome: values.outcome } : {}),
      ...(values.result === 'overturned' && byBuyer && values.outcome === 'refund_partial'
        ? { amount: moneyFromInput(values.amount ?? '', 'CNY') ?? 0 }
        : {}),
    }),
  );
  const buyerOverturn = result === 'overturned' && byBuyer;
  return (
    <Form<AppealValues>
      form={form}
      className="dispute-form"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => decide.mutate(values)}
      data-testid="appeal-decision-form"
    >
      <RadioField
        name="result"
        label={t('disputes.admin.appealResult')}
        requiredMessage={t('disputes.admin.outcomeRequired')}
        options={RESULTS.map((value) => ({ value, label: t(`disputes.appealResult.${value}`) }))}
        testIdPrefix="appeal"
      />
      {result === 'overturned' && !byBuyer && (
        <Typography.Paragraph type="secondary">{t('disputes.admin.merchantOverturn')}</Typography.Paragraph>
      )}
      {buyerOverturn && (
        <RadioField
          name="outcome"
          label={t('disputes.admin.outcome')}
          requiredMessage={t('disputes.admin.outcomeRequired')}
          options={[
            {
              value: 'refund_full',
              label: t('disputes.admin.refundFull', { amount: formatMoney(total, 'CNY') }),
            },
            { value: 'refund_partial', label: t('disputes.outcome.refund_partial') },
          ]}
          testIdPrefix="appeal"
        />
      )}
      {buyerOverturn && outcome === 'refund_partial' && (
        <AmountField
          name="amount"
          label={t('disputes.admin.appealAmount')}
          extra={t('disputes.admin.appealAmountHint', { refunded: formatMoney(dispute.refundAmount, 'CNY') })}
          max={total}
          required
          testId="appeal-amount"
        />
      )}
      <NoteField label={t('disputes.admin.note')} testId="appeal-note" />
      {decide.isError && <ProblemAlert error={decide.error} testId="appeal-decision-problem" />}
      <Button
        type="primary"
        htmlType="submit"
        loading={decide.isPending}
        data-testid="appeal-decision-submit"
      >
        {t('disputes.admin.decide')}
      </Button>
    </Form>
  );
}
