import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Flex, Grid, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AdminMerchantView } from '../../../../../common/api/merchants.js';
import { formatMoney } from '../../../../../common/money.js';
import { getMerchant } from '../../../api/adminCommerce.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { formatDateTime } from '../../../format.js';
import { currentLocale } from '../../../i18n/i18n.js';
import { hasAnyRole, useMe } from '../../../session/session.js';
import { MerchantCreditCard } from './MerchantCreditCard.js';
import { MerchantDecisionModal, type MerchantDecision } from './MerchantDecisionModal.js';
import { MerchantHistoryCard } from './MerchantHistoryCard.js';
import { ADMIN_COMMERCE_KEY, MerchantStatusTag } from './shared.js';

/** What an admin may decide in each state (the merchant lifecycle's admin edges). */
function decisionsFor(status: AdminMerchantView['status']): MerchantDecision[] {
  switch (status) {
    case 'applying':
      return ['approve', 'reject'];
    case 'active':
      return ['suspend'];
    case 'suspended':
      return ['reinstate'];
    case 'rejected':
    case 'approved':
    case 'closing':
    case 'closed':
      return [];
  }
}

/** One shop or application in full (the identity number only masked), its history and the admin's decisions. */
export function MerchantDetailPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { merchantId = '' } = useParams();
  const isPhone = Grid.useBreakpoint().md !== true;
  const canDecide = hasAnyRole(useMe().data, ['admin']);
  const [decision, setDecision] = useState<MerchantDecision | null>(null);
  const merchant = useQuery({
    queryKey: [ADMIN_COMMERCE_KEY, 'merchant', merchantId],
    queryFn: () => getMerchant(merchantId),
  });

  const back = (
    <Link to="/admin/merchants" data-testid="merchant-back">
      {t('adminCommerce.merchant.back')}
    </Link>
  );
  if (merchant.isPending) return <Spin size="large" className="page-spinner" />;
  if (merchant.isError)
    return (
      <Flex vertical gap="middle">
        {back}
        <ProblemAlert error={merchant.error} onRetry={() => void merchant.refetch()} />
      </Flex>
    );
  const shop = merchant.data;
  const decisions = decisionsFor(shop.status);

  return (
    <Flex vertical gap="large" data-testid="merchant-detail">
      {back}
      <Flex align="center" gap="middle" wrap>
        <Typography.Title level={2} className="page-title" data-testid="merchant-detail-name">
          {shop.shopName}
        </Typography.Title>
        <MerchantStatusTag status={shop.status} />
      </Flex>

      {canDecide ? (
        <Card title={t('adminCommerce.merchant.actions')} size="small">
          {decisions.length === 0 ? (
            <Typography.Text type="secondary">{t('adminCommerce.merchant.noActions')}</Typography.Text>
          ) : (
            <Flex gap="small" wrap>
              {decisions.map((choice) => (
                <Button
                  key={choice}
                  type={choice === 'approve' || choice === 'reinstate' ? 'primary' : 'default'}
                  danger={choice === 'reject' || choice === 'suspend'}
                  onClick={() => setDecision(choice)}
                  data-testid={`merchant-${choice}`}
                >
                  {t(`adminCommerce.merchant.${choice}`)}
                </Button>
              ))}
            </Flex>
          )}
        </Card>
      ) : (
        <Typography.Text type="secondary" data-testid="merchant-read-only">
          {t('adminCommerce.readOnly')}
        </Typography.Text>
      )}

      <MerchantCreditCard shop={shop} canDecide={canDecide} onReinstate={() => setDecision('reinstate')} />

      <Card title={t('adminCommerce.merchant.application')}>
        <Descriptions
          column={isPhone ? 1 : 2}
          layout={isPhone ? 'vertical' : 'horizontal'}
          size="small"
          data-testid="merchant-application"
          items={[
            { key: 'shopName', label: t('adminCommerce.merchant.shopName'), children: shop.shopName },
            {
              key: 'kycType',
              label: t('adminCommerce.merchants.kycType'),
              children: (
                <span data-testid="merchant-kyc-type">{t(`adminCommerce.kycType.${shop.kycType}`)}</span>
              ),
            },
            { key: 'legalName', label: t('adminCommerce.merchant.legalName'), children: shop.legalName },
            {
              key: 'identityNumber',
              label: t(`adminCommerce.identityNumber.${shop.kycType}`),
              children: <code data-testid="merchant-identity-number">{shop.identityNumberMasked}</code>,
            },
            {
              key: 'contactName',
              label: t('adminCommerce.merchant.contactName'),
              children: shop.contactName,
            },
            {
              key: 'contactPhone',
              label: t('adminCommerce.merchant.contactPhone'),
              children: shop.contactPhone,
            },
            {
              key: 'contactEmail',
              label: t('adminCommerce.merchant.contactEmail'),
              children: shop.contactEmail,
            },
            { key: 'account', label: t('adminCommerce.merchant.account'), children: shop.userEmail },
            {
              key: 'appliedAt',
              label: t('adminCommerce.merchant.appliedAt'),
              children: formatDateTime(shop.createdAt, locale),
            },
            {
              key: 'reviewedAt',
              label: t('adminCommerce.merchant.reviewedAt'),
              children: shop.reviewedAt ? formatDateTime(shop.reviewedAt, locale) : t('common.none'),
            },
            {
              key: 'reviewNote',
              label: t('adminCommerce.merchant.reviewNote'),
              children: <span data-testid="merchant-review-note">{shop.reviewNote || t('common.none')}</span>,
            },
            {
              key: 'description',
              label: t('adminCommerce.merchant.description'),
              span: isPhone ? 1 : 2,
              children: (
                <span className="admin-commerce-prewrap">{shop.description || t('common.none')}</span>
              ),
            },
          ]}
        />
      </Card>

      <Card title={t('adminCommerce.merchant.money')}>
        <Descriptions
          column={isPhone ? 1 : 3}
          size="small"
          data-testid="merchant-money"
          items={[
            {
              key: 'deposit',
              label: t('adminCommerce.merchant.deposit'),
              children: t('adminCommerce.merchant.depositOf', {
                balance: formatMoney(shop.deposit.balance, 'CNY'),
                minimum: formatMoney(shop.deposit.minimum, 'CNY'),
              }),
            },
            {
              key: 'available',
              label: t('adminCommerce.merchant.payableAvailable'),
              children: formatMoney(shop.payable.available, 'CNY'),
            },
            {
              key: 'pending',
              label: t('adminCommerce.merchant.payablePending'),
              children: formatMoney(shop.payable.pending, 'CNY'),
            },
          ]}
        />
      </Card>

      <MerchantHistoryCard merchantId={shop.id} />

      {decision && (
        <MerchantDecisionModal merchant={shop} decision={decision} onClose={() => setDecision(null)} />
      )}
    </Flex>
  );
}
