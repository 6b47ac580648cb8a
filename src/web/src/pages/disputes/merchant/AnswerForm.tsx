import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MerchantResponse } from '../../../../../common/api/disputes.js';
import { formatMoney, moneyFromInput } from '../../../../../common/money.js';
import { DISPUTES_KEY, respondToDispute, type DisputeView } from '../../../api/disputes.js';
import { getShopOrder } from '../../../api/merchant.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { MERCHANT_KEY } from '../../merchant/shopQuery.js';
import { AmountField } from '../AmountField.js';
import { NoteField } from '../NoteModal.js';
import { RadioField } from '../RadioField.js';

type Action = MerchantResponse['action'];

interface AnswerValues {
  action: Action;
  amount?: string;
  /** The delivered keys to replace (replace only). */
  keyIds?: string[];
  note?: string;
}

function responseOf(values: AnswerValues): MerchantResponse {
  const note = values.note?.trim() ? { note: values.note.trim() } : {};
  switch (values.action) {
    case 'refund':
      return { action: 'refund', ...note };
    case 'partial_refund':
      return { action: 'partial_refund', amount: moneyFromInput(values.amount ?? '', 'CNY') ?? 0, ...note };
    case 'replace':
      return { action: 'replace', keyIds: values.keyIds ?? [], ...note };
    case 'contest':
      return { action: 'contest', note: values.note?.trim() ?? '' };
  }
}

/**
 * The shop's answer within 24 h: refund everything (ends the dispute), offer part, replace the card keys
 * it chooses from stock, or contest with a written reason (evidence goes into the order chat).
 */
export function AnswerForm({ dispute }: { dispute: DisputeView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AnswerValues>();
  const action = Form.useWatch('action', form);
  const left = dispute.refundableLeft;
  const isCardKey = dispute.productKind === 'card_key';
  // The order's keys as hints (id + last four characters), shared with the order drawer's query.
  const order = useQuery({
    queryKey: [MERCHANT_KEY, 'order', dispute.orderId],
    queryFn: () => getShopOrder(dispute.orderId),
    enabled: isCardKey,
  });
  const replaceable = (order.data?.deliveredKeys ?? []).filter((key) => !key.replaced);
  const answer = useMutation({
    mutationFn: (values: AnswerValues) => respondToDispute(dispute.id, responseOf(values)),
    onSuccess: async () => {
      void message.success(t('disputes.merchant.answered'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [MERCHANT_KEY] }),
        queryClient.invalidateQueries({ queryKey: [DISPUTES_KEY] }),
      ]);
    },
  });
  const actions: Action[] = isCardKey
    ? ['replace', 'refund', 'partial_refund', 'contest']
    : ['refund', 'partial_refund', 'contest'];
  // Replacing is sent only with the keys chosen from the list, never as "whatever the order has".
  const keysMissing = action === 'replace' && !order.isSuccess;

  return (
    <Form<AnswerValues>
      form={form}
      className="dispute-form"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => answer.mutate(values)}
      data-testid="dispute-answer-form"
    >
      <RadioField
        name="action"
        label={t('disputes.merchant.answerLabel')}
        requiredMessage={t('disputes.merchant.actionRequired')}
        options={actions.map((value) => ({ value, label: t(`disputes.action.${value}`) }))}
        testIdPrefix="dispute-action"
      />
      {action && (
        <Alert
          type="info"
          showIcon
          className="form-alert"
          title={t(`disputes.merchant.explain.${action}`, { amount: formatMoney(left, 'CNY') })}
        />
      )}
      {action === 'replace' && order.isPending && <Skeleton active paragraph={{ rows: 2 }} />}
      {action === 'replace' && order.isError && (
        <ProblemAlert error={order.error} onRetry={() => void order.refetch()} />
      )}
      {action === 'replace' && order.isSuccess && (
        <Form.Item
          name="keyIds"
          label={t('disputes.merchant.replaceKeys')}
          extra={t('disputes.merchant.replaceKeysHint')}
          initialValue={replaceable.map((key) => key.id)}
          rules={[
            { required: true, type: 'array', min: 1, message: t('disputes.merchant.replaceKeysRequired') },
          ]}
        >
          <Checkbox.Group className="dispute-key-choice">
            {replaceable.map((key) => (
              <Checkbox
                key={key.id}
                value={key.id}
                data-testid="dispute-replace-key"
                data-key-id={key.id}
                data-hint={key.hint}
              >
                <span className="dispute-key-hint">{key.hint}</span>
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
      )}
      {action === 'partial_refund' && (
        <AmountField
          name="amount"
          label={t('disputes.merchant.amount')}
          max={Math.max(left - 1, 1)}
          required
          testId="dispute-answer-amount"
        />
      )}
      <NoteField
        label={action === 'contest' ? t('disputes.merchant.contestNote') : t('disputes.merchant.note')}
        required={action === 'contest'}
        testId="dispute-answer-note"
      />
      {answer.isError && <ProblemAlert error={answer.error} testId="dispute-answer-problem" />}
      <Button
        type="primary"
        htmlType="submit"
        loading={answer.isPending}
        disabled={keysMissing}
        data-testid="dispute-answer-submit"
      >
        {t('disputes.merchant.submit')}
      </Button>
    </Form>
  );
}
