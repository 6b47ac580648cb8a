import type { Generated } from 'kysely';
import type { Currency } from '../../../common/money.js';

/** Orders (PRODUCT.md P3): the state machine is in order-lifecycle.ts; money moves only via the ledger. */
export type OrderStatus =
  | 'created'
  | 'paid'
  | 'delivered'
  | 'confirmed'
  | 'settled'
  | 'expired'
  | 'cancelled'
  | 'refunding'
  | 'refunded';

export interface OrdersTable {
  id: string;
  /** The signed-in buyer, or null for a guest order. */
  buyer_id: string | null;
  /** Guest orders: where the receipt goes, and the lookup key with the query password. */
  guest_email: string | null;
  /** argon2id hash of the guest's query password (查询密码). */
  guest_password_hash: string | null;
  merchant_id: string;
  product_id: string;
  product_kind: string;
  /** JSON snapshot of what was sold at what terms: title, unit price, rules, windows, fields. */
  snapshot: string;
  title: string;
  quantity: number;
  unit_price: number;
  amount: number;
  currency: Currency;
  /** Platform fee in basis points, fixed when the order is created. */
  fee_bps: number;
  fee: number;
  /** JSON: what the buyer filled in for a top-up (game account, server …). */
  buyer_input: string;
  status: OrderStatus;
  payment_deadline: string;
  /** The payment that paid the order (wallet or provider). */
  payment_id: string | null;
  paid_at: string | null;
  /** Top-up and manual goods: the merchant must deliver before this. */
  delivery_deadline: string | null;
  delivered_at: string | null;
  /** The merchant's proof of delivery for top-up and manual goods. */
  delivery_note: string | null;
  /** Delivered orders confirm themselves at this time unless the buyer confirms earlier. */
  confirm_deadline: string | null;
  confirmed_at: string | null;
  settled_at: string | null;
  /** The order's escrow account in the ledger, opened at payment. */
  escrow_account_id: string | null;
  /** The open dispute: while set, auto-confirm and settlement wait (ADR 0008). */
  dispute_id: string | null;
  /** What has gone back to the buyer so far; a partial refund leaves the order settled. */
  refunded_amount: Generated<number>;
  /** Where the buyer wants refunds to go: back through the provider (`original`) or to the wallet. */
  refund_to: Generated<'original' | 'wallet'>;
  /** When the merchant was reminded that the delivery deadline is near (once). */
  delivery_reminded_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Card keys delivered with an order. The unique key id is the backstop against selling a key twice. */
export interface OrderKeysTable {
  order_id: string;
  card_key_id: string;
  delivered_at: string;
}

/**
 * A card key replaced in a dispute, and its replacement. The old key stays delivered (the buyer saw it);
 * this row says it no longer counts.
 */
export interface KeyReplacementsTable {
  card_key_id: string;
  order_id: string;
  replacement_key_id: string;
  dispute_id: string;
  at: string;
}

export interface GuestLookupFailuresTable {
  id: string;
  order_id: string;
  ip: string;
  at: string;
}

export interface OrdersTables {
  orders: OrdersTable;
  order_keys: OrderKeysTable;
  guest_lookup_failures: GuestLookupFailuresTable;
  key_replacements: KeyReplacementsTable;
}
