import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DisputeView } from '../../api/disputes.js';
import { formatSpan, URGENT_MS, useNow } from '../../components/countdown.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { currentDeadline } from './labels.js';

/**
 * Whose move it is and the time left, ticking: the merchant's 24 h, the buyer's review, the platform's
 * 48 h target. Red from `urgentMs` before the deadline and once it has passed.
 */
export function DisputeDeadline({
  dispute,
  urgentMs = URGENT_MS,
}: {
  dispute: DisputeView;
  urgentMs?: number;
}) {
  const { t } = useTranslation();
  const now = useNow();
  const deadline = currentDeadline(dispute);
  if (!deadline) return null;
  const left = new Date(deadline.at).getTime() - now;
  const urgent = left < urgentMs;
  const time = formatSpan(left);
  return (
    <Typography.Text
      className={urgent ? 'dispute-deadline is-urgent' : 'dispute-deadline'}
      title={formatDateTime(deadline.at, currentLocale())}
      data-testid="dispute-countdown"
      data-holder={deadline.holder}
      data-urgent={urgent ? 'true' : 'false'}
    >
      {left >= 0
        ? t(`disputes.deadline.${deadline.holder}`, { time })
        : t(`disputes.deadline.${deadline.holder}Overdue`, { time })}
    </Typography.Text>
  );
}
