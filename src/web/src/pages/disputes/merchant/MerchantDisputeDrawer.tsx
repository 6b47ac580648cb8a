import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Flex, Grid, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { appealAsMerchant, DISPUTES_KEY, getShopDispute } from '../../../api/disputes.js';
import { useNow } from '../../../components/countdown.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { OrderDetailDrawer } from '../../merchant/OrderDetailDrawer.js';
import { MERCHANT_KEY } from '../../merchant/shopQuery.js';
import { DisputeDeadline } from '../DisputeDeadline.js';
import { DisputeFacts } from '../DisputeFacts.js';
import { DisputeSteps } from '../DisputeSteps.js';
import { canAppeal, MERCHANT_URGENT_MS } from '../labels.js';
import { NoteModal } from '../NoteModal.js';
import { AnswerForm } from './AnswerForm.js';

/**
 * One dispute of the shop: the buyer's reason and words, the order, the answer form while it is the
 * shop's turn, the appeal while a decision can still be appealed, and every step so far.
 */
export function MerchantDisputeDrawer({ disputeId, onClose }: { disputeId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const queryClient = useQueryClient();
  const now = useNow(30_000);
  const [orderOpen, setOrderOpen] = useState(false);
  const [appealing, setAppealing] = useState(false);
  const dispute = useQuery({
    queryKey: [MERCHANT_KEY, DISPUTES_KEY, 'one', disputeId],
    queryFn: () => getShopDispute(disputeId),
  });
  const data = dispute.data;

  return (
    <Drawer
      open
      onClose={onClose}
      title={t('disputes.merchant.detailTitle')}
      size={screens.md ? 640 : '100%'}
      data-testid="dispute-detail"
    >
      {dispute.isPending && <Spin />}
      {dispute.isError && <ProblemAlert error={dispute.error} onRetry={() => void dispute.refetch()} />}
      {data && (
        <Flex vertical gap="middle">
          <DisputeDeadline dispute={data} urgentMs={MERCHANT_URGENT_MS} />
          <DisputeFacts dispute={data} showOrder />
          <Flex gap={8} wrap>
            <Button onClick={() => setOrderOpen(true)} data-testid="dispute-open-order">
              {t('disputes.merchant.openOrder')}
            </Button>
            {canAppeal(data, 'merchant', now) && (
              <Button onClick={() => setAppealing(true)} data-testid="dispute-appeal-open">
                {t('disputes.appeal')}
              </Button>
            )}
          </Flex>
          <Typography.Text type="secondary">{t('disputes.merchant.evidenceHint')}</Typography.Text>
          {data.status === 'awaiting_merchant' && <AnswerForm dispute={data} />}
          <Typography.Title level={5}>{t('disputes.stepsTitle')}</Typography.Title>
          <DisputeSteps dispute={data} />
        </Flex>
      )}
      {orderOpen && data && <OrderDetailDrawer orderId={data.orderId} onClose={() => setOrderOpen(false)} />}
      {appealing && (
        <NoteModal
          title={t('disputes.appealTitle')}
          intro={t('disputes.appealIntro')}
          label={t('disputes.appealNote')}
          okText={t('disputes.appeal')}
          submit={(note) => appealAsMerchant(disputeId, note)}
          onDone={() => {
            setAppealing(false);
            void queryClient.invalidateQueries({ queryKey: [MERCHANT_KEY] });
          }}
          onClose={() => setAppealing(false)}
          testId="dispute-appeal"
        />
      )}
    </Drawer>
  );
}
