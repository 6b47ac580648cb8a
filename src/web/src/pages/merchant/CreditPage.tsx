import { Alert, Card, Col, Flex, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MyShopView } from '../../../../common/api/merchants.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { CreditFacts, CreditHeadline, CreditParts } from '../trust/CreditScore.js';
import { MerchantConsole } from './MerchantConsole.js';
import { SanctionAlert, sanctionOf, useMyCredit } from './SanctionAlert.js';

/**
 * `/merchant/credit` (信用): the shop's score with each part, its points and what it counts; the facts
 * behind it; the sanction now in force with what it does and how to appeal.
 */
export function CreditPage() {
  const { t } = useTranslation();
  return (
    <MerchantConsole section="credit" title={t('trust.credit.title')}>
      {(shop) => <ShopCreditDetail shop={shop} />}
    </MerchantConsole>
  );
}

function ShopCreditDetail({ shop }: { shop: MyShopView }) {
  const { t } = useTranslation();
  const credit = useMyCredit();
  return (
    <Flex vertical gap="middle" data-testid="merchant-credit">
      {sanctionOf(shop) === 'none' ? (
        <Alert
          type="success"
          showIcon
          title={t('trust.sanction.effect.none')}
          data-testid="merchant-sanction"
          data-level="none"
        />
      ) : (
        <SanctionAlert shop={shop} />
      )}
      {credit.isError && <ProblemAlert error={credit.error} onRetry={() => void credit.refetch()} />}
      {credit.isPending && <Skeleton active />}
      {credit.data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <Card title={t('trust.credit.score')}>
              <Flex vertical gap="small">
                <CreditHeadline credit={credit.data} showLevel />
                <CreditParts credit={credit.data} />
              </Flex>
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card title={t('trust.credit.facts.title')}>
              <CreditFacts credit={credit.data} />
            </Card>
          </Col>
        </Row>
      )}
    </Flex>
  );
}
