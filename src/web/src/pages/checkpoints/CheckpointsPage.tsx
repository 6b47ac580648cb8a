import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Flex, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SignedCheckpoint } from '../../../../common/ledger/checkpoint.js';
import { formatMoney } from '../../../../common/money.js';
import { getLedgerPublicKey, listCheckpoints } from '../../api/endpoints.js';
import { HashText } from '../../components/HashText.js';
import { PagedTable } from '../../components/PagedTable.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { usePagedList } from '../../components/usePagedList.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';

function PublicKeyCard() {
  const { t } = useTranslation();
  const key = useQuery({
    queryKey: ['ledger', 'public-key'],
    queryFn: getLedgerPublicKey,
    staleTime: Infinity,
  });
  return (
    <Card title={t('checkpoints.publicKey')} loading={key.isPending} data-testid="ledger-public-key">
      {key.isError && <ProblemAlert error={key.error} onRetry={() => void key.refetch()} />}
      {key.data && (
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'algorithm', label: t('checkpoints.algorithm'), children: key.data.algorithm },
            {
              key: 'keyId',
              label: t('checkpoints.keyId'),
              children: (
                <Typography.Text code copyable data-testid="ledger-key-id">
                  {key.data.keyId}
                </Typography.Text>
              ),
            },
            {
              key: 'key',
              label: t('checkpoints.key'),
              children: (
                <Typography.Text code copyable className="break-anywhere" data-testid="ledger-key">
                  {key.data.publicKey}
                </Typography.Text>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

/** 账本检查点: public, so anyone can compare what the platform signed with what it shows its users. */
export function CheckpointsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const locale = currentLocale();
  const { query, items } = usePagedList(['ledger', 'checkpoints'], listCheckpoints);

  const columns: TableColumnsType<SignedCheckpoint> = [
    {
      key: 'sequence',
      title: t('checkpoints.sequence'),
      render: (_value, { body }) => <span data-testid="checkpoint-sequence">#{body.sequence}</span>,
    },
    {
      key: 'time',
      title: t('checkpoints.time'),
      render: (_value, { body }) => <span className="nowrap">{formatDateTime(body.createdAt, locale)}</span>,
    },
    {
      key: 'logSize',
      title: t('checkpoints.logSize'),
      align: 'right',
      render: (_v, { body }) => body.logSize,
    },
    {
      key: 'accounts',
      title: t('checkpoints.accounts'),
      align: 'right',
      render: (_value, { body }) => body.accountCount,
    },
    {
      key: 'totalCny',
      title: t('checkpoints.totalCny'),
      align: 'right',
      render: (_value, { body }) => <span className="amount">{formatMoney(body.totals.CNY, 'CNY')}</span>,
    },
    {
      key: 'totalZuan',
      title: t('checkpoints.totalZuan'),
      align: 'right',
      render: (_value, { body }) => <span className="amount">{formatMoney(body.totals.ZUAN, 'ZUAN')}</span>,
    },
    {
      key: 'logRoot',
      title: t('checkpoints.logRoot'),
      render: (_v, { body }) => <HashText hash={body.logRoot} />,
    },
    {
      key: 'sumRoot',
      title: t('checkpoints.sumRoot'),
      render: (_v, { body }) => <HashText hash={body.sumRoot} />,
    },
  ];

  return (
    <Flex vertical gap="large">
      <Typography.Title level={2} className="page-title">
        {t('checkpoints.title')}
      </Typography.Title>
      <Typography.Paragraph className="flush page-intro">{t('checkpoints.intro')}</Typography.Paragraph>
      <div>
        <Button
          type="primary"
          icon={<SafetyCertificateOutlined />}
          onClick={() => void navigate('/account/statement#verify')}
          data-testid="checkpoints-verify-mine"
        >
          {t('checkpoints.verifyMine')}
        </Button>
      </div>
      <PublicKeyCard />
      <Card title={t('checkpoints.list')} data-testid="checkpoints">
        <PagedTable<SignedCheckpoint>
          rowKey={(checkpoint) => String(checkpoint.body.sequence)}
          columns={columns}
          locale={{ emptyText: t('checkpoints.empty') }}
          query={query}
          items={items}
          moreTestId="checkpoints-more"
        />
      </Card>
    </Flex>
  );
}
