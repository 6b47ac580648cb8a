import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../../../../common/api/orders.js';
import { formatMoney, moneyFromInput } from '../../../../../common/money.js';
import type { Asker } from '../../../api/asker.js';
import { openDispute, type DisputeReason, type DisputeView } from '../../../api/disputes.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { AmountField } from '../AmountField.js';
import { DISPUTE_REASONS } from '../labels.js';
import { RadioField } from '../RadioField.js';

interface OpenValues {
  reason: DisputeReason;
  description: string;
  amount?: string;
}

/**
 * 申请售后 (or 重新申请售后 after a withdrawal, as `title` says): the reason, what went wrong, and
 * optionally less than the whole order back.
 */
export function OpenDisputeModal({
  order,
  asker,
  title,
  onOpened,
  onClose,
}: {
  order: OrderView;
  asker: Asker;
  title: string;
  onOpened: (dispute: DisputeView) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OpenValues>();
  const left = order.amount - order.refundedAmount;
  const open = useMutation({
    mutationFn: (values: OpenValues) => {
      const amount = moneyFromInput(values.amount ?? '', 'CNY');
      return openDispute(
        order.id,
        {
          reason: values.reason,
          description: values.description.trim(),
          ...(amount !== null ? { requestedAmount: amount } : {}),
        },
        asker,
      );
    },
    onSuccess: onOpened,
  });
  return (
    <Modal
      open
      title={title}
      okText={t('disputes.buyer.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={open.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'dispute-open-submit' }}
    >
      <Alert type="info" showIcon className="form-alert" title={t('disputes.buyer.formIntro')} />
      {open.isError && <ProblemAlert error={open.error} testId="dispute-open-problem" />}
      <Form<OpenValues>
        form={form}
        className="dispute-form"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => open.mutate(values)}
      >
        <RadioField
          name="reason"
          label={t('disputes.buyer.reason')}
          requiredMessage={t('disputes.buyer.reasonRequired')}
          options={DISPUTE_REASONS.map((value) => ({ value, label: t(`disputes.reason.${value}`) }))}
          testIdPrefix="dispute-reason"
        />
        <Form.Item
          name="description"
          label={t('disputes.buyer.description')}
          extra={t('disputes.buyer.evidenceHint')}
          rules={[
            {
              required: true,
              whitespace: true,
              min: 5,
              max: 2000,
              message: t('disputes.buyer.descriptionRule'),
            },
          ]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="dispute-description-input" />
        </Form.Item>
        <AmountField
          name="amount"
          label={t('disputes.buyer.amount')}
          extra={t('disputes.buyer.amountHint', { max: formatMoney(left, 'CNY') })}
          max={left}
          required={false}
          testId="dispute-amount-input"
        />
      </Form>
    </Modal>
  );
}
