import type { Generated } from 'kysely';
/** Merchants (PRODUCT.md P3): the shops, their KYC, and their API keys. Times are ISO 8601 UTC text. */
export type MerchantStatus =
  'applying' | 'rejected' | 'approved' | 'active' | 'suspended' | 'closing' | 'closed';
export type KycType = 'individual' | 'company';

export interface MerchantsTable {
  id: string;
  /** The user who applied and runs the shop; one shop per user. */
  user_id: string;
  shop_name: string;
  description: string;
  kyc_type: KycType;
  /** Real name of the person, or the company's registered name (shown on the shop page for companies). */
  legal_name: string;
  /**
   * 身份证号 (individual) or 统一社会信用代码 (company), sealed with AES-256-GCM under the `kyc` subkey and
   * bound to the merchant id; only the masked form is ever shown.
   */
  identity_number_sealed: string;
  identity_number_masked: string;
  /** SHA-256 HMAC of the normalized identity number: finds a person or company applying twice. */
  identity_fingerprint: string;
  contact_name: string;
  contact_phone: string;
  contact_email: string;
  status: MerchantStatus;
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  /** What the credit score costs the shop now (suspension is `status`); see docs/BUYER-PROTECTION.md. */
  sanction: Generated<Sanction>;
  /** When an admin last set the sanction or lifted a suspension: the automatic review leaves it alone until newer credit events. */
  sanction_by_admin_at: string | null;
  /** The closing notice (电子商务法 Art 16): when it was announced, when the shop stops selling, why. */
  closing_announced_at: string | null;
  closes_at: string | null;
  closing_reason: string | null;
  created_at: string;
  updated_at: string;
}

export type Sanction = 'none' | 'warning' | 'listings_hidden';

export interface MerchantApiKeysTable {
  id: string;
  merchant_id: string;
  name: string;
  /** The first characters of the secret, shown in the console so a key can be recognised. */
  secret_prefix: string;
  /** SHA-256 of the secret: the secret itself is shown once, at creation, and never stored. */
  secret_hash: string;
  /** JSON array of scopes (`keys:write`, `orders:read`, `orders:fulfil`, `products:read`). */
  scopes: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Facts the credit score is computed from (docs/BUYER-PROTECTION.md); append-only. */
export type CreditEventKind = 'deadline_missed' | 'dispute_lost' | 'dispute_lost_reversed';

export interface MerchantCreditEventsTable {
  id: string;
  merchant_id: string;
  kind: CreditEventKind;
  order_id: string;
  dispute_id: string | null;
  at: string;
}

export interface MerchantsTables {
  merchant_credit_events: MerchantCreditEventsTable;
  merchants: MerchantsTable;
  merchant_api_keys: MerchantApiKeysTable;
}
