import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Flex, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DISPUTES_KEY, getStaffDispute, type StaffDisputeView } from '../../../api/disputes.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { hasAnyRole, useMe } from '../../../session/session.js';
import { OrderDetails } from '../../shop/OrderDetails.js';
import { DisputeDeadline } from '../DisputeDeadline.js';
import { DisputeFacts } from '../DisputeFacts.js';
import { AppealDecisionForm } from './AppealDecisionForm.js';
import { DecisionForm } from './DecisionForm.js';
import { StaffChat } from './StaffChat.js';
import '../disputes.css';

/** The form that fits the dispute's stage and the reader's role, or why there is none. */
function Decide({ dispute }: { dispute: StaffDisputeView }) {
  const { t } = useTranslation();
  const isAdmin = hasAnyRole(useMe().data, ['admin']);
  if (dispute.status === 'escalated') return <DecisionForm dispute={dispute} />;
  if (dispute.status === 'appealed')
    return isAdmin ? (
      <AppealDecisionForm dispute={dispute} />
    ) : (
      <Alert type="info" showIcon title={t('disputes.admin.appealForAdmins')} />
    );
  return (
    <Alert type="info" showIcon title={t('disputes.admin.nothingToDecide')} data-testid="decision-none" />
  );
}

/**
 * `/admin/disputes/:disputeId`: the dispute and the decision form, the order (timeline, payments) and
 * the order chat side by side; stacked on a phone.
 */
export function DisputeDecisionPage() {
  const { t } = useTranslation();
  const { disputeId = '' } = useParams();
  const dispute = useQuery({
    queryKey: [DISPUTES_KEY, 'staff', disputeId],
    queryFn: () => getStaffDispute(disputeId),
  });
  if (dispute.isError) return <ProblemAlert error={dispute.error} onRetry={() => void dispute.refetch()} />;
  if (dispute.isPending) return <Skeleton active />;
  const item = dispute.data;

  return (
    <Flex vertical gap="middle" data-testid="dispute-decision-page" data-status={item.status}>
      <Link to="/admin/disputes">{t('disputes.admin.backToQueue')}</Link>
      <Typography.Title level={2} className="page-title dispute-text">
        {t('disputes.admin.decisionTitle', { title: item.orderTitle })}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8} className="dispute-column">
          <Card size="small" title={t('disputes.admin.dispute')}>
            <Flex vertical gap="middle">
              <DisputeDeadline dispute={item} />
              <DisputeFacts dispute={item} showOrder />
              <Decide dispute={item} />
            </Flex>
          </Card>
        </Col>
        <Col xs={24} xl={8} className="dispute-column" data-testid="dispute-order">
          {item.order ? (
            <OrderDetails order={item.order} />
          ) : (
            <Alert type="warning" title={t('disputes.admin.noOrder')} />
          )}
        </Col>
        <Col xs={24} xl={8} className="dispute-column">
          <StaffChat orderId={item.orderId} shopName={item.order?.shopName ?? ''} />
        </Col>
      </Row>
    </Flex>
  );
}
