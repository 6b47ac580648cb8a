import { useQuery } from '@tanstack/react-query';
import { Alert, Flex, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MyShopView } from '../../../../common/api/merchants.js';
import { getMyCredit, type CreditView, type SanctionLevel } from '../../api/trust.js';
import { SANCTION_BELOW } from '../trust/labels.js';
import { MERCHANT_KEY } from './shopQuery.js';

export const MY_CREDIT_KEY = [MERCHANT_KEY, 'credit'] as const;

export function useMyCredit() {
  return useQuery({ queryKey: MY_CREDIT_KEY, queryFn: getMyCredit });
}

/** What costs the shop now: a suspension shows in its status, a warning or hidden listings in `sanction`. */
export function sanctionOf(shop: Pick<MyShopView, 'status' | 'sanction'>): SanctionLevel {
  return shop.status === 'suspended' ? 'suspended' : shop.sanction;
}

/** Why, in words: the score under its line when the formula put it there; otherwise an email has it. */
function reasonOf(level: Exclude<SanctionLevel, 'none'>, credit: CreditView | undefined, t: TFunction) {
  if (!credit) return null;
  if (credit.level === level)
    return t('trust.sanction.byScore', { score: credit.score, below: SANCTION_BELOW[level] });
  return level === 'suspended' ? t('trust.sanction.suspendedOther') : t('trust.sanction.byAdmin');
}

/**
 * The shop's sanction, what it does, why, and how to appeal; nothing while the shop is in good standing.
 * On the dashboard it links to the credit page (`linkToCredit`).
 */
export function SanctionAlert({ shop, linkToCredit = false }: { shop: MyShopView; linkToCredit?: boolean }) {
  const { t } = useTranslation();
  const level = sanctionOf(shop);
  const credit = useMyCredit();
  if (level === 'none') return null;
  const reason = reasonOf(level, credit.data, t);
  return (
    <Alert
      type={level === 'warning' ? 'warning' : 'error'}
      showIcon
      data-testid="merchant-sanction"
      data-level={level}
      title={<Typography.Text strong>{t(`trust.credit.level.${level}`)}</Typography.Text>}
      description={
        <Flex vertical gap={4}>
          <span>{t(`trust.sanction.effect.${level}`)}</span>
          {reason && <span data-testid="merchant-sanction-reason">{reason}</span>}
          <span>{t('trust.sanction.appeal')}</span>
          {linkToCredit && (
            <Link to="/merchant/credit" data-testid="merchant-sanction-credit">
              {t('trust.sanction.seeCredit')}
            </Link>
          )}
        </Flex>
      }
    />
  );
}
