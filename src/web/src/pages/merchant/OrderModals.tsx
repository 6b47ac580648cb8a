import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { deliverOrder, refundOrder, type MerchantOrderView } from '../../api/merchant.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { MERCHANT_KEY } from './shopQuery.js';

export type OrderAction = { kind: 'deliver' | 'refund'; order: MerchantOrderView } | null;

/** 发货 with the proof the buyer will read, or 退款 with a reason: both need words, both change the order. */
export function OrderActionModal({
  action,
  onClose,
}: {
  action: NonNullable<OrderAction>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ text: string }>();
  const isDeliver = action.kind === 'deliver';

  const change = useMutation({
    mutationFn: (text: string) =>
      isDeliver ? deliverOrder(action.order.id, text) : refundOrder(action.order.id, text),
    onSuccess: () => {
      // Orders, the waiting count and the shop's money all move: refresh the whole console.
      void queryClient.invalidateQueries({ queryKey: [MERCHANT_KEY] });
      void message.success(isDeliver ? t('merchant.orders.delivered') : t('merchant.orders.refunded'));
      onClose();
    },
  });

  return (
    <Modal
      open
      title={t(isDeliver ? 'merchant.orders.deliverTitle' : 'merchant.orders.refundTitle', {
        title: action.order.title,
      })}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger={!isDeliver}
          loading={change.isPending}
          onClick={() => form.submit()}
          data-testid={isDeliver ? 'deliver-submit' : 'refund-submit'}
        >
          {isDeliver ? t('merchant.orders.deliver') : t('merchant.orders.refund')}
        </Button>,
      ]}
    >
      {!isDeliver && (
        <Alert type="warning" showIcon className="form-alert" title={t('merchant.orders.refundWarning')} />
      )}
      {change.isError && <ProblemAlert error={change.error} testId="order-action-error" />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={({ text }) => change.mutate(text.trim())}
      >
        <Form.Item
          name="text"
          label={isDeliver ? t('merchant.orders.deliverNote') : t('merchant.orders.refundReason')}
          extra={isDeliver ? t('merchant.orders.deliverNoteHint') : undefined}
          rules={[
            {
              required: true,
              whitespace: true,
              min: 2,
              max: isDeliver ? 1000 : 500,
              message: isDeliver
                ? t('merchant.orders.deliverNoteRule')
                : t('merchant.orders.refundReasonRule'),
            },
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={isDeliver ? 1000 : 500}
            data-testid={isDeliver ? 'deliver-note' : 'refund-reason'}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
