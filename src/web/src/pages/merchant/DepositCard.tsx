import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { newIdempotencyKey } from '../../api/client.js';
import { BALANCES_QUERY_KEY, getBalances } from '../../api/endpoints.js';
import { Alert, App, Button, Card, Col, Form, Input, Row, Statistic } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MyShopView } from '../../../../common/api/merchants.js';
import { formatMoney, moneyFromInput, moneyToInput } from '../../../../common/money.js';
import { payDeposit } from '../../api/merchant.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { ME_QUERY_KEY } from '../../session/session.js';
import { SHOP_QUERY_KEY } from './shopQuery.js';

/** 保证金: the minimum, what is paid, what the wallet holds, and paying the rest from the wallet. */
export function DepositCard({ shop }: { shop: MyShopView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const balances = useQuery({ queryKey: BALANCES_QUERY_KEY, queryFn: getBalances });
  const missing = Math.max(shop.deposit.minimum - shop.deposit.balance, 0);
  const [text, setText] = useState(moneyToInput(missing > 0 ? missing : shop.deposit.minimum, 'CNY'));
  // One key per intended payment: a retry after a lost answer cannot pay twice.
  const attempt = useRef<string>(newIdempotencyKey());

  const wallet =
    balances.data?.items.find((account) => account.kind === 'user_wallet' && account.currency === 'CNY')
      ?.available ?? 0;
  const typed = moneyFromInput(text, 'CNY');
  const amount = typed !== null && typed > 0 ? typed : null;
  const tooSmall = amount !== null && amount < missing;
  const short = amount !== null && balances.data !== undefined ? Math.max(amount - wallet, 0) : 0;

  const pay = useMutation({
    mutationFn: (minor: number) => payDeposit(minor, attempt.current),
    onSuccess: (updated) => {
      attempt.current = newIdempotencyKey();
      queryClient.setQueryData(SHOP_QUERY_KEY, { shop: updated });
      // The approval granted the merchant role: the menu and route guards read it from `me`.
      void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      void message.success(t('merchant.deposit.paid'));
    },
  });

  return (
    <Card title={t('merchant.deposit.title')} data-testid="merchant-deposit">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8}>
          <Statistic
            title={t('merchant.deposit.minimum')}
            formatter={() => (
              <span data-testid="deposit-minimum">{formatMoney(shop.deposit.minimum, 'CNY')}</span>
            )}
          />
        </Col>
        <Col xs={12} md={8}>
          <Statistic
            title={t('merchant.deposit.held')}
            formatter={() => (
              <span data-testid="deposit-held">{formatMoney(shop.deposit.balance, 'CNY')}</span>
            )}
          />
        </Col>
        <Col xs={24} md={8}>
          <Statistic
            title={t('merchant.deposit.wallet')}
            loading={balances.isPending}
            formatter={() => <span data-testid="deposit-wallet">{formatMoney(wallet, 'CNY')}</span>}
          />
        </Col>
      </Row>
      {balances.isError && <ProblemAlert error={balances.error} onRetry={() => void balances.refetch()} />}
      {pay.isError && <ProblemAlert error={pay.error} testId="deposit-error" />}
      <Form
        layout="vertical"
        requiredMark={false}
        className="page-intro"
        onFinish={() => {
          if (amount !== null && !tooSmall) pay.mutate(amount);
        }}
      >
        <Form.Item
          label={t('merchant.deposit.amount')}
          validateStatus={amount === null || tooSmall ? 'error' : undefined}
          help={
            amount === null
              ? t('merchant.deposit.amountRule')
              : tooSmall
                ? t('merchant.deposit.amountTooSmall', { amount: formatMoney(missing, 'CNY') })
                : undefined
          }
        >
          <Input
            value={text}
            inputMode="decimal"
            prefix="¥"
            onChange={(event) => {
              setText(event.target.value);
              attempt.current = newIdempotencyKey();
            }}
            data-testid="deposit-amount"
          />
        </Form.Item>
        {short > 0 && (
          <Alert
            type="warning"
            showIcon
            className="form-alert"
            data-testid="deposit-short"
            title={t('merchant.deposit.short', { amount: formatMoney(short, 'CNY') })}
            action={
              <Link to="/account/wallet" data-testid="deposit-top-up">
                {t('merchant.deposit.topUp')}
              </Link>
            }
          />
        )}
        <Button
          type="primary"
          htmlType="submit"
          loading={pay.isPending}
          disabled={amount === null || tooSmall || short > 0 || balances.isPending}
          data-testid="deposit-pay"
        >
          {t('merchant.deposit.pay')}
        </Button>
      </Form>
    </Card>
  );
}
