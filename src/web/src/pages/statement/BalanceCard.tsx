import { Alert, Card, Col, Row, Statistic, Tooltip } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { BalanceView } from '../../../../common/api/ledger.js';
import { formatMoney, type Currency } from '../../../../common/money.js';

/**
 * Balance, held (frozen for open orders) and available, as of now whatever the filters say. `account` is
 * undefined while unknown (loading, or the request failed: then nothing is shown rather than ¥0.00) and
 * null when the user has no such account yet (then it holds nothing).
 */
export function BalanceCard({
  account,
  currency,
  loading,
}: {
  account: BalanceView | null | undefined;
  currency: Currency;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const figures = [
    { key: 'balance', title: t('statement.balance'), value: account === null ? 0 : account?.balance },
    {
      key: 'held',
      title: (
        <Tooltip title={t('statement.heldHint')}>
          <span>
            {t('statement.held')} <QuestionCircleOutlined />
          </span>
        </Tooltip>
      ),
      value: account === null ? 0 : account?.held,
    },
    {
      key: 'available',
      title: t('statement.available'),
      value: account === null ? 0 : account?.available,
    },
  ];
  return (
    <Card data-testid="balance-card">
      {account === null && !loading && (
        <Alert type="info" showIcon title={t('statement.noAccount')} className="form-alert" />
      )}
      <Row gutter={[16, 16]}>
        {figures.map(({ key, title, value }) => (
          <Col key={key} xs={24} sm={8}>
            <Statistic
              title={title}
              loading={loading}
              // Formatted from integer minor units by our own helper: Statistic must not parse a float.
              formatter={() => (
                <span data-testid={`balance-${key}`}>
                  {value === undefined ? t('common.none') : formatMoney(value, currency)}
                </span>
              )}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
