import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { BALANCES_QUERY_KEY } from '../../api/endpoints.js';
import { Alert, Button, Card, Descriptions, Flex, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { formatMoney, isCurrency } from '../../../../common/money.js';
import { completeSandboxTrade, getSandboxTrade } from '../../api/shop.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';

/** The sandbox provider's checkout page: a stand-in for a real cashier, so nothing is ever charged. */
export function SandboxPayPage() {
  const { t } = useTranslation();
  const { tradeNo = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const trade = useQuery({ queryKey: ['sandbox', tradeNo], queryFn: () => getSandboxTrade(tradeNo) });
  const complete = useMutation({
    mutationFn: (outcome: 'paid' | 'failed') => completeSandboxTrade(tradeNo, outcome),
    onSuccess: async ({ returnPath }) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['orders'] }),
        queryClient.invalidateQueries({ queryKey: BALANCES_QUERY_KEY }),
        queryClient.invalidateQueries({ queryKey: ['wallet'] }),
      ]);
      void navigate(returnPath);
    },
  });

  return (
    <Flex justify="center">
      <Card className="shop-sandbox-card" data-testid="sandbox-page">
        <Flex vertical gap="middle">
          <Alert type="warning" showIcon title={t('shop.sandbox.label')} data-testid="sandbox-label" />
          {trade.isError && <ProblemAlert error={trade.error} onRetry={() => void trade.refetch()} />}
          {trade.isPending && <Skeleton active />}
          {trade.data && (
            <>
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={t('shop.sandbox.subject')}>
                  <span className="shop-break">{trade.data.subject}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('shop.sandbox.amount')}>
                  <Typography.Text strong className="shop-price" data-testid="sandbox-amount">
                    {isCurrency(trade.data.currency)
                      ? formatMoney(trade.data.amount, trade.data.currency)
                      : `${trade.data.amount} ${trade.data.currency}`}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('shop.sandbox.status')}>
                  <Tag data-testid="sandbox-status" data-status={trade.data.status}>
                    {t(`shop.sandbox.statuses.${trade.data.status}`)}
                  </Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('shop.sandbox.tradeNo')}>
                  <span className="shop-break">{trade.data.tradeNo}</span>
                </Descriptions.Item>
              </Descriptions>
              {trade.data.status === 'waiting' ? (
                <Flex gap={8} wrap>
                  <Button
                    type="primary"
                    loading={complete.isPending && complete.variables === 'paid'}
                    disabled={complete.isPending}
                    onClick={() => complete.mutate('paid')}
                    data-testid="sandbox-pay"
                  >
                    {t('shop.sandbox.pay')}
                  </Button>
                  <Button
                    danger
                    loading={complete.isPending && complete.variables === 'failed'}
                    disabled={complete.isPending}
                    onClick={() => complete.mutate('failed')}
                    data-testid="sandbox-fail"
                  >
                    {t('shop.sandbox.fail')}
                  </Button>
                </Flex>
              ) : (
                <Button onClick={() => void navigate(trade.data.returnPath)} data-testid="sandbox-return">
                  {t('shop.sandbox.back')}
                </Button>
              )}
              {complete.isError && <ProblemAlert error={complete.error} testId="sandbox-problem" />}
            </>
          )}
        </Flex>
      </Card>
    </Flex>
  );
}
