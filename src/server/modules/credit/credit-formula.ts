import type { SanctionLevel } from '../../../common/api/credit.js';
import { HOUR_MS, MINUTE_MS } from '../../platform/clock.js';

/**
 * The published credit formula (docs/BUYER-PROTECTION.md "Credit"). Pure: the same facts give the same
 * score everywhere — the shop page, the merchant console, the sanction review, and a reader checking it.
 *
 *   score = 60 + volume + response − lost − missed, clamped to 0–100, where over the last 180 days
 *   volume   = min(25, 8 · log10(1 + completed orders))
 *   response = +15 (median first reply ≤ 15 min), +10 (≤ 1 h), +5 (≤ 4 h), 0 (≤ 24 h or no chats), −5
 *   lost     = 400 · disputes lost ÷ (completed + disputes lost + 20)
 *   missed   = 300 · deadlines missed ÷ (completed + deadlines missed + 20)
 *
 * The "+ 20" is a prior: a new shop's first mistake costs it about 19 points, not everything.
 */
export interface CreditFacts {
  completedOrders: number;
  disputes: number;
  disputesLost: number;
  deadlinesMissed: number;
  medianFirstResponseMs: number | null;
}

export interface CreditScore {
  score: number;
  parts: Array<{ code: string; points: number }>;
  disputeRateBps: number;
  level: SanctionLevel;
}

export const CREDIT_WINDOW_DAYS = 180;
const BASE = 60;
const PRIOR = 20;

/** Sanctions by score: a warning below 50, listings hidden below 35, the shop suspended below 20. */
export const SANCTION_THRESHOLDS: ReadonlyArray<{ below: number; level: SanctionLevel }> = [
  { below: 20, level: 'suspended' },
  { below: 35, level: 'listings_hidden' },
  { below: 50, level: 'warning' },
];

function responsePoints(medianMs: number | null): number {
  if (medianMs === null) return 0;
  if (medianMs <= 15 * MINUTE_MS) return 15;
  if (medianMs <= HOUR_MS) return 10;
  if (medianMs <= 4 * HOUR_MS) return 5;
  if (medianMs <= 24 * HOUR_MS) return 0;
  return -5;
}

export function creditScore(facts: CreditFacts): CreditScore {
  const completed = facts.completedOrders;
  const parts = [
    { code: 'base', points: BASE },
    { code: 'volume', points: Math.round(Math.min(25, 8 * Math.log10(1 + completed))) },
    { code: 'response', points: responsePoints(facts.medianFirstResponseMs) },
    {
      code: 'disputes_lost',
      points: -Math.round((400 * facts.disputesLost) / (completed + facts.disputesLost + PRIOR)),
    },
    {
      code: 'deadlines_missed',
      points: -Math.round((300 * facts.deadlinesMissed) / (completed + facts.deadlinesMissed + PRIOR)),
    },
  ];
  const score = Math.max(
    0,
    Math.min(
      100,
      parts.reduce((sum, part) => sum + part.points, 0),
    ),
  );
  const level = SANCTION_THRESHOLDS.find((t) => score < t.below)?.level ?? 'none';
  const disputeRateBps = Math.round((10_000 * facts.disputes) / Math.max(1, completed + facts.disputes));
  return { score, parts, disputeRateBps, level };
}
