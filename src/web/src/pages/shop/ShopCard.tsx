import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Card, Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatMoney } from '../../../../common/money.js';
import type { ShopFacts } from '../../api/shop.js';
import { formatDate } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';

/** The facts a buyer weighs before trusting a shop: verified identity, deposit held, track record. */
export function ShopCard({ shop, linked = true }: { shop: ShopFacts; linked?: boolean }) {
  const { t } = useTranslation();
  const name = linked ? (
    <Link to={`/shops/${shop.id}`} data-testid="shop-link">
      {shop.shopName}
    </Link>
  ) : (
    <span data-testid="shop-name">{shop.shopName}</span>
  );
  return (
    <Card title={name} size="small" data-testid="shop-card">
      {shop.description && <Typography.Paragraph type="secondary">{shop.description}</Typography.Paragraph>}
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('shop.shopCard.verified')}>
          <Tag icon={<SafetyCertificateOutlined />} color="green" data-testid="shop-verified">
            {t(`shop.shopCard.kyc.${shop.kycType}`)}
          </Tag>
          <Typography.Text type="secondary">{shop.verifiedName}</Typography.Text>
        </Descriptions.Item>
        {shop.licenceMasked && (
          <Descriptions.Item label={t('shop.shopCard.licence')}>{shop.licenceMasked}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('shop.shopCard.deposit')}>
          <span data-testid="shop-deposit">{formatMoney(shop.depositHeld, 'CNY')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('shop.shopCard.completedOrders')}>
          <span data-testid="shop-completed">{shop.completedOrders}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('shop.shopCard.openSince')}>
          {formatDate(shop.openSince, currentLocale())}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
