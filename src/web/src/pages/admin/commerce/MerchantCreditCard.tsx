import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Flex, Row, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminMerchantView } from '../../../../../common/api/merchants.js';
import { getMerchantCredit, type SanctionLevel } from '../../../api/trust.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { CreditFacts, CreditHeadline, CreditParts } from '../../trust/CreditScore.js';
import { isManualSanction, sanctionColor } from '../../trust/labels.js';
import { SanctionModal } from './SanctionModal.js';
import { ADMIN_COMMERCE_KEY } from './shared.js';

/** Shops that have traded, so that a score means something. */
const HAS_CREDIT: ReadonlyArray<AdminMerchantView['status']> = ['active', 'suspended', 'closing', 'closed'];

function SanctionTag({ level, testId }: { level: SanctionLevel; testId: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={sanctionColor(level)} data-testid={testId} data-level={level}>
      {t(`trust.credit.level.${level}`)}
    </Tag>
  );
}

/**
 * 信用与处理 on a shop's admin page: the score, its parts and facts, the sanction in force beside what the
 * formula says, the form to set it by hand — and for a suspended shop, the way back (恢复营业), which
 * `onReinstate` opens.
 */
export function MerchantCreditCard({
  shop,
  canDecide,
  onReinstate,
}: {
  shop: AdminMerchantView;
  canDecide: boolean;
  onReinstate: () => void;
}) {
  const { t } = useTranslation();
  const [isSetting, setSetting] = useState(false);
  const hasCredit = HAS_CREDIT.includes(shop.status);
  const credit = useQuery({
    queryKey: [ADMIN_COMMERCE_KEY, 'merchant-credit', shop.id],
    queryFn: () => getMerchantCredit(shop.id),
    enabled: hasCredit,
  });
  if (!hasCredit) return null;

  return (
    <Card title={t('trust.adminCredit.title')} data-testid="merchant-credit">
      {credit.isError && <ProblemAlert error={credit.error} onRetry={() => void credit.refetch()} />}
      {credit.isPending && <Skeleton active />}
      {credit.data && (
        <Flex vertical gap="middle">
          <CreditHeadline credit={credit.data} />
          <Descriptions
            column={1}
            size="small"
            items={[
              {
                key: 'current',
                label: t('trust.adminCredit.current'),
                children: (
                  <Flex gap={4} wrap align="center">
                    <SanctionTag level={credit.data.current} testId="credit-current" />
                    {isManualSanction(credit.data) && (
                      <Typography.Text type="secondary">{t('trust.adminCredit.manual')}</Typography.Text>
                    )}
                  </Flex>
                ),
              },
              {
                key: 'level',
                label: t('trust.adminCredit.byFormula'),
                children: <SanctionTag level={credit.data.level} testId="credit-formula-level" />,
              },
            ]}
          />
          {shop.status === 'suspended' && (
            <Alert
              type="error"
              showIcon
              data-testid="credit-suspended"
              title={t('trust.adminCredit.suspended')}
              action={
                canDecide && (
                  <Button size="small" type="primary" onClick={onReinstate} data-testid="credit-reinstate">
                    {t('trust.adminCredit.reinstate')}
                  </Button>
                )
              }
            />
          )}
          {canDecide &&
            (shop.status === 'active' ? (
              <div>
                <Button onClick={() => setSetting(true)} data-testid="sanction-open">
                  {t('trust.adminCredit.setSanction')}
                </Button>
              </div>
            ) : (
              shop.status !== 'suspended' && (
                <Typography.Text type="secondary">{t('trust.adminCredit.onlyActive')}</Typography.Text>
              )
            ))}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <CreditParts credit={credit.data} />
            </Col>
            <Col xs={24} lg={12}>
              <CreditFacts credit={credit.data} />
            </Col>
          </Row>
        </Flex>
      )}
      {isSetting && <SanctionModal merchant={shop} onClose={() => setSetting(false)} />}
    </Card>
  );
}
