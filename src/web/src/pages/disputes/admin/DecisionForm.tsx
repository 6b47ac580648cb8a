import { Button, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney, moneyFromInput } from '../../../../../common/money.js';
import { decideDispute, type DisputeView } from '../../../api/disputes.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { AmountField } from '../AmountField.js';
import { NoteField } from '../NoteModal.js';
import { RadioField } from '../RadioField.js';
import { useDecision } from './useDecision.js';

const OUTCOMES = ['refund_full', 'refund_partial', 'release'] as const;

interface DecisionValues {
  outcome: (typeof OUTCOMES)[number];
  amount?: string;
  note: string;
}

/** An agent's decision on an escalated dispute, with the written reason both sides will read. */
export function DecisionForm({ dispute }: { dispute: DisputeView }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DecisionValues>();
  const outcome = Form.useWatch('outcome', form);
  const left = dispute.refundableLeft;
  const decide = useDecision((values: DecisionValues) =>
    decideDispute(dispute.id, {
      outcome: values.outcome,
      note: values.note.trim(),
      ...(values.outcome === 'refund_partial'
        ? { amount: moneyFromInput(values.amount ?? '', 'CNY') ?? 0 }
        : {}),
    }),
  );
  return (
    <Form<DecisionValues>
      form={form}
      className="dispute-form"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => decide.mutate(values)}
      data-testid="decision-form"
    >
      <RadioField
        name="outcome"
        label={t('disputes.admin.outcome')}
        requiredMessage={t('disputes.admin.outcomeRequired')}
        options={OUTCOMES.map((value) => ({
          value,
          label:
            value === 'refund_full'
              ? t('disputes.admin.refundFull', { amount: formatMoney(left, 'CNY') })
              : t(`disputes.outcome.${value}`),
        }))}
        testIdPrefix="decision"
      />
      {outcome === 'refund_partial' && (
        <AmountField
          name="amount"
          label={t('disputes.admin.amount')}
          max={Math.max(left - 1, 1)}
          required
          testId="decision-amount"
        />
      )}
      <NoteField
        label={t('disputes.admin.note')}
        extra={t('disputes.admin.noteHint')}
        testId="decision-note"
      />
      {decide.isError && <ProblemAlert error={decide.error} testId="decision-problem" />}
      <Button type="primary" htmlType="submit" loading={decide.isPending} data-testid="decision-submit">
        {t('disputes.admin.decide')}
      </Button>
    </Form>
  );
}
