import { DAY_MS, HOUR_MS } from '../../platform/clock.js';
import { defineStateMachine } from '../../platform/state-machine.js';
import type { DisputeStatus } from './disputes.tables.js';

/**
 * A dispute's life (ADR 0008, after Eldorado TradeShield and Taobao 售后). The merchant answers within
 * 24 h — refunding ends it; offering part, replacing keys or contesting hands it to the buyer, who
 * accepts or escalates to an agent. A merchant who stays silent loses: the buyer is refunded. An agent's
 * (or the deadline's) decision can be appealed by each side once, within 7 days, to an admin; a buyer who
 * withdrew may reopen while the order can still be disputed. Steps are recorded
 * under the order's id (one dispute per order), so they appear on the order's timeline.
 */
export const disputeLifecycle = defineStateMachine<DisputeStatus>({
  name: 'dispute',
  initial: 'awaiting_merchant',
  transitions: {
    awaiting_merchant: ['awaiting_buyer', 'resolved', 'withdrawn'],
    awaiting_buyer: ['resolved', 'escalated', 'withdrawn'],
    escalated: ['resolved', 'withdrawn'],
    resolved: ['appealed'],
    // After an appeal is decided, the other side may still appeal once (back to resolved) — or not.
    appealed: ['final', 'resolved'],
    // A buyer who withdrew may open it again while the order can still be disputed.
    withdrawn: ['awaiting_merchant'],
    final: [],
  },
});

export const OPEN_DISPUTE_STATUSES: readonly DisputeStatus[] = [
  'awaiting_merchant',
  'awaiting_buyer',
  'escalated',
];

/** The published clock of a dispute (docs/BUYER-PROTECTION.md). */
export const DISPUTE_TIMES = {
  /** The merchant must answer within this; silence refunds the buyer. */
  merchantResponseMs: 24 * HOUR_MS,
  /** The merchant is reminded this long before that deadline. */
  merchantReminderMs: 4 * HOUR_MS,
  /** The buyer reviews the merchant's answer within this; silence accepts it. */
  buyerReviewMs: 72 * HOUR_MS,
  /** The target for an agent's decision once escalated, shown to both sides. */
  decisionTargetMs: 48 * HOUR_MS,
  /** Either side may appeal a decision once within this. */
  appealWindowMs: 7 * DAY_MS,
  /** A settled order can still be disputed this long after settlement (a key that stops working). */
  afterSettlementMs: 7 * DAY_MS,
} as const;
