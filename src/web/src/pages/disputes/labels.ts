import type { TFunction } from 'i18next';
import type { DisputeStatusName, DisputeView } from '../../api/disputes.js';

/**
 * Words and colours for disputes, shared by the buyer's order page, the merchant console and support.
 * The reason codes are the server's (dispute steps, order steps a dispute caused, notes a deadline wrote).
 */
export const DISPUTE_REASONS = ['key_invalid', 'not_received', 'wrong_item', 'other'] as const;

export const HOUR_MS = 60 * 60 * 1000;
/** The server reminds a merchant this long before the 24 h answer deadline: the console turns red too. */
export const MERCHANT_URGENT_MS = 4 * HOUR_MS;
/** A settled order can still be disputed this long after settlement (docs/BUYER-PROTECTION.md). */
export const AFTER_SETTLEMENT_MS = 7 * 24 * HOUR_MS;

export const OPEN_STATUSES: readonly DisputeStatusName[] = [
  'awaiting_merchant',
  'awaiting_buyer',
  'escalated',
];

export function disputeStatusColor(status: DisputeStatusName): string {
  switch (status) {
    case 'awaiting_merchant':
    case 'awaiting_buyer':
      return 'gold';
    case 'escalated':
    case 'appealed':
      return 'volcano';
    case 'resolved':
    case 'final':
      return 'green';
    case 'withdrawn':
      return 'default';
  }
}

export type DeadlineHolder = 'merchant' | 'buyer' | 'platform';

/** The deadline that runs now and whose it is; none once the dispute is closed. */
export function currentDeadline(dispute: DisputeView): { holder: DeadlineHolder; at: string } | null {
  switch (dispute.status) {
    case 'awaiting_merchant':
      return { holder: 'merchant', at: dispute.merchantDueAt };
    case 'awaiting_buyer':
      return dispute.buyerDueAt ? { holder: 'buyer', at: dispute.buyerDueAt } : null;
    case 'escalated':
    case 'appealed':
      return dispute.decisionDueAt ? { holder: 'platform', at: dispute.decisionDueAt } : null;
    case 'resolved':
    case 'withdrawn':
    case 'final':
      return null;
  }
}

/** An appeal is still possible: an agent's or a deadline's decision, inside its 7 days. */
export function canAppeal(dispute: DisputeView, now: number): boolean {
  return (
    dispute.status === 'resolved' &&
    dispute.appealUntil !== null &&
    new Date(dispute.appealUntil).getTime() > now
  );
}

/** What a timeline step did, in words: "商家补发卡密"; null for steps whose state already says it all. */
export function stepReasonText(reasonCode: string, t: TFunction): string | null {
  const text = t(`disputes.steps.${reasonCode}`, { defaultValue: '' });
  return text === '' ? null : text;
}

/**
 * A note in words. Most notes are what a person wrote; a few are codes a deadline or a refund wrote
 * (`merchant_silent_24h`, `delivery_deadline_passed`, `dispute key_invalid`).
 */
export function noteText(note: string, t: TFunction): string {
  const refund = /^dispute (\w+)$/.exec(note);
  if (refund) {
    const reason = t(`disputes.reason.${refund[1]}`, { defaultValue: refund[1] ?? '' });
    return t('disputes.notes.disputeRefund', { reason });
  }
  // Only a code is looked up: what a person wrote is shown as written.
  return /^[a-z0-9_]+$/.test(note) ? t(`disputes.notes.${note}`, { defaultValue: note }) : note;
}

/** A timeline step's headline: the order's state, or "售后 · 等待商家处理" for the dispute's. */
export function stepTitle(
  step: { machine?: 'order' | 'dispute'; to: string },
  orderStatusText: (status: string) => string,
  t: TFunction,
): string {
  if (step.machine !== 'dispute') return orderStatusText(step.to);
  return t('disputes.stepTitle', {
    status: t(`disputes.status.${step.to}`, { defaultValue: step.to }),
  });
}
