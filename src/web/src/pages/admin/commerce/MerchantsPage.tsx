import { Button, Card, Flex, Grid, Select, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { AdminMerchantView, MerchantStatusName } from '../../../../../common/api/merchants.js';
import { listMerchants } from '../../../api/adminCommerce.js';
import { PagedTable } from '../../../components/PagedTable.js';
import { usePagedList } from '../../../components/usePagedList.js';
import { formatDateTime } from '../../../format.js';
import { currentLocale } from '../../../i18n/i18n.js';
import { ADMIN_COMMERCE_KEY, MerchantStatusTag } from './shared.js';

const STATUSES: readonly MerchantStatusName[] = [
  'applying',
  'approved',
  'active',
  'suspended',
  'rejected',
  'closing',
  'closed',
];
const ALL = 'all';

function statusFrom(value: string | null): MerchantStatusName | null {
  if (value === ALL) return null;
  return STATUSES.find((status) => status === value) ?? 'applying';
}

/** Shops and applications, the ones waiting for review first; the filter lives in the URL (`?status=`). */
export function MerchantsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const isPhone = Grid.useBreakpoint().md !== true;
  const [params, setParams] = useSearchParams();
  const status = statusFrom(params.get('status'));
  const { query, items } = usePagedList([ADMIN_COMMERCE_KEY, 'merchants', status ?? ALL], (cursor) =>
    listMerchants(status, cursor),
  );

  const allColumns: TableColumnsType<AdminMerchantView> = [
    {
      key: 'shop',
      title: t('adminCommerce.merchants.shop'),
      render: (_value, merchant) => (
        <Flex vertical>
          <Link to={`/admin/merchants/${merchant.id}`} data-testid="merchant-link">
            <Typography.Text strong data-testid="merchant-shop-name">
              {merchant.shopName}
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary" className="admin-commerce-wrap">
            {merchant.userEmail}
          </Typography.Text>
          {isPhone && (
            <Flex gap="small" align="center" wrap>
              <MerchantStatusTag status={merchant.status} />
              <Typography.Text type="secondary">{formatDateTime(merchant.createdAt, locale)}</Typography.Text>
            </Flex>
          )}
        </Flex>
      ),
    },
    {
      key: 'kycType',
      title: t('adminCommerce.merchants.kycType'),
      render: (_value, merchant) => t(`adminCommerce.kycType.${merchant.kycType}`),
    },
    {
      key: 'status',
      title: t('adminCommerce.merchants.status'),
      render: (_value, merchant) => <MerchantStatusTag status={merchant.status} />,
    },
    {
      key: 'createdAt',
      title: t('adminCommerce.merchants.appliedAt'),
      render: (_value, merchant) => formatDateTime(merchant.createdAt, locale),
    },
    {
      key: 'actions',
      title: t('adminCommerce.merchants.actions'),
      render: (_value, merchant) => (
        <Link to={`/admin/merchants/${merchant.id}`}>
          <Button
            size="small"
            type={merchant.status === 'applying' ? 'primary' : 'default'}
            data-testid="merchant-open"
          >
            {merchant.status === 'applying'
              ? t('adminCommerce.merchants.review')
              : t('adminCommerce.merchants.view')}
          </Button>
        </Link>
      ),
    },
  ];
  // On a phone the status and date sit under the shop name (a link to the review), so nothing scrolls.
  const columns = isPhone ? allColumns.filter((column) => column.key === 'shop') : allColumns;

  return (
    <Flex vertical gap="large">
      <Typography.Title level={2} className="page-title">
        {t('adminCommerce.merchants.title')}
      </Typography.Title>
      <Card>
        <Select<string>
          value={status ?? ALL}
          onChange={(value) => setParams(value === 'applying' ? {} : { status: value }, { replace: true })}
          options={[
            ...STATUSES.map((value) => ({ value, label: t(`adminCommerce.merchantStatus.${value}`) })),
            { value: ALL, label: t('adminCommerce.merchants.allStatuses') },
          ]}
          aria-label={t('adminCommerce.merchants.statusFilter')}
          className="admin-commerce-filter"
          data-testid="merchants-status-filter"
        />
        <PagedTable<AdminMerchantView>
          columns={columns}
          data-testid="merchants-table"
          query={query}
          items={items}
          moreTestId="merchants-more"
        />
      </Card>
    </Flex>
  );
}
