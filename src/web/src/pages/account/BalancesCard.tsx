import { RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatMoney, type Currency } from '../../../../common/money.js';
import { BALANCES_QUERY_KEY, getBalances } from '../../api/endpoints.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';

/** Wallet and 钻 at a glance, with the way to the full statement. */
export function BalancesCard() {
  const { t } = useTranslation();
  const balances = useQuery({ queryKey: BALANCES_QUERY_KEY, queryFn: getBalances });
  // No account of a kind yet means nothing in it; no answer at all means we do not know (shown as —).
  const balanceOf = (kind: string, currency: Currency) =>
    balances.data
      ? formatMoney(balances.data.items.find((account) => account.kind === kind)?.balance ?? 0, currency)
      : t('common.none');

  return (
    <Card
      title={t('balances.title')}
      data-testid="balances-card"
      extra={
        <Link to="/account/statement" data-testid="account-statement-link">
          {t('balances.viewStatement')} <RightOutlined />
        </Link>
      }
    >
      {balances.isError && <ProblemAlert error={balances.error} onRetry={() => void balances.refetch()} />}
      <Row gutter={[16, 16]}>
        <Col xs={12} sm={8}>
          <Statistic
            title={t('statement.currencies.CNY')}
            loading={balances.isPending}
            formatter={() => <span data-testid="account-balance-CNY">{balanceOf('user_wallet', 'CNY')}</span>}
          />
        </Col>
        <Col xs={12} sm={8}>
          <Statistic
            title={t('statement.currencies.ZUAN')}
            loading={balances.isPending}
            formatter={() => <span data-testid="account-balance-ZUAN">{balanceOf('user_zuan', 'ZUAN')}</span>}
          />
        </Col>
      </Row>
    </Card>
  );
}
