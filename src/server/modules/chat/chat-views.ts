import type { Page } from '../../../common/pagination.js';
import type { InboxItemView, MessageView } from '../../../common/api/chat.js';
import type { Db } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { encodeCursor } from '../../platform/pagination.js';
import { sideOf, type ChatParty, type ChatSide } from './chat-parties.js';
import { chatErrors } from './chat.errors.js';
import {
  conversationsOfMerchant,
  findAttachmentBytes,
  messagesByIds,
  messagesOfOrder,
  type MessageWithImage,
} from './chat.repository.js';

/** Reading a conversation, an image, or a shop's inbox, shaped for the side that asks. */
const ROUTE_BASE: Record<ChatSide, string> = {
  buyer: '/api/v1/orders',
  merchant: '/api/v1/merchant/orders',
  staff: '/api/v1/admin/orders',
};

export function presentMessage(row: MessageWithImage, party: ChatParty): MessageView {
  return {
    id: row.id,
    orderId: row.order_id,
    authorType: row.author_type,
    mine: sideOf(row.author_type) === party.side,
    authorId: party.side === 'staff' ? row.author_id : null,
    body: row.body,
    attachment:
      row.attachment_id !== null && row.image_type !== null
        ? {
            id: row.attachment_id,
            contentType: row.image_type,
            size: Number(row.image_size),
            url: `${party.imageRoute?.base ?? ROUTE_BASE[party.side]}/${row.order_id}/attachments/${row.attachment_id}${party.imageRoute?.query ?? ''}`,
          }
        : null,
    createdAt: row.created_at,
  };
}

export async function conversationPage(
  db: Db,
  party: ChatParty,
  after: string | undefined,
  limit: number,
): Promise<Page<MessageView>> {
  const rows = await messagesOfOrder(db, party.order.id, after, limit);
  const page = rows.slice(0, limit);
  return {
    items: page.map((row) => presentMessage(row, party)),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.id) : null,
  };
}

export async function readImage(db: Db, party: ChatParty, attachmentId: string) {
  const image = await findAttachmentBytes(db, party.order.id, attachmentId);
  if (!image) throw new AppError(chatErrors.CHAT_ATTACHMENT_NOT_FOUND);
  return image;
}

const PREVIEW_CHARS = 100;

export async function inboxPage(
  db: Db,
  merchantId: string,
  before: string | undefined,
  limit: number,
): Promise<Page<InboxItemView>> {
  const rows = await conversationsOfMerchant(db, merchantId, before, limit);
  const page = rows.slice(0, limit);
  const lastIds = page.flatMap((row) => [row.last_id, ...(row.last_party_id ? [row.last_party_id] : [])]);
  const messages = new Map((await messagesByIds(db, lastIds)).map((m) => [m.id, m]));
  return {
    items: page.map((row) => {
      const last = messages.get(row.last_id)!;
      const lastParty = row.last_party_id ? messages.get(row.last_party_id) : undefined;
      return {
        orderId: row.order_id,
        title: row.title,
        orderStatus: row.status,
        awaitingReply: lastParty?.author_type === 'buyer',
        lastMessage: {
          authorType: last.author_type,
          preview: [...last.body].slice(0, PREVIEW_CHARS).join(''),
          hasImage: last.attachment_id !== null,
          createdAt: last.created_at,
        },
      };
    }),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.last_id) : null,
  };
}
