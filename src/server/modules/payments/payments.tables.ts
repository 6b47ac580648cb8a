import type { Generated } from 'kysely';
import type { Currency } from '../../../common/money.js';

/** Payments (PRODUCT.md P4): every attempt to bring money in, and every refund sent back out. */
export type PaymentPurpose = 'order' | 'topup' | 'deposit';
export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'expired';
export type RefundStatus = 'requested' | 'processing' | 'succeeded' | 'failed';

export interface PaymentsTable {
  id: string;
  purpose: PaymentPurpose;
  /** The order, the user (top-up) or the merchant (deposit) the money is for. */
  purpose_id: string;
  /** Who pays: a user, or null for a guest order. */
  payer_user_id: string | null;
  /** `wallet` (the buyer's balance) or a provider (`sandbox`, later epay, alipay, …). */
  provider: string;
  amount: number;
  currency: Currency;
  status: PaymentStatus;
  /** The provider's own trade number, unique per provider once known. */
  provider_trade_no: string | null;
  subject: string;
  expires_at: string;
  created_at: string;
  succeeded_at: string | null;
  updated_at: string;
}

/** Every callback as received, with the verdict: evidence when a buyer says "I paid". */
export interface PaymentCallbacksTable {
  id: string;
  provider: string;
  payment_id: string | null;
  /** The callback's parameters as JSON, with secrets redacted. */
  body: string;
  verdict: string;
  received_at: string;
}

export type RefundDestination = 'original' | 'wallet';

export interface RefundsTable {
  id: string;
  payment_id: string;
  amount: number;
  currency: Currency;
  status: RefundStatus;
  reason: string;
  provider_refund_no: string | null;
  last_error: string | null;
  /** Unique per payment: `order` (the whole order), `dispute:<id>`, `appeal:<id>` — a retry never refunds twice. */
  purpose: Generated<string>;
  /** Calls made to the provider for this refund so far. */
  attempts: Generated<number>;
  /** `original`: back through the provider that took the money; `wallet`: to the buyer's wallet, at once. */
  destination: Generated<RefundDestination>;
  created_at: string;
  completed_at: string | null;
}

/** The sandbox provider's side of a trade (its own books, not Kameng's). */
export interface SandboxTradesTable {
  trade_no: string;
  out_trade_no: string;
  amount: number;
  currency: string;
  subject: string;
  notify_path: string;
  return_path: string;
  status: 'waiting' | 'paid' | 'failed';
  refunded_amount: number;
  created_at: string;
  paid_at: string | null;
}

export type ChannelKind = 'sandbox' | 'epay' | 'alipay' | 'wechatpay' | 'stripe';

/** A configured provider account (ADR 0009); its credentials are sealed and never read back out. */
export interface PaymentChannelsTable {
  id: string;
  kind: ChannelKind;
  name: string;
  enabled: number;
  fee_bps: number;
  min_amount: number;
  max_amount: number;
  settings: string;
  credentials_sealed: string;
  /** JSON array of IPs and CIDR blocks callbacks may come from; empty: from anywhere (the signature decides). */
  callback_sources: Generated<string>;
  created_at: string;
  updated_at: string;
}

export type AlertKind =
  'callback_denied_by_query' | 'paid_at_provider_only' | 'succeeded_here_only' | 'refund_failed';

export interface PaymentAlertsTable {
  id: string;
  kind: AlertKind;
  payment_id: string | null;
  provider: string;
  /** What was seen, for the admin: amounts, trade numbers, the provider's answer. */
  detail: string;
  raised_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: string | null;
}

export interface PaymentsTables {
  sandbox_trades: SandboxTradesTable;
  payments: PaymentsTable;
  payment_callbacks: PaymentCallbacksTable;
  refunds: RefundsTable;
  payment_channels: PaymentChannelsTable;
  payment_alerts: PaymentAlertsTable;
}
