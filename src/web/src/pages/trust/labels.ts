import type { CreditView, PayoutStatus, SanctionLevel } from '../../api/trust.js';

/**
 * Words, colours and numbers of merchant trust, shared by the shop page, the merchant console and the
 * admin console. The rules they mirror are the server's (docs/BUYER-PROTECTION.md "Credit", "Closing").
 */

/** The parts of the score in the order the server sends them and the formula adds them up. */
export const CREDIT_PARTS = ['base', 'volume', 'response', 'disputes_lost', 'deadlines_missed'] as const;
export type CreditPart = (typeof CREDIT_PARTS)[number];

function isCreditPart(code: string): code is CreditPart {
  return (CREDIT_PARTS as readonly string[]).includes(code);
}

/** The parts this screen knows words for (a part the server adds later shows once it has them). */
export function namedParts(credit: Pick<CreditView, 'parts'>): Array<{ code: CreditPart; points: number }> {
  return credit.parts.flatMap(({ code, points }) => (isCreditPart(code) ? [{ code, points }] : []));
}

/** Sanctions by score, worst first: the line a shop crossed is the reason it is sanctioned. */
export const SANCTION_BELOW: Readonly<Record<Exclude<SanctionLevel, 'none'>, number>> = {
  suspended: 20,
  listings_hidden: 35,
  warning: 50,
};

/** A shop keeps selling this long after announcing that it closes (电子商务法 Art 16). */
export const CLOSING_NOTICE_DAYS = 30;

/** "+8" / "−17" / "0": a part's points as they add to the score (a real minus sign). */
export function signedPoints(points: number): string {
  if (points > 0) return `+${points}`;
  if (points < 0) return `−${-points}`;
  return '0';
}

/** Basis points as a percentage without floats: 250 → "2.5%", 10000 → "100%". */
export function percentFromBps(bps: number): string {
  const whole = Math.floor(bps / 100);
  const fraction = String(bps % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}%` : `${whole}%`;
}

/** Green from 80 (a trusted shop's score), red where a sanction starts. */
export function scoreColor(score: number): string {
  if (score < SANCTION_BELOW.suspended) return '#cf1322';
  if (score < SANCTION_BELOW.listings_hidden) return '#d4380d';
  if (score < SANCTION_BELOW.warning) return '#d48806';
  if (score >= 80) return '#389e0d';
  return '#1677ff';
}

export function sanctionColor(level: SanctionLevel): string {
  switch (level) {
    case 'none':
      return 'green';
    case 'warning':
      return 'gold';
    case 'listings_hidden':
      return 'volcano';
    case 'suspended':
      return 'red';
  }
}

/** An admin set the sanction by hand: what applies differs from what the formula says. */
export function isManualSanction(credit: Pick<CreditView, 'level' | 'current'>): boolean {
  return credit.level !== credit.current;
}

export function payoutStatusColor(status: PayoutStatus): string {
  switch (status) {
    case 'requested':
      return 'gold';
    case 'paid':
      return 'green';
    case 'rejected':
      return 'red';
    case 'cancelled':
      return 'default';
  }
}

/** Whether the closing date has come: before it the shop still sells, after it only finishes its work. */
export function hasStoppedSelling(closesAt: string, now: number): boolean {
  return new Date(closesAt).getTime() <= now;
}
