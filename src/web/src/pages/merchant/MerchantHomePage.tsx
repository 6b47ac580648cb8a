import { Alert, Card, Descriptions, Flex, Result, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MyShopView } from '../../../../common/api/merchants.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { ApplicationForm } from './ApplicationForm.js';
import { DepositCard } from './DepositCard.js';
import { ShopDashboard } from './ShopDashboard.js';
import { SellingIntro } from './SellingIntro.js';
import { shopStatusColor } from './labels.js';
import { useMyShop } from './shopQuery.js';

/**
 * `/merchant`: whatever the signed-in user's next step as a seller is — the application, its review,
 * the deposit, or (once open) the shop's dashboard.
 */
export function MerchantHomePage() {
  const { t } = useTranslation();
  const shop = useMyShop();

  if (shop.isPending) return <Spin size="large" className="page-spinner" />;
  if (shop.isError) return <ProblemAlert error={shop.error} onRetry={() => void shop.refetch()} />;
  const myShop = shop.data.shop;

  if (myShop === null) {
    return (
      <Flex vertical gap="large" className="merchant-page" data-testid="merchant-apply-page">
        <SellingIntro />
        <ApplicationForm />
      </Flex>
    );
  }
  switch (myShop.status) {
    case 'applying':
      return <ReviewPending shop={myShop} />;
    case 'rejected':
      return (
        <Flex vertical gap="large" className="merchant-page" data-testid="merchant-rejected">
          <Result
            status="warning"
            title={t('merchant.review.rejectedTitle')}
            subTitle={t('merchant.review.rejectedBody')}
          />
          <Alert
            type="error"
            showIcon
            title={t('merchant.review.rejectedNote', { note: myShop.reviewNote ?? '' })}
            data-testid="merchant-review-note"
          />
          <ApplicationForm previous={myShop} />
        </Flex>
      );
    case 'approved':
      return (
        <Flex vertical gap="large" className="merchant-page" data-testid="merchant-approved">
          <Alert
            type="success"
            showIcon
            title={t('merchant.deposit.approvedBody', { name: myShop.shopName })}
          />
          <DepositCard shop={myShop} />
        </Flex>
      );
    case 'active':
    case 'suspended':
    case 'closing':
    case 'closed':
      return <ShopDashboard shop={myShop} />;
  }
}

function ReviewPending({ shop }: { shop: MyShopView }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <Card data-testid="merchant-applying" className="merchant-page">
      <Result
        status="info"
        title={t('merchant.review.applyingTitle')}
        subTitle={t('merchant.review.applyingBody', { name: shop.shopName })}
        extra={
          <Tag color={shopStatusColor(shop.status)} data-testid="merchant-shop-status">
            {t(`merchant.shopStatus.${shop.status}`)}
          </Tag>
        }
      />
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('merchant.apply.shopName')}>{shop.shopName}</Descriptions.Item>
        <Descriptions.Item label={t('merchant.review.legalName')}>{shop.legalName}</Descriptions.Item>
        <Descriptions.Item label={t('merchant.review.identity')}>
          <Typography.Text className="merchant-kv">{shop.identityNumberMasked}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('merchant.review.submittedAt')}>
          {formatDateTime(shop.createdAt, locale)}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
