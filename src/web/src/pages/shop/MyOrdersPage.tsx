import { Card, Flex, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderView } from '../../../../common/api/orders.js';
import { formatMoney } from '../../../../common/money.js';
import { listMyOrders } from '../../api/shop.js';
import { PagedTable } from '../../components/PagedTable.js';
import { usePagedList } from '../../components/usePagedList.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { OrderStatusTag } from './OrderDetails.js';

/** My orders, newest first, a page at a time. */
export function MyOrdersPage() {
  const { t } = useTranslation();
  const { query, items } = usePagedList(['orders', 'mine'], listMyOrders);
  const locale = currentLocale();
  const columns: TableColumnsType<OrderView> = [
    {
      key: 'order',
      title: t('shop.order.product'),
      render: (_value, order) => (
        <Flex vertical>
          <Link to={`/orders/${order.id}`} data-testid="my-order-link">
            {order.title}
          </Link>
          <Typography.Text type="secondary" className="shop-small">
            {order.shopName} · {order.id}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'amount',
      title: t('shop.order.amount'),
      render: (_value, order) => formatMoney(order.amount, order.currency),
    },
    {
      key: 'status',
      title: t('shop.order.status'),
      render: (_value, order) => <OrderStatusTag status={order.status} />,
    },
    {
      key: 'createdAt',
      title: t('shop.order.createdAt'),
      render: (_value, order) => formatDateTime(order.createdAt, locale),
    },
  ];
  return (
    <Flex vertical gap="large">
      <Typography.Title level={2} className="page-title">
        {t('shop.myOrders.title')}
      </Typography.Title>
      <Card>
        <PagedTable<OrderView>
          columns={columns}
          data-testid="my-orders"
          query={query}
          items={items}
          moreTestId="my-orders-more"
          locale={{ emptyText: t('shop.myOrders.empty') }}
        />
      </Card>
    </Flex>
  );
}
