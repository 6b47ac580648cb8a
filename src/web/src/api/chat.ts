import type {
  AttachmentView,
  InboxItemView,
  MessagePage,
  MessageView,
  PostMessageBody,
  ResponseStatsView,
} from '../../../common/api/chat.js';
import type { Page } from '../../../common/pagination.js';
import { api, withQuery } from './client.js';

/** Typed calls of the order chat, for the buyer's and the shop's side alike. */
/** Whose view of the conversation: the buyer's, the shop's, or support's (which uploads no images). */
export type ChatSide = 'buyer' | 'merchant' | 'staff';
export type { AttachmentView, InboxItemView, MessageView, ResponseStatsView };

const BASE: Record<ChatSide, string> = {
  buyer: '/api/v1/orders',
  merchant: '/api/v1/merchant/orders',
  staff: '/api/v1/admin/orders',
};
export const MESSAGE_PAGE_SIZE = 50;

const conversation = (side: ChatSide, orderId: string) => `${BASE[side]}/${encodeURIComponent(orderId)}`;

export const listMessages = (side: ChatSide, orderId: string, cursor: string | null) =>
  api<MessagePage>(
    'GET',
    withQuery(`${conversation(side, orderId)}/messages`, { cursor, limit: MESSAGE_PAGE_SIZE }),
  );

export const postMessage = (side: ChatSide, orderId: string, body: PostMessageBody) =>
  api<MessageView>('POST', `${conversation(side, orderId)}/messages`, body);

/** The file itself is the request body; the server decides its type from its bytes. */
export const uploadImage = (side: ChatSide, orderId: string, file: File) =>
  api<Omit<AttachmentView, 'url'>>('POST', `${conversation(side, orderId)}/attachments`, file);

export const listInbox = (cursor: string | null) =>
  api<Page<InboxItemView>>('GET', withQuery('/api/v1/merchant/messages', { cursor, limit: 20 }));

export const chatQueryKey = (side: ChatSide, orderId: string) => ['chat', side, orderId] as const;
export const INBOX_QUERY_KEY = ['chat', 'inbox'] as const;
