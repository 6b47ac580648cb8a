import type { AuthorType, ImageType } from '../../../common/api/chat.js';

/** Order chat (issue 5). Both tables are append-only in the engine; times are ISO 8601 UTC text. */
export interface OrderMessagesTable {
  id: string;
  order_id: string;
  /** The order's shop, copied at insert: the inbox reads one index. */
  merchant_id: string;
  author_type: AuthorType;
  /** The user who wrote it (the shop owner for `merchant`); null for `system`. */
  author_id: string | null;
  /** At most 2,000 characters; empty only when an image is attached. */
  body: string;
  attachment_id: string | null;
  /** When an email about this message was queued to the buyer / the shop (null: none, throttled). */
  buyer_notified_at: string | null;
  merchant_notified_at: string | null;
  created_at: string;
}

export interface AttachmentsTable {
  id: string;
  order_id: string;
  uploader_type: AuthorType;
  uploader_id: string | null;
  /** Decided from the file's magic bytes, never from the header the client sent. */
  content_type: ImageType;
  size: number;
  sha256: string;
  bytes: Buffer;
  created_at: string;
}

export interface ChatTables {
  order_messages: OrderMessagesTable;
  attachments: AttachmentsTable;
}
