import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderView } from '../../../../../common/api/orders.js';
import { SIGNED_IN, type Asker } from '../../../api/asker.js';
import { BALANCES_QUERY_KEY } from '../../../api/endpoints.js';
import { getOrderDispute, orderDisputeKey, type DisputeView } from '../../../api/disputes.js';
import { useNow } from '../../../components/countdown.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { DisputeDeadline } from '../DisputeDeadline.js';
import { DisputeFacts, DisputeStatusTag } from '../DisputeFacts.js';
import { AFTER_SETTLEMENT_MS, OPEN_STATUSES } from '../labels.js';
import { BuyerActions } from './BuyerActions.js';
import { OpenDisputeModal } from './OpenDisputeModal.js';
import '../disputes.css';

/**
 * The order can be disputed now: delivered, or settled less than 7 days ago with money left to refund; a
 * guest order only by its guest (with the pass). Opening needs no dispute yet; reopening a withdrawn one
 * (the same POST: the server reuses it) needs the same.
 */
function isDisputable(order: OrderView, now: number, asker: Asker): boolean {
  if (order.guest && asker.kind !== 'guest') return false;
  if (order.status === 'delivered') return true;
  return (
    order.status === 'settled' &&
    order.settledAt !== null &&
    now - new Date(order.settledAt).getTime() < AFTER_SETTLEMENT_MS &&
    order.refundedAmount < order.amount
  );
}

/**
 * Everything a dispute changes on the page: the order (status, refunds, timeline; a guest's order query
 * sits under `['orders']` too, read again with the pass), the wallet.
 */
function useRefreshOrder(orderId: string, asker: Asker) {
  const queryClient = useQueryClient();
  return async (dispute?: DisputeView) => {
    if (dispute) queryClient.setQueryData(orderDisputeKey(orderId, asker), dispute);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: orderDisputeKey(orderId, asker) }),
      queryClient.invalidateQueries({ queryKey: ['orders'] }),
      queryClient.invalidateQueries({ queryKey: BALANCES_QUERY_KEY }),
    ]);
  };
}

/**
 * 申请售后 on the buyer's order page (the signed-in buyer's, or a guest's with the pass), or the dispute
 * with its deadline, the answer and the next moves.
 */
export function DisputePanel({ order, asker = SIGNED_IN }: { order: OrderView; asker?: Asker }) {
  const { t } = useTranslation();
  const now = useNow(60_000);
  const disputable = isDisputable(order, now, asker);
  if (order.disputeId !== null) return <BuyerDispute order={order} asker={asker} mayReopen={disputable} />;
  if (!disputable) return null;
  return (
    <Card size="small" data-testid="dispute-panel">
      <OpenDispute order={order} asker={asker} invite={t('disputes.buyer.invite')} again={false} />
    </Card>
  );
}

/** The invitation and 申请售后 (or, after a withdrawal, 重新申请售后) with its form. */
function OpenDispute({
  order,
  asker,
  invite,
  again,
}: {
  order: OrderView;
  asker: Asker;
  invite: string;
  again: boolean;
}) {
  const { t } = useTranslation();
  const [opening, setOpening] = useState(false);
  const refresh = useRefreshOrder(order.id, asker);
  const label = again ? t('disputes.buyer.reapply') : t('disputes.buyer.apply');
  return (
    <Flex vertical gap={8} align="start">
      <Typography.Text type="secondary">{invite}</Typography.Text>
      <Button onClick={() => setOpening(true)} data-testid={again ? 'dispute-reopen' : 'dispute-open'}>
        {label}
      </Button>
      {opening && (
        <OpenDisputeModal
          order={order}
          asker={asker}
          title={label}
          onClose={() => setOpening(false)}
          onOpened={(dispute) => {
            setOpening(false);
            void refresh(dispute);
          }}
        />
      )}
    </Flex>
  );
}

function BuyerDispute({ order, asker, mayReopen }: { order: OrderView; asker: Asker; mayReopen: boolean }) {
  const { t } = useTranslation();
  const refresh = useRefreshOrder(order.id, asker);
  const dispute = useQuery({
    queryKey: orderDisputeKey(order.id, asker),
    queryFn: () => getOrderDispute(order.id, asker),
  });
  if (dispute.isError) return <ProblemAlert error={dispute.error} onRetry={() => void dispute.refetch()} />;
  if (dispute.isPending) return <Skeleton active />;
  const item = dispute.data;
  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center" wrap>
          {t('disputes.buyer.title')}
          <DisputeStatusTag dispute={item} />
        </Flex>
      }
      data-testid="dispute-panel"
      data-dispute-id={item.id}
    >
      <Flex vertical gap="middle">
        <DisputeDeadline dispute={item} />
        {item.status === 'awaiting_buyer' && (
          <Alert
            type="warning"
            showIcon
            title={t('disputes.buyer.yourTurn')}
            data-testid="dispute-your-turn"
          />
        )}
        <DisputeFacts dispute={item} showStatus={false} />
        <BuyerActions dispute={item} asker={asker} onChanged={() => void refresh()} />
        {item.status === 'withdrawn' && mayReopen && (
          <OpenDispute order={order} asker={asker} invite={t('disputes.buyer.reapplyInvite')} again />
        )}
        {OPEN_STATUSES.includes(item.status) && (
          <Typography.Text type="secondary" data-testid="dispute-evidence-hint">
            {t('disputes.buyer.evidenceHint')}
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
}
