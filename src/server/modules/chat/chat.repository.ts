import { sql, type Insertable, type Selectable } from 'kysely';
import type { AuthorType } from '../../../common/api/chat.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import type { AttachmentsTable, OrderMessagesTable } from './chat.tables.js';

export type MessageRow = Selectable<OrderMessagesTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;
export type MessageWithImage = MessageRow & {
  image_type: AttachmentRow['content_type'] | null;
  image_size: number | null;
};

/** The order a conversation belongs to: who may take part. Orders are read, never written, here. */
export interface ChatOrder {
  id: string;
  buyerId: string | null;
  /** A guest order's email: where the buyer hears of an answer. */
  guestEmail: string | null;
  merchantId: string;
  title: string;
  status: string;
}

export async function findChatOrder(db: Db, orderId: string): Promise<ChatOrder | undefined> {
  const row = await db
    .selectFrom('orders')
    .select(['id', 'buyer_id', 'guest_email', 'merchant_id', 'title', 'status'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        buyerId: row.buyer_id,
        guestEmail: row.guest_email,
        merchantId: row.merchant_id,
        title: row.title,
        status: row.status,
      }
    : undefined;
}

export async function insertMessage(db: Db, row: Insertable<OrderMessagesTable>): Promise<void> {
  await db.insertInto('order_messages').values(row).execute();
}

export async function insertAttachment(db: Db, row: Insertable<AttachmentsTable>): Promise<void> {
  await db.insertInto('attachments').values(row).execute();
}

/** Oldest first, after the cursor's message. */
export async function messagesOfOrder(
  db: Db,
  orderId: string,
  after: string | undefined,
  limit: number,
): Promise<MessageWithImage[]> {
  let query = db
    .selectFrom('order_messages as m')
    .leftJoin('attachments as a', 'a.id', 'm.attachment_id')
    .selectAll('m')
    .select(['a.content_type as image_type', 'a.size as image_size'])
    .where('m.order_id', '=', orderId)
    .orderBy('m.id', 'asc')
    .limit(limit + 1);
  if (after) query = query.where('m.id', '>', after);
  return query.execute();
}

export async function findMessage(db: Db, id: string): Promise<MessageWithImage | undefined> {
  return db
    .selectFrom('order_messages as m')
    .leftJoin('attachments as a', 'a.id', 'm.attachment_id')
    .selectAll('m')
    .select(['a.content_type as image_type', 'a.size as image_size'])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export async function findAttachmentMeta(db: Db, orderId: string, id: string) {
  return db
    .selectFrom('attachments')
    .select(['id', 'order_id', 'uploader_type', 'uploader_id', 'content_type', 'size'])
    .where('id', '=', id)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
}

export async function findAttachmentBytes(db: Db, orderId: string, id: string) {
  return db
    .selectFrom('attachments')
    .select(['id', 'content_type', 'size', 'sha256', 'bytes'])
    .where('id', '=', id)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
}

export async function attachmentIsSent(db: Db, attachmentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('order_messages')
    .select('id')
    .where('attachment_id', '=', attachmentId)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many rows one author added to an order's chat since `since`, and the oldest of them. */
export async function recentByAuthor(
  db: Db,
  table: 'order_messages' | 'attachments',
  author: { orderId: string; type: AuthorType; id: string },
  since: Date,
): Promise<{ count: number; oldest: string | null }> {
  const typeColumn = table === 'order_messages' ? 'author_type' : 'uploader_type';
  const idColumn = table === 'order_messages' ? 'author_id' : 'uploader_id';
  const row = await db
    .selectFrom(table)
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<string>('created_at').as('oldest')])
    .where('order_id', '=', author.orderId)
    .where(typeColumn, '=', author.type)
    .where(idColumn, '=', author.id)
    .where('created_at', '>', toStoredTime(since))
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), oldest: row.oldest ?? null };
}

/** Whether an email about this order's chat went to that side since `since`. */
export async function notifiedSince(
  db: Db,
  orderId: string,
  recipient: 'buyer' | 'merchant',
  since: Date,
): Promise<boolean> {
  const column = recipient === 'buyer' ? 'buyer_notified_at' : 'merchant_notified_at';
  const row = await db
    .selectFrom('order_messages')
    .select('id')
    .where('order_id', '=', orderId)
    .where(column, '>', toStoredTime(since))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Serializes posts to one order's chat on PostgreSQL (SQLite transactions already hold the write lock). */
export async function lockConversation(db: Db, orderId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`order_chat:${orderId}`}))`.execute(db);
}

export interface InboxRow {
  order_id: string;
  title: string;
  status: string;
  last_id: string;
  last_party_id: string | null;
}

/** The shop's conversations, newest activity first, keyed by their last message id. */
export async function conversationsOfMerchant(
  db: Db,
  merchantId: string,
  before: string | undefined,
  limit: number,
): Promise<InboxRow[]> {
  const lastId = sql<string>`max(m.id)`;
  let query = db
    .selectFrom('order_messages as m')
    .innerJoin('orders as o', 'o.id', 'm.order_id')
    .select([
      'm.order_id',
      'o.title',
      'o.status',
      lastId.as('last_id'),
      sql<string | null>`max(case when m.author_type in ('buyer', 'merchant') then m.id end)`.as(
        'last_party_id',
      ),
    ])
    .where('m.merchant_id', '=', merchantId)
    .groupBy(['m.order_id', 'o.title', 'o.status'])
    .orderBy(lastId, 'desc')
    .limit(limit + 1);
  if (before) query = query.having(lastId, '<', before);
  return query.execute();
}

export async function messagesByIds(db: Db, ids: readonly string[]): Promise<MessageRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('order_messages')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/**
 * For each conversation on a paid order of the shop whose first buyer message is at or after `since`: that message's
 * time and the time of the shop's first message after it (null while unanswered).
 */
export async function firstResponsesOfMerchant(
  db: Db,
  merchantId: string,
  since: Date,
): Promise<Array<{ askedAt: string; answeredAt: string | null }>> {
  const firsts = db
    .selectFrom('order_messages')
    .select(['order_id', (eb) => eb.fn.min<string>('created_at').as('asked_at')])
    .where('merchant_id', '=', merchantId)
    .where('author_type', '=', 'buyer')
    // Only paid orders: chats on unpaid orders cost a stranger nothing and must not move a shop's score.
    .where('order_id', 'in', (eb) =>
      eb
        .selectFrom('orders')
        .select('id')
        .where('merchant_id', '=', merchantId)
        .where('paid_at', 'is not', null),
    )
    .groupBy('order_id')
    .as('f');
  const rows = await db
    .selectFrom(firsts)
    .select((eb) => [
      'f.asked_at',
      eb
        .selectFrom('order_messages as r')
        .select((inner) => inner.fn.min<string>('r.created_at').as('answered'))
        .whereRef('r.order_id', '=', 'f.order_id')
        .where('r.author_type', '=', 'merchant')
        .whereRef('r.created_at', '>=', 'f.asked_at')
        .as('answered_at'),
    ])
    .where('f.asked_at', '>=', toStoredTime(since))
    .execute();
  return rows.map((row) => ({ askedAt: row.asked_at, answeredAt: row.answered_at ?? null }));
}
