import type { Generated } from 'kysely';

/** Disputes (售后, ADR 0008): one per order; the lifecycle is in dispute-lifecycle.ts. */
export type DisputeStatus =
  'awaiting_merchant' | 'awaiting_buyer' | 'escalated' | 'resolved' | 'withdrawn' | 'appealed' | 'final';

export type DisputeReason = 'key_invalid' | 'not_received' | 'wrong_item' | 'other';
export type DisputeOutcome = 'refund_full' | 'refund_partial' | 'release' | 'replaced' | 'withdrawn';

export interface DisputesTable {
  id: string;
  order_id: string;
  /** Null for a guest order: the guest acts with the order's pass. */
  buyer_id: string | null;
  merchant_id: string;
  status: DisputeStatus;
  reason: DisputeReason;
  description: string;
  /** What the buyer asks back, in 分 (at most what is left of the order). */
  requested_amount: number;
  /** 1 when the order had already settled when the dispute opened (the money comes back by clawback). */
  settled_before: number;
  merchant_due_at: string;
  buyer_due_at: string | null;
  decision_due_at: string | null;
  appeal_until: string | null;
  /** JSON `MerchantResponse`: what the merchant did or offered, with its note. */
  response: string | null;
  responded_at: string | null;
  merchant_reminded_at: string | null;
  outcome: DisputeOutcome | null;
  refund_amount: Generated<number>;
  decided_by_type: string | null;
  decided_by_id: string | null;
  decision_note: string | null;
  decided_at: string | null;
  appealed_by: 'buyer' | 'merchant' | null;
  appeal_note: string | null;
  buyer_appealed_at: string | null;
  merchant_appealed_at: string | null;
  appeal_result: 'upheld' | 'overturned' | null;
  opened_at: string;
  updated_at: string;
}

export interface DisputesTables {
  disputes: DisputesTable;
}
