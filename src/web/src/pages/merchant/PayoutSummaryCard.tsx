import { Alert, Card, Col, Row, Statistic, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../../common/money.js';
import type { PayoutSummary } from '../../api/trust.js';

/**
 * 提现概况: what can leave now, what is still in its reserve period and why (the shop's tier), the
 * deposit, and money asked back in open disputes with the block it causes.
 */
export function PayoutSummaryCard({ summary }: { summary: PayoutSummary }) {
  const { t } = useTranslation();
  const cny = (amount: number) => formatMoney(amount, 'CNY');
  const figures: Array<{ testId: string; title: string; value: ReactNode }> = [
    {
      testId: 'payout-withdrawable',
      title: t('trust.payouts.withdrawable'),
      value: <span className="amount-in">{cny(summary.withdrawable)}</span>,
    },
    { testId: 'payout-maturing', title: t('trust.payouts.maturing'), value: cny(summary.maturing) },
    { testId: 'payout-available', title: t('trust.payouts.available'), value: cny(summary.available) },
    {
      testId: 'payout-tier',
      title: t('trust.payouts.tier'),
      value: (
        <>
          <Tag color={summary.tier === 'trusted' ? 'green' : 'blue'} data-tier={summary.tier}>
            {t(`trust.payouts.tiers.${summary.tier}`)}
          </Tag>
          <Typography.Text type="secondary" className="trust-hint">
            {t('trust.payouts.reserveDays', { count: summary.reserveDays })}
          </Typography.Text>
        </>
      ),
    },
    { testId: 'payout-deposit', title: t('trust.payouts.deposit'), value: cny(summary.deposit) },
    {
      testId: 'payout-open-disputes',
      title: t('trust.payouts.openDisputes'),
      value: cny(summary.openDisputeAmount),
    },
  ];
  return (
    <Card title={t('trust.payouts.summary')} data-testid="payout-summary">
      <Row gutter={[16, 16]}>
        {figures.map(({ testId, title, value }) => (
          <Col key={testId} xs={12} md={8}>
            <Statistic
              title={title}
              formatter={() => (
                <span className="amount" data-testid={testId}>
                  {value}
                </span>
              )}
            />
          </Col>
        ))}
      </Row>
      <Typography.Paragraph type="secondary" className="trust-hint page-intro">
        {t('trust.payouts.maturingHint', { count: summary.reserveDays })}{' '}
        {t(`trust.payouts.tierHint.${summary.tier}`, { count: summary.reserveDays })}
      </Typography.Paragraph>
      {summary.blocked && (
        <Alert
          type="warning"
          showIcon
          data-testid="payout-blocked"
          data-blocked={summary.blocked}
          title={t(`trust.payouts.blocked.${summary.blocked}`, {
            open: cny(summary.openDisputeAmount),
            deposit: cny(summary.deposit),
          })}
        />
      )}
    </Card>
  );
}
