import { Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreditView } from '../../api/trust.js';
import { formatResponseTime } from '../chat/responseTime.js';
import { CreditFormula } from './CreditFormula.js';
import {
  namedParts,
  percentFromBps,
  sanctionColor,
  scoreColor,
  signedPoints,
  type CreditPart,
} from './labels.js';
import './trust.css';

/** The score in its colour, the dispute rate beside it, and the way to the published formula. */
export function CreditHeadline({ credit, showLevel = false }: { credit: CreditView; showLevel?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex gap="large" wrap align="flex-end" data-testid="credit-headline">
      <Flex vertical>
        <Typography.Text type="secondary">{t('trust.credit.score')}</Typography.Text>
        <span className="trust-score">
          <span style={{ color: scoreColor(credit.score) }} data-testid="credit-score">
            {credit.score}
          </span>{' '}
          <Typography.Text type="secondary">{t('trust.credit.outOf')}</Typography.Text>
        </span>
      </Flex>
      <Flex vertical>
        <Typography.Text type="secondary">{t('trust.credit.disputeRate')}</Typography.Text>
        <span className="trust-rate" data-testid="credit-dispute-rate">
          {percentFromBps(credit.disputeRateBps)}
        </span>
      </Flex>
      {showLevel && (
        <Tag color={sanctionColor(credit.current)} data-testid="credit-level" data-level={credit.current}>
          {t(`trust.credit.level.${credit.current}`)}
        </Tag>
      )}
      <CreditFormula windowDays={credit.windowDays} />
    </Flex>
  );
}

/** Each part of the score with its points and, in words, what it counts and how. */
export function CreditParts({ credit }: { credit: CreditView }) {
  const { t } = useTranslation();
  const { facts } = credit;
  const hint = (code: CreditPart): string => {
    switch (code) {
      case 'base':
        return t('trust.credit.partHint.base');
      case 'volume':
        return t('trust.credit.partHint.volume', { count: facts.completedOrders });
      case 'response':
        return facts.medianFirstResponseMs === null
          ? t('trust.credit.partHint.responseNone')
          : t('trust.credit.partHint.response', {
              time: formatResponseTime(facts.medianFirstResponseMs, t),
            });
      case 'disputes_lost':
        return t('trust.credit.partHint.disputes_lost', { count: facts.disputesLost });
      case 'deadlines_missed':
        return t('trust.credit.partHint.deadlines_missed', { count: facts.deadlinesMissed });
    }
  };
  return (
    <Flex vertical gap={4}>
      <ul className="trust-parts" data-testid="credit-parts">
        {namedParts(credit).map((part) => (
          <li key={part.code} data-testid="credit-part" data-code={part.code} data-points={part.points}>
            <Flex justify="space-between" gap={8}>
              <Typography.Text strong>{t(`trust.credit.parts.${part.code}`)}</Typography.Text>
              <Typography.Text strong className={part.points < 0 ? 'trust-minus' : undefined}>
                {signedPoints(part.points)}
              </Typography.Text>
            </Flex>
            <Typography.Text type="secondary" className="trust-hint">
              {hint(part.code)}
            </Typography.Text>
          </li>
        ))}
      </ul>
      <Typography.Text type="secondary" className="trust-hint">
        {t('trust.credit.window', { days: credit.windowDays })}
      </Typography.Text>
    </Flex>
  );
}

/** The facts the score is computed from, as the shop and staff check them. */
export function CreditFacts({ credit }: { credit: CreditView }) {
  const { t } = useTranslation();
  const { facts } = credit;
  const median = facts.medianFirstResponseMs;
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      className="trust-facts"
      data-testid="credit-facts"
      items={[
        { key: 'completed', label: t('trust.credit.facts.completedOrders'), children: facts.completedOrders },
        { key: 'disputes', label: t('trust.credit.facts.disputes'), children: facts.disputes },
        { key: 'lost', label: t('trust.credit.facts.disputesLost'), children: facts.disputesLost },
        { key: 'missed', label: t('trust.credit.facts.deadlinesMissed'), children: facts.deadlinesMissed },
        {
          key: 'reply',
          label: t('trust.credit.facts.medianReply'),
          children: median === null ? t('trust.credit.facts.noReply') : formatResponseTime(median, t),
        },
        {
          key: 'rate',
          label: t('trust.credit.disputeRate'),
          children: (
            <Flex vertical>
              <span>{percentFromBps(credit.disputeRateBps)}</span>
              <Typography.Text type="secondary" className="trust-hint">
                {t('trust.credit.disputeRateHint', { days: credit.windowDays })}
              </Typography.Text>
            </Flex>
          ),
        },
      ]}
    />
  );
}
