import { Card, Flex, Segmented, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import type { StatementLine } from '../../../../common/api/ledger.js';
import type { Currency } from '../../../../common/money.js';
import { getStatement, type StatementFilters } from '../../api/endpoints.js';
import { usePagedList } from '../../components/usePagedList.js';
import { BalanceCard } from './BalanceCard.js';
import { BalanceChart } from './BalanceChart.js';
import { LineDetailDrawer } from './LineDetailDrawer.js';
import { StatementFilterBar } from './StatementFilterBar.js';
import { StatementTable } from './StatementTable.js';
import { VerifyBalanceCard } from './proof/VerifyBalanceCard.js';

const CURRENCIES: readonly Currency[] = ['CNY', 'ZUAN'];

/**
 * 账户明细: one currency's balance, its history as a chart and a table (both over the lines loaded so
 * far), the export, and the check of the balance against the signed ledger. Rendered inside RequireAuth.
 */
export function StatementPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<StatementFilters>({
    currency: 'CNY',
    from: null,
    to: null,
    cause: null,
  });
  const [openLine, setOpenLine] = useState<StatementLine | null>(null);
  const { hash } = useLocation();
  // "Verify my balance" on the checkpoints page links here: the browser cannot scroll to a card that a
  // lazily loaded page renders after the navigation, so the page does it.
  useEffect(() => {
    if (hash === '#verify') document.getElementById('verify')?.scrollIntoView();
  }, [hash]);
  const { query, items } = usePagedList(['me', 'statement', filters], (cursor) =>
    getStatement(filters, cursor),
  );
  // Every page carries the account as of that request; the first is the one just loaded.
  const account = query.data?.pages[0]?.account;

  return (
    <Flex vertical gap="large">
      <Flex wrap gap="middle" align="center" justify="space-between">
        <Typography.Title level={2} className="page-title">
          {t('statement.title')}
        </Typography.Title>
        <Segmented
          aria-label={t('statement.currency')}
          value={filters.currency}
          onChange={(currency) => setFilters((current) => ({ ...current, currency }))}
          options={CURRENCIES.map((currency) => ({
            value: currency,
            label: <span data-testid={`currency-${currency}`}>{t(`statement.currencies.${currency}`)}</span>,
          }))}
          data-testid="currency-switch"
        />
      </Flex>
      <BalanceCard account={account} currency={filters.currency} loading={query.isPending} />
      <StatementFilterBar
        filters={filters}
        onChange={(change) => setFilters((current) => ({ ...current, ...change }))}
      />
      <Card title={t('statement.chartTitle')} data-testid="statement-chart">
        <BalanceChart lines={items} currency={filters.currency} onOpen={setOpenLine} />
        {items.length > 0 && <div className="card-hint">{t('statement.chartHint')}</div>}
      </Card>
      <Card title={t('statement.linesTitle')} data-testid="statement-lines">
        <StatementTable query={query} lines={items} currency={filters.currency} onOpen={setOpenLine} />
      </Card>
      <VerifyBalanceCard />
      <LineDetailDrawer line={openLine} currency={filters.currency} onClose={() => setOpenLine(null)} />
    </Flex>
  );
}
