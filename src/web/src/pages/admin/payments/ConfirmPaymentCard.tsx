import { Alert, Button, Card, Form, Input } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { confirmPaymentByHand } from '../../../api/payments.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { ReasonInput, useConsoleChange } from '../commerce/shared.js';

interface Values {
  paymentId: string;
  providerTradeNo: string;
  reason: string;
}

/**
 * 手动确认收款 (dujiao-next#288): the same pipeline as a provider's callback, so it credits the order or
 * the top-up at once; the warning says so before anything is typed. `paymentId` prefills the form (from
 * an alert's "confirm this payment").
 */
export function ConfirmPaymentCard({ paymentId }: { paymentId: string | null }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const typedPaymentId = Form.useWatch('paymentId', form);
  const { mutation, problem } = useConsoleChange(
    (values: Values) =>
      confirmPaymentByHand(values.paymentId.trim(), {
        providerTradeNo: values.providerTradeNo.trim(),
        reason: values.reason.trim(),
      }),
    () => form.resetFields(),
    t('payments.confirm.done', { payment: typedPaymentId?.trim() ?? '' }),
  );
  useEffect(() => {
    if (paymentId) form.setFieldsValue({ paymentId });
  }, [form, paymentId]);

  return (
    <Card size="small" title={t('payments.confirm.title')} id="confirm-payment" data-testid="confirm-payment">
      <Alert
        type="warning"
        showIcon
        className="form-alert"
        title={t('payments.confirm.warning')}
        description={t('payments.confirm.warningBody')}
        data-testid="confirm-payment-warning"
      />
      {problem && <ProblemAlert error={problem} testId="confirm-payment-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => mutation.mutate(values)}
        className="payment-confirm-form"
      >
        <Form.Item
          name="paymentId"
          label={t('payments.confirm.paymentId')}
          extra={t('payments.confirm.paymentIdHint')}
          rules={[
            { required: true, whitespace: true, max: 40, message: t('payments.confirm.paymentIdRequired') },
          ]}
        >
          <Input maxLength={40} autoComplete="off" data-testid="confirm-payment-id" />
        </Form.Item>
        <Form.Item
          name="providerTradeNo"
          label={t('payments.confirm.tradeNo')}
          extra={t('payments.confirm.tradeNoHint')}
          rules={[
            {
              required: true,
              whitespace: true,
              min: 3,
              max: 80,
              message: t('payments.confirm.tradeNoRequired'),
            },
          ]}
        >
          <Input maxLength={80} autoComplete="off" data-testid="confirm-payment-trade-no" />
        </Form.Item>
        <ReasonInput testId="confirm-payment-reason" />
        <Button
          type="primary"
          danger
          htmlType="submit"
          loading={mutation.isPending}
          data-testid="confirm-payment-submit"
        >
          {t('payments.confirm.submit')}
        </Button>
      </Form>
    </Card>
  );
}
