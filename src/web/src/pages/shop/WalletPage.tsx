import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { newIdempotencyKey } from '../../api/client.js';
import { BALANCES_QUERY_KEY, getBalances } from '../../api/endpoints.js';
import { Alert, Button, Card, Col, Flex, Form, Input, Row, Statistic, Tag, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { formatMoney, moneyFromInput } from '../../../../common/money.js';
import { checkPayment, getPayment, startTopup } from '../../api/shop.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { showProblemOnForm } from '../../components/formProblems.js';
import { goToPayment, PaymentMethods } from './PaymentMethods.js';

interface TopupValues {
  amount: string;
  /** A channel id: top-ups never come from the wallet itself. */
  provider?: string;
}

const PAYMENT_COLORS = { pending: 'gold', succeeded: 'green', failed: 'red', expired: 'default' } as const;

/** The payment the buyer just came back from (`?payment=`): its status, and "我已支付" while pending. */
function ReturnedPayment({ paymentId }: { paymentId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const payment = useQuery({
    queryKey: ['wallet', 'payment', paymentId],
    queryFn: () => getPayment(paymentId),
  });
  const check = useMutation({
    mutationFn: () => checkPayment(paymentId),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['wallet', 'payment', paymentId] }),
        queryClient.invalidateQueries({ queryKey: BALANCES_QUERY_KEY }),
      ]),
  });
  if (payment.isError) return <ProblemAlert error={payment.error} onRetry={() => void payment.refetch()} />;
  if (!payment.data) return null;
  const { status, amount, currency } = payment.data;
  return (
    <Card size="small" title={t('shop.wallet.paymentTitle')} data-testid="wallet-payment">
      <Flex vertical gap={8} align="start">
        <Typography.Text>
          {formatMoney(amount, currency)}{' '}
          <Tag color={PAYMENT_COLORS[status]} data-testid="wallet-payment-status" data-status={status}>
            {t(`shop.paymentStatus.${status}`)}
          </Tag>
        </Typography.Text>
        {status === 'pending' && (
          <>
            <Typography.Text type="secondary">{t('shop.wallet.pendingNote')}</Typography.Text>
            <Button
              onClick={() => check.mutate()}
              loading={check.isPending}
              data-testid="wallet-payment-check"
            >
              {t('shop.wallet.iHavePaid')}
            </Button>
          </>
        )}
        {check.isError && <ProblemAlert error={check.error} testId="wallet-check-problem" />}
      </Flex>
    </Card>
  );
}

/** My wallet: the balance, and a top-up through the payment provider. */
export function WalletPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const paymentId = params.get('payment');
  const [form] = Form.useForm<TopupValues>();
  const typedAmount = moneyFromInput(Form.useWatch('amount', form) ?? '', 'CNY');
  const provider = Form.useWatch('provider', form);
  const topupKey = useRef(newIdempotencyKey());
  const balances = useQuery({ queryKey: BALANCES_QUERY_KEY, queryFn: getBalances });
  const wallet = balances.data?.items.find(
    (account) => account.kind === 'user_wallet' && account.currency === 'CNY',
  );
  const topup = useMutation({
    mutationFn: ({ amount, provider }: { amount: number; provider: string }) =>
      startTopup(amount, provider, topupKey.current),
    onSuccess: ({ redirectUrl }) => goToPayment(redirectUrl, navigate),
    onError: (error) => {
      showProblemOnForm(form, error, t('errors.loadFailed'), { PAYMENT_AMOUNT_INVALID: 'amount' });
    },
  });

  return (
    <Flex vertical gap="large">
      <Typography.Title level={2} className="page-title">
        {t('shop.wallet.title')}
      </Typography.Title>
      {paymentId && <ReturnedPayment paymentId={paymentId} />}
      <Card
        size="small"
        title={t('shop.wallet.balanceTitle')}
        extra={<Link to="/account/statement">{t('shop.wallet.statement')}</Link>}
      >
        {balances.isError && <ProblemAlert error={balances.error} onRetry={() => void balances.refetch()} />}
        <Row gutter={[16, 16]}>
          <Col xs={12} sm={8}>
            <Statistic
              title={t('shop.wallet.available')}
              loading={balances.isPending}
              formatter={() => (
                <span data-testid="wallet-available">{formatMoney(wallet?.available ?? 0, 'CNY')}</span>
              )}
            />
          </Col>
          <Col xs={12} sm={8}>
            <Statistic
              title={t('shop.wallet.held')}
              loading={balances.isPending}
              formatter={() => <span data-testid="wallet-held">{formatMoney(wallet?.held ?? 0, 'CNY')}</span>}
            />
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t('shop.wallet.topupTitle')}>
        <Form<TopupValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          onValuesChange={() => {
            // A different amount or channel is a different top-up.
            topupKey.current = newIdempotencyKey();
          }}
          onFinish={({ amount, provider }) => {
            const fen = moneyFromInput(amount, 'CNY');
            if (fen !== null && provider) topup.mutate({ amount: fen, provider });
          }}
        >
          <Form.Item
            name="amount"
            label={t('shop.wallet.amount')}
            rules={[
              {
                validator: (_rule, value: string | undefined) =>
                  value && (moneyFromInput(value, 'CNY') ?? 0) >= 100
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('shop.wallet.amountInvalid'))),
              },
            ]}
          >
            <Input prefix="¥" inputMode="decimal" className="shop-amount" data-testid="wallet-amount" />
          </Form.Item>
          <Form.Item name="provider" label={t('payments.method.label')}>
            <PaymentMethods amount={typedAmount ?? 0} testIdPrefix="wallet" />
          </Form.Item>
          <Alert type="info" showIcon className="form-alert" title={t('shop.wallet.topupNote')} />
          <Button
            type="primary"
            htmlType="submit"
            loading={topup.isPending}
            disabled={!provider}
            data-testid="wallet-topup"
          >
            {t('shop.wallet.topup')}
          </Button>
        </Form>
        {topup.isError && <ProblemAlert error={topup.error} testId="wallet-topup-problem" />}
      </Card>
    </Flex>
  );
}
