import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney, moneyFromInput, moneyToInput } from '../../../../common/money.js';
import { requestPayout, type PayoutSummary } from '../../api/trust.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { AmountField } from '../disputes/AmountField.js';
import { MERCHANT_KEY } from './shopQuery.js';

/**
 * 申请提现: an amount in 元 up to what is withdrawable now; the server holds it until an admin pays it
 * out. Nothing to ask for (or a block) leaves the form shut with the reason beside it.
 */
export function PayoutRequestForm({ summary }: { summary: PayoutSummary }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ amount: string }>();
  const max = summary.withdrawable;
  const isOpen = max > 0 && summary.blocked === null;
  const ask = useMutation({
    mutationFn: (amount: number) => requestPayout(amount),
    onSuccess: async () => {
      form.resetFields();
      void message.success(t('trust.payouts.request.submitted'));
      await queryClient.invalidateQueries({ queryKey: [MERCHANT_KEY] });
    },
  });

  return (
    <Card title={t('trust.payouts.request.title')} data-testid="payout-request">
      <Typography.Paragraph type="secondary" className="page-intro">
        {t('trust.payouts.request.how')}
      </Typography.Paragraph>
      {ask.isError && <ProblemAlert error={ask.error} testId="payout-request-error" />}
      {isOpen ? (
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          className="page-intro"
          onFinish={({ amount }) => {
            const minor = moneyFromInput(amount, 'CNY');
            if (minor !== null) ask.mutate(minor);
          }}
        >
          <AmountField
            name="amount"
            label={t('trust.payouts.request.amount')}
            max={max}
            required
            extra={t('trust.payouts.request.amountHint', { max: formatMoney(max, 'CNY') })}
            testId="payout-amount"
          />
          <Flex gap="small" wrap>
            <Button
              onClick={() => form.setFieldsValue({ amount: moneyToInput(max, 'CNY') })}
              data-testid="payout-amount-all"
            >
              {t('trust.payouts.request.all')}
            </Button>
            <Button type="primary" htmlType="submit" loading={ask.isPending} data-testid="payout-submit">
              {t('trust.payouts.request.submit')}
            </Button>
          </Flex>
        </Form>
      ) : (
        summary.blocked === null && (
          <Typography.Text type="secondary" data-testid="payout-nothing">
            {t('trust.payouts.request.nothing')}
          </Typography.Text>
        )
      )}
    </Card>
  );
}
