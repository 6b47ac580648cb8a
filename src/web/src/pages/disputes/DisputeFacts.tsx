import { Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../../common/money.js';
import type { DisputeView } from '../../api/disputes.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { appealsOf, disputeStatusColor, noteText } from './labels.js';

export function DisputeStatusTag({ dispute }: { dispute: DisputeView }) {
  const { t } = useTranslation();
  return (
    <Tag color={disputeStatusColor(dispute.status)} data-testid="dispute-status" data-status={dispute.status}>
      {t(`disputes.status.${dispute.status}`)}
    </Tag>
  );
}

/** The merchant's answer in words: "部分退款 ¥4.00", "补发卡密 1 张", with the merchant's note. */
export function AnswerText({ dispute }: { dispute: DisputeView }) {
  const { t } = useTranslation();
  const response = dispute.response;
  if (!response) return null;
  const headline =
    response.action === 'partial_refund' && response.amount !== null
      ? t('disputes.answer.partial_refund', { amount: formatMoney(response.amount, 'CNY') })
      : response.action === 'replace'
        ? t('disputes.answer.replace', { count: response.replacedKeys })
        : t(`disputes.answer.${response.action}`);
  return (
    <span className="dispute-text" data-testid="dispute-answer" data-action={response.action}>
      <Typography.Text strong>{headline}</Typography.Text>
      {response.note && <div>{response.note}</div>}
    </span>
  );
}

/**
 * One dispute as every side reads it: what the buyer asked and why, the merchant's answer, and once
 * decided the outcome, the refund, who decided and the written reason, then each side's appeal and its
 * result.
 */
export function DisputeFacts({
  dispute,
  showOrder = false,
  showStatus = true,
}: {
  dispute: DisputeView;
  showOrder?: boolean;
  /** Off where the status already shows beside the title. */
  showStatus?: boolean;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const cny = (amount: number) => formatMoney(amount, 'CNY');
  const Item = Descriptions.Item;
  return (
    <Descriptions column={1} size="small" bordered className="dispute-facts" data-testid="dispute-facts">
      {showOrder && (
        <Item label={t('disputes.facts.order')}>
          <span className="dispute-text">
            {dispute.orderTitle} · {cny(dispute.orderAmount)}
          </span>
        </Item>
      )}
      {showStatus && (
        <Item label={t('disputes.facts.status')}>
          <DisputeStatusTag dispute={dispute} />
        </Item>
      )}
      <Item label={t('disputes.facts.reason')}>
        <span data-testid="dispute-reason">{t(`disputes.reason.${dispute.reason}`)}</span>
      </Item>
      <Item label={t('disputes.facts.description')}>
        <span className="dispute-text" data-testid="dispute-description">
          {dispute.description}
        </span>
      </Item>
      <Item label={t('disputes.facts.requested')}>{cny(dispute.requestedAmount)}</Item>
      <Item label={t('disputes.facts.openedAt')}>{formatDateTime(dispute.openedAt, locale)}</Item>
      {dispute.settledBefore && <Item label={t('disputes.facts.settledBefore')}>{t('disputes.yes')}</Item>}
      {dispute.response && (
        <Item label={t('disputes.facts.answer')}>
          <AnswerText dispute={dispute} />
        </Item>
      )}
      {dispute.outcome && (
        <Item label={t('disputes.facts.outcome')}>
          <span data-testid="dispute-outcome" data-outcome={dispute.outcome}>
            {t(`disputes.outcome.${dispute.outcome}`)}
          </span>
        </Item>
      )}
      {dispute.refundAmount > 0 && (
        <Item label={t('disputes.facts.refund')}>
          <Typography.Text strong data-testid="dispute-refund">
            {cny(dispute.refundAmount)}
          </Typography.Text>
        </Item>
      )}
      {dispute.decidedBy && dispute.decidedAt && (
        <Item label={t('disputes.facts.decidedBy')}>
          {t(`disputes.decidedBy.${dispute.decidedBy}`, { defaultValue: dispute.decidedBy })} ·{' '}
          {formatDateTime(dispute.decidedAt, locale)}
        </Item>
      )}
      {dispute.decisionNote && (
        <Item label={t('disputes.facts.decisionNote')}>
          <span className="dispute-text" data-testid="dispute-decision-note">
            {noteText(dispute.decisionNote, t)}
          </span>
        </Item>
      )}
      {appealsOf(dispute).map((appeal) => (
        <Item key={appeal.side} label={t(`disputes.facts.appealBy.${appeal.side}`)}>
          <span
            className="dispute-text"
            data-testid="dispute-appeal"
            data-side={appeal.side}
            data-result={appeal.result ?? 'pending'}
          >
            <Typography.Text strong data-testid="dispute-appeal-result">
              {appeal.result
                ? t('disputes.facts.appealResult', { result: t(`disputes.appealResult.${appeal.result}`) })
                : t('disputes.facts.appealPending')}
            </Typography.Text>
            {appeal.note && <div>{appeal.note}</div>}
          </span>
        </Item>
      ))}
    </Descriptions>
  );
}
