import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DisputeView } from '../../api/disputes.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { noteText, stepReasonText } from './labels.js';

/** The dispute's own steps, oldest first: what happened, when, and the words each side wrote. */
export function DisputeSteps({ dispute }: { dispute: DisputeView }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <Timeline
      data-testid="dispute-steps"
      items={dispute.timeline.map((step, index) => ({
        key: index,
        color: step.to === 'resolved' || step.to === 'final' ? 'green' : 'blue',
        content: (
          <>
            <Typography.Text strong>
              {stepReasonText(step.reasonCode, t) ??
                t(`disputes.status.${step.to}`, { defaultValue: step.to })}
            </Typography.Text>
            <br />
            <Typography.Text type="secondary">{formatDateTime(step.at, locale)}</Typography.Text>
            {step.note && <div className="dispute-text">{noteText(step.note, t)}</div>}
          </>
        ),
      }))}
    />
  );
}
