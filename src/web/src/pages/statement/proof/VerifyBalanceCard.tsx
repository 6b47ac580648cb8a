import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { verifyProofBundle } from '../../../../../common/ledger/proof-bundle.js';
import { getLedgerPublicKey, getProofBundle } from '../../../api/endpoints.js';
import { isProblem } from '../../../api/problem.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { saveBlob } from '../../../download.js';
import { formatDateTime } from '../../../format.js';
import { currentLocale } from '../../../i18n/i18n.js';
import { ProofChecksList } from './ProofChecksList.js';
import { bundleFileName, summarizeProof } from './proofChecks.js';

/**
 * 验证我的余额: the proof bundle and the platform key are fetched, and the browser itself checks the
 * signature, the log's consistency, each balance in the sum tree and each transfer in the log (WebCrypto
 * only; the same code as `kameng proof verify`). The server only supplies the evidence.
 */
export function VerifyBalanceCard() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const verify = useMutation({
    mutationFn: async () => {
      const [bundle, key] = await Promise.all([getProofBundle(), getLedgerPublicKey()]);
      const report = await verifyProofBundle(bundle, key.publicKey);
      return { bundle, publicKey: key.publicKey, summary: summarizeProof(bundle, report) };
    },
  });
  const result = verify.data;

  return (
    <Card
      id="verify"
      title={
        <span>
          <SafetyCertificateOutlined /> {t('proof.title')}
        </span>
      }
      data-testid="verify-card"
    >
      <Flex vertical gap="middle">
        <Typography.Paragraph className="flush">{t('proof.intro')}</Typography.Paragraph>
        <div>
          <Button
            type={result ? 'default' : 'primary'}
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
            data-testid="verify-run"
          >
            {result ? t('proof.again') : t('proof.run')}
          </Button>
        </div>

        {verify.isError &&
          (isProblem(verify.error, 'LEDGER_NO_CHECKPOINT') ? (
            <Alert type="info" showIcon title={t('proof.noCheckpoint')} data-testid="verify-no-checkpoint" />
          ) : (
            <ProblemAlert error={verify.error} onRetry={() => verify.mutate()} />
          ))}

        {result && !verify.isPending && (
          <>
            <Alert
              type={result.summary.ok ? 'success' : 'error'}
              showIcon
              title={result.summary.ok ? t('proof.passed') : t('proof.failed')}
              description={
                result.summary.ok
                  ? t('proof.passedBody', { sequence: result.summary.checkpoint.sequence })
                  : t('proof.failedBody')
              }
              data-testid="verify-result"
              data-ok={result.summary.ok}
            />
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                {
                  key: 'checkpoint',
                  label: t('proof.checkpoint'),
                  children: (
                    <span data-testid="verify-checkpoint">#{result.summary.checkpoint.sequence}</span>
                  ),
                },
                {
                  key: 'time',
                  label: t('proof.checkpointTime'),
                  children: formatDateTime(result.summary.checkpoint.createdAt, locale),
                },
                { key: 'logSize', label: t('proof.logSize'), children: result.summary.checkpoint.logSize },
                {
                  key: 'keyId',
                  label: t('proof.keyId'),
                  children: (
                    <Typography.Text code data-testid="verify-key-id">
                      {result.summary.keyId}
                    </Typography.Text>
                  ),
                },
              ]}
            />
            <div>
              <Typography.Title level={5}>{t('proof.checks')}</Typography.Title>
              <ProofChecksList checks={result.summary.checks} transfers={result.summary.transfers} />
            </div>
            {/* A failed check proves nothing; the explanation would then claim too much. */}
            {result.summary.ok && (
              <div>
                <Typography.Title level={5}>{t('proof.whatTitle')}</Typography.Title>
                <ul className="proof-explained">
                  <li>{t('proof.whatBalance')}</li>
                  <li>{t('proof.whatTransfers')}</li>
                  {result.summary.hasPrevious && <li>{t('proof.whatGrew')}</li>}
                </ul>
              </div>
            )}
            <div>
              <Typography.Title level={5}>{t('proof.offlineTitle')}</Typography.Title>
              <Typography.Paragraph>{t('proof.offlineBody')}</Typography.Paragraph>
              <Typography.Paragraph
                code
                copyable
                className="offline-command break-anywhere"
                data-testid="verify-offline-command"
              >
                {`npx kameng proof verify ${bundleFileName(result.bundle)} --public-key ${result.publicKey}`}
              </Typography.Paragraph>
              <Button
                icon={<DownloadOutlined />}
                onClick={() =>
                  saveBlob(
                    new Blob([JSON.stringify(result.bundle, null, 2)], { type: 'application/json' }),
                    bundleFileName(result.bundle),
                  )
                }
                data-testid="verify-download"
              >
                {t('proof.download')}
              </Button>
            </div>
          </>
        )}
      </Flex>
    </Card>
  );
}
