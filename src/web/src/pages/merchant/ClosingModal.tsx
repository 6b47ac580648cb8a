import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { announceClosing } from '../../api/trust.js';
import { useNow } from '../../components/countdown.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDate } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { CLOSING_NOTICE_DAYS } from '../trust/labels.js';
import { SHOP_QUERY_KEY } from './shopQuery.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const RULES = ['notice', 'orders', 'disputes', 'deposit'] as const;

/**
 * 发布停业公告: what the 30 days' notice means for selling, orders, disputes and the deposit, the reason
 * (shown on the shop page), and an explicit "I understand" — the notice cannot be taken back.
 */
export function ClosingModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string; understood: boolean }>();
  const now = useNow(60_000);
  // The server sets the date when it receives the notice; this is the same day as far as the owner can tell.
  const closesOn = formatDate(new Date(now + CLOSING_NOTICE_DAYS * DAY_MS).toISOString(), currentLocale());
  const announce = useMutation({
    mutationFn: announceClosing,
    onSuccess: async (shop) => {
      queryClient.setQueryData(SHOP_QUERY_KEY, { shop });
      void message.success(t('trust.closing.announced'));
      await queryClient.invalidateQueries({ queryKey: ['catalog', 'shop', shop.id] });
      onClose();
    },
  });

  return (
    <Modal
      open
      title={t('trust.closing.modalTitle')}
      okText={t('trust.closing.submit')}
      okButtonProps={{ danger: true, 'data-testid': 'closing-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={announce.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ul className="trust-rules" data-testid="closing-rules">
        {RULES.map((rule) => (
          <li key={rule}>{t(`trust.closing.rules.${rule}`, { date: closesOn })}</li>
        ))}
      </ul>
      <Alert type="warning" showIcon className="form-alert" title={t('trust.closing.irreversible')} />
      {announce.isError && <ProblemAlert error={announce.error} testId="closing-error" />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        className="dispute-form"
        onFinish={({ reason }) => announce.mutate(reason.trim())}
      >
        <Form.Item
          name="reason"
          label={t('trust.closing.reason')}
          extra={t('trust.closing.reasonHint')}
          rules={[
            { required: true, whitespace: true, min: 2, max: 500, message: t('trust.closing.reasonRule') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="closing-reason" />
        </Form.Item>
        <Form.Item
          name="understood"
          valuePropName="checked"
          rules={[
            {
              validator: (_rule, value: boolean | undefined) =>
                value ? Promise.resolve() : Promise.reject(new Error(t('trust.closing.understoodRule'))),
            },
          ]}
        >
          <Checkbox data-testid="closing-understood">
            <Typography.Text>{t('trust.closing.understood')}</Typography.Text>
          </Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
