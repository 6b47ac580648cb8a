import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** In the order drawer: the order has a dispute, one tap away on the 售后 page. */
export function OrderDisputeLink({ disputeId }: { disputeId: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      className="form-alert"
      title={t('disputes.merchant.orderHasDispute')}
      action={
        <Link to={`/merchant/disputes?status=all&dispute=${encodeURIComponent(disputeId)}`}>
          <Button size="small" data-testid="order-dispute-link">
            {t('disputes.list.view')}
          </Button>
        </Link>
      }
    />
  );
}
