import { useQuery } from '@tanstack/react-query';
import { Card, Flex, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { getShopCredit } from '../../api/trust.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { CreditHeadline, CreditParts } from '../trust/CreditScore.js';

/** The shop's credit as a buyer weighs it: the score, the dispute rate, each part in words, the formula. */
export function ShopCredit({ merchantId }: { merchantId: string }) {
  const { t } = useTranslation();
  const credit = useQuery({
    queryKey: ['catalog', 'shop', merchantId, 'credit'],
    queryFn: () => getShopCredit(merchantId),
  });
  return (
    <Card title={t('trust.credit.title')} size="small" data-testid="shop-credit">
      {credit.isError && <ProblemAlert error={credit.error} onRetry={() => void credit.refetch()} />}
      {credit.isPending && <Skeleton active />}
      {credit.data && (
        <Flex vertical gap="small">
          <CreditHeadline credit={credit.data} />
          <CreditParts credit={credit.data} />
        </Flex>
      )}
    </Card>
  );
}
