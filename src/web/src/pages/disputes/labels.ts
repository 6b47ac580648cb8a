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

export type Side = 'buyer' | 'merchant';

/**
 * `side` may still appeal: an agent's or a deadline's decision, inside its 7 days, and once per side (after
 * one side's appeal is decided the dispute is `resolved` again while the other may still appeal). Each
 * side only when the appeal could change something for it: the buyer while money is left to refund (an
 * admin who overturns for the buyer must refund more, so with nothing left the appeal could only be
 * upheld; a released dispute leaves the whole order to refund), the shop when it lost money (overturning
 * a refund gives its credit back; a release it won has nothing to give back).
 */
export function canAppeal(dispute: DisputeView, side: Side, now: number): boolean {
  const appealed = side === 'buyer' ? dispute.buyerAppealed : dispute.merchantAppealed;
  const couldChange = side === 'buyer' ? dispute.refundableLeft > 0 : dispute.refundAmount > 0;
  return (
    dispute.status === 'resolved' &&
    !appealed &&
    couldChange &&
    dispute.appealUntil !== null &&
    new Date(dispute.appealUntil).getTime() > now
  );
}

export interface AppealFact {
  side: Side;
  note: string | null;
  /** null while an admin has not decided it. */
  result: 'upheld' | 'overturned' | null;
}

/**
 * Every appeal so far, oldest first, read from the dispute's steps: the view's `appealedBy`,
 * `appealNote` and `appealResult` describe only the latest, and each side may appeal once.
 */
export function appealsOf(dispute: DisputeView): AppealFact[] {
  const appeals: AppealFact[] = [];
  for (const step of dispute.timeline) {
    const side = /^appealed_by_(buyer|merchant)$/.exec(step.reasonCode)?.[1];
    if (side === 'buyer' || side === 'merchant') appeals.push({ side, note: step.note, result: null });
    const result = /^appeal_(upheld|overturned)$/.exec(step.reasonCode)?.[1];
    const pending = appeals.at(-1);
    if ((result === 'upheld' || result === 'overturned') && pending?.result === null) pending.result = result;
  }
  return appeals;
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
