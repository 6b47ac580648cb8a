/** Payouts (提现): one row per request; the money is a ledger hold on the shop's payable until decided. */
export type PayoutStatus = 'requested' | 'paid' | 'rejected' | 'cancelled';

export interface PayoutsTable {
  id: string;
  merchant_id: string;
  amount: number;
  currency: 'CNY';
  status: PayoutStatus;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  external_reference: string | null;
  note: string | null;
}

export interface PayoutsTables {
  payouts: PayoutsTable;
}
