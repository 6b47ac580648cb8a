import { Empty, Flex, Spin, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { OrderStatusName } from '../../../../common/api/orders.js';
import { listShopOrders } from '../../api/merchant.js';
import { LoadMore } from '../../components/LoadMore.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { usePagedList } from '../../components/usePagedList.js';
import { MerchantConsole } from './MerchantConsole.js';
import { OrderCard } from './OrderCard.js';
import { OrderDetailDrawer } from './OrderDetailDrawer.js';
import { OrderActionModal, type OrderAction } from './OrderModals.js';
import { MERCHANT_KEY } from './shopQuery.js';

// 待发货 first: it is the work to do; then the states an order passes through, then every order.
const TABS = ['paid', 'delivered', 'confirmed', 'settled', 'refunded', 'all'] as const;
type Tab = (typeof TABS)[number];
const isTab = (value: string | null): value is Tab => (TABS as readonly (string | null)[]).includes(value);

/** `/merchant/orders`: the shop's orders by status, delivering and refunding from the cards. */
export function OrdersPage() {
  const { t } = useTranslation();
  return (
    <MerchantConsole section="orders" title={t('merchant.orders.title')}>
      {() => <OrdersByStatus />}
    </MerchantConsole>
  );
}

function OrdersByStatus() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('status');
  const tab: Tab = isTab(requested) ? requested : 'paid';
  const status: OrderStatusName | null = tab === 'all' ? null : tab;
  const [action, setAction] = useState<OrderAction>(null);
  const [detail, setDetail] = useState<string | null>(null);
  const { query, items } = usePagedList([MERCHANT_KEY, 'orders', 'list', tab], (cursor) =>
    listShopOrders(status, cursor),
  );

  return (
    <>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ status: key }, { replace: true })}
        items={TABS.map((key) => ({
          key,
          label: (
            <span data-testid={`orders-tab-${key}`}>
              {key === 'all' ? t('merchant.orders.all') : t(`merchant.orderStatus.${key}`)}
            </span>
          ),
        }))}
      />
      {query.isError && <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isPending ? (
        <Spin />
      ) : (
        <Flex vertical gap="middle" data-testid="merchant-orders">
          {items.length === 0 && !query.isError && <Empty description={t('merchant.orders.empty')} />}
          {items.map((order) => (
            <OrderCard
              key={order.id}
              order={order}
              onAction={setAction}
              onDetails={() => setDetail(order.id)}
            />
          ))}
          <LoadMore
            hasMore={query.hasNextPage}
            loading={query.isFetchingNextPage}
            onLoad={() => void query.fetchNextPage()}
            testId="orders-more"
          />
        </Flex>
      )}
      {action && <OrderActionModal action={action} onClose={() => setAction(null)} />}
      {detail && <OrderDetailDrawer orderId={detail} onClose={() => setDetail(null)} />}
    </>
  );
}
