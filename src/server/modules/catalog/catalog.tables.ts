/** The catalog (PRODUCT.md P3): categories, products and the card-key inventory. Prices in 分. */
export type CategoryStatus = 'active' | 'hidden';
export type ProductKind = 'card_key' | 'topup' | 'manual';
export type ProductStatus = 'draft' | 'listed' | 'delisted';
export type CardKeyStatus = 'available' | 'reserved' | 'sold' | 'withdrawn';

/** Two levels: a game (parent null) and its kinds of goods (点卡, 月卡, 代充 …). */
export interface CategoriesTable {
  id: string;
  parent_id: string | null;
  name_zh: string;
  name_en: string;
  sort_order: number;
  status: CategoryStatus;
  created_at: string;
  updated_at: string;
}

export interface ProductsTable {
  id: string;
  merchant_id: string;
  category_id: string;
  kind: ProductKind;
  title: string;
  description: string;
  /** Price per unit in 分. */
  price: number;
  member_only: number;
  /** Most units in one order. */
  max_per_order: number;
  /** Most units one buyer may buy per day (UTC+8 calendar day); null: no limit. */
  max_per_user_per_day: number | null;
  /** JSON array of usage rules, `[{ "zh": …, "en": … }]`, shown and acknowledged at checkout. */
  usage_rules: string;
  /**
   * 1 when the goods are excluded from 7-day no-reason returns (消费者权益保护法 Art 25): the buyer must
   * confirm that in a separate step at checkout. A card key that does not work is refundable regardless.
   */
  no_reason_return_excluded: number;
  /** JSON array of fields the buyer fills for top-ups (`[{ key, labelZh, labelEn, required, pattern }]`). */
  buyer_fields: string;
  /** Top-up and manual goods: hours within which the merchant promises to deliver. */
  delivery_hours: number | null;
  /** Hours after delivery before the order confirms itself and escrow settles (disclosed on the page). */
  confirm_hours: number;
  status: ProductStatus;
  created_at: string;
  updated_at: string;
}

export interface CardKeysTable {
  id: string;
  product_id: string;
  merchant_id: string;
  batch_id: string;
  /** AES-256-GCM under the `card-keys` subkey, bound to the key id: a copied row opens nowhere else. */
  secret_sealed: string;
  /** HMAC-SHA256 of the normalized secret: the same key uploaded twice (by one merchant) is refused. */
  fingerprint: string;
  status: CardKeyStatus;
  /** The order the key is reserved for or sold to. */
  order_id: string | null;
  reserved_until: string | null;
  created_at: string;
  sold_at: string | null;
  withdrawn_at: string | null;
}

export interface CardKeyBatchesTable {
  id: string;
  product_id: string;
  merchant_id: string;
  source: 'paste' | 'csv' | 'api';
  submitted: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  created_by: string;
  created_at: string;
}

export interface CatalogTables {
  categories: CategoriesTable;
  products: ProductsTable;
  card_keys: CardKeysTable;
  card_key_batches: CardKeyBatchesTable;
}
