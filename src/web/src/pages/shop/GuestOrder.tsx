import { ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../../../common/api/orders.js';
import { askerKey, type GuestAsker } from '../../api/asker.js';
import { chatQueryKey } from '../../api/chat.js';
import { orderDisputeKey } from '../../api/disputes.js';
import { getGuestOrder, revealGuestKeys } from '../../api/shop.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { OrderChat } from '../chat/OrderChat.js';
import { DisputePanel } from '../disputes/buyer/DisputePanel.js';
import { OrderDetails, OrderStatusTag } from './OrderDetails.js';
import { OrderKeys } from './OrderKeys.js';
import { hasKeysToReveal } from './shopHelpers.js';

/** What the lookup opened: the order number, the query password (for the keys) and the 2-hour pass. */
export interface GuestAccess {
  orderId: string;
  password: string;
  pass: string;
}

/**
 * Under `['orders']`, so that a dispute step (which refreshes the orders) reads the guest's order again
 * with the pass, as it does a signed-in buyer's.
 */
const guestOrderKey = (asker: GuestAsker) => ['orders', 'guest', asker.orderId, askerKey(asker)] as const;

/**
 * A guest's order after the lookup: what a signed-in buyer's order page shows — the keys, after-sales,
 * the details and the chat with the shop — opened with the pass, so nothing asks for the password again
 * except the keys. When the server refuses the pass (after 2 hours), `onPassRefused` takes the guest back
 * to the password.
 */
export function GuestOrder({
  access,
  initial,
  onPassRefused,
}: {
  access: GuestAccess;
  initial: OrderView;
  onPassRefused: (pass: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const asker = useMemo<GuestAsker>(
    () => ({
      kind: 'guest',
      orderId: access.orderId,
      pass: access.pass,
      onPassRefused: () => onPassRefused(access.pass),
    }),
    [access, onPassRefused],
  );
  const order = useQuery({
    queryKey: guestOrderKey(asker),
    queryFn: () => getGuestOrder(asker),
    initialData: initial,
    staleTime: 30_000,
  });
  // No push channel: the shop's answer to a dispute shows when the guest asks for it (the chat polls).
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: guestOrderKey(asker) }),
      queryClient.invalidateQueries({ queryKey: orderDisputeKey(asker.orderId, asker) }),
      queryClient.invalidateQueries({ queryKey: chatQueryKey('buyer', asker.orderId, asker) }),
    ]);
  const item = order.data;

  return (
    <Flex vertical gap="middle" data-testid="guest-order" data-order-id={item.id}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Title level={3} className="page-title shop-break">
          {item.title}
        </Typography.Title>
        <Flex gap={8} align="center">
          <OrderStatusTag status={item.status} />
          <Button
            icon={<ReloadOutlined />}
            loading={order.isFetching}
            onClick={() => void refresh()}
            data-testid="guest-refresh"
          >
            {t('shop.guest.refresh')}
          </Button>
        </Flex>
      </Flex>
      <Typography.Text type="secondary" data-testid="guest-pass-note">
        {t('shop.guest.passNote')}
      </Typography.Text>
      {order.isError && <ProblemAlert error={order.error} onRetry={() => void order.refetch()} />}
      {item.status === 'created' && <Alert type="info" showIcon title={t('shop.guest.unpaid')} />}
      {hasKeysToReveal(item) && (
        // Keyed by the history too: keys the shop replaced in a dispute are revealed afresh.
        <OrderKeys
          key={`${item.id}:${item.timeline.length}`}
          reveal={() => revealGuestKeys(access.orderId, access.password)}
        />
      )}
      <DisputePanel order={item} asker={asker} />
      <OrderDetails order={item} />
      <OrderChat side="buyer" orderId={item.id} asker={asker} shopName={item.shopName} />
    </Flex>
  );
}
