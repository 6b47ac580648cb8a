import { Card, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LoginHistoryItem } from '../../../../common/api/accounts.js';
import { getLoginHistory } from '../../api/endpoints.js';
import { PagedTable } from '../../components/PagedTable.js';
import { usePagedList } from '../../components/usePagedList.js';
import { formatDateTime, shortenUserAgent } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';

const RESULT_COLORS: Readonly<Record<LoginHistoryItem['result'], string>> = {
  success: 'green',
  bad_credentials: 'red',
  throttled: 'orange',
  disabled: 'volcano',
  second_factor_required: 'blue',
};

export function LoginHistoryCard() {
  const { t } = useTranslation();
  const { query, items } = usePagedList(['me', 'login-history'], getLoginHistory);
  const locale = currentLocale();

  const columns: TableColumnsType<LoginHistoryItem> = [
    {
      key: 'at',
      title: t('history.time'),
      dataIndex: 'at',
      render: (at: string) => formatDateTime(at, locale),
    },
    { key: 'ip', title: t('history.ip'), dataIndex: 'ip' },
    {
      key: 'device',
      title: t('history.device'),
      dataIndex: 'userAgent',
      render: (userAgent: string | null) =>
        userAgent === null ? (
          t('history.unknownDevice')
        ) : (
          <Tooltip title={userAgent}>
            <span>{shortenUserAgent(userAgent)}</span>
          </Tooltip>
        ),
    },
    {
      key: 'result',
      title: t('history.result'),
      dataIndex: 'result',
      render: (result: LoginHistoryItem['result']) => (
        <Tag color={RESULT_COLORS[result]} data-testid={`login-result-${result}`}>
          {t(`loginResult.${result}`)}
        </Tag>
      ),
    },
  ];

  return (
    <Card title={t('history.title')} data-testid="login-history">
      <PagedTable<LoginHistoryItem>
        columns={columns}
        locale={{ emptyText: t('history.empty') }}
        query={query}
        items={items}
        moreTestId="login-history-more"
      />
    </Card>
  );
}
