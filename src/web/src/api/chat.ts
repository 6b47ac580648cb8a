import type {
  AttachmentView,
  InboxItemView,
  MessagePage,
  MessageView,
  PostMessageBody,
  ResponseStatsView,
} from '../../../common/api/chat.js';
import type { Page } from '../../../common/pagination.js';
import { apiAs, askerKey, buyerOrdersBase, SIGNED_IN, type Asker } from './asker.js';
import { api, withQuery } from './client.js';

/** Typed calls of the order chat, for the buyer's and the shop's side alike. */
/**
 * Whose view of the conversation: the buyer's, the shop's, or support's (which uploads no images). On
 * the buyer's side the `asker` says whether it is the signed-in buyer or a guest with the order's pass;
 * the other sides are always signed in.
 */
export type ChatSide = 'buyer' | 'merchant' | 'staff';
export type { AttachmentView, InboxItemView, MessageView, ResponseStatsView };

const BASE: Record<Exclude<ChatSide, 'buyer'>, string> = {
  merchant: '/api/v1/merchant/orders',
  staff: '/api/v1/admin/orders',
};
export const MESSAGE_PAGE_SIZE = 50;

const conversation = (side: ChatSide, orderId: string, asker: Asker) =>
  `${side === 'buyer' ? buyerOrdersBase(asker) : BASE[side]}/${encodeURIComponent(orderId)}`;

export const listMessages = (side: ChatSide, orderId: string, cursor: string | null, asker = SIGNED_IN) =>
  apiAs<MessagePage>(
    asker,
    'GET',
    withQuery(`${conversation(side, orderId, asker)}/messages`, { cursor, limit: MESSAGE_PAGE_SIZE }),
  );

export const postMessage = (side: ChatSide, orderId: string, body: PostMessageBody, asker = SIGNED_IN) =>
  apiAs<MessageView>(asker, 'POST', `${conversation(side, orderId, asker)}/messages`, body);

/** The file itself is the request body; the server decides its type from its bytes. */
export const uploadImage = (side: ChatSide, orderId: string, file: File, asker = SIGNED_IN) =>
  apiAs<Omit<AttachmentView, 'url'>>(
    asker,
    'POST',
    `${conversation(side, orderId, asker)}/attachments`,
    file,
  );

export const listInbox = (cursor: string | null) =>
  api<Page<InboxItemView>>('GET', withQuery('/api/v1/merchant/messages', { cursor, limit: 20 }));

export const chatQueryKey = (side: ChatSide, orderId: string, asker = SIGNED_IN) =>
  ['chat', side, orderId, askerKey(asker)] as const;
export const INBOX_QUERY_KEY = ['chat', 'inbox'] as const;
