import { z } from 'zod';
import { pageSchema } from '../pagination.js';
import { AUTHOR_TYPES, IMAGE_TYPES, MESSAGE_MAX_CHARS } from '../chat.js';
import { timestampSchema } from './accounts.js';

/**
 * Order chat (issue 5, deliverable 1): the buyer and the shop talk on the order itself, support reads
 * along in a dispute. Messages and images are append-only; the limits are in ../chat.ts.
 */
export {
  AUTHOR_TYPES,
  IMAGE_MAX_BYTES,
  IMAGE_TYPES,
  MESSAGE_MAX_CHARS,
  type AuthorType,
  type ImageType,
} from '../chat.js';
export const authorTypeSchema = z.enum(AUTHOR_TYPES);

// Tab, line feed and carriage return are text; other control characters are not (PostgreSQL refuses NUL).
const FORBIDDEN_CONTROL = /[^\P{Cc}\t\n\r]/u;

export const postMessageBody = z
  .strictObject({
    body: z
      .string()
      .trim()
      .max(MESSAGE_MAX_CHARS)
      .refine((text) => !FORBIDDEN_CONTROL.test(text), 'control characters are not allowed')
      .default(''),
    /** An image uploaded to this order first (POST …/attachments); the text may then be empty. */
    attachmentId: z.string().max(40).optional(),
  })
  .meta({ examples: [{ body: '卡密提示已使用，截图如下', attachmentId: 'att_01JD3Q…' }] });
export type PostMessageBody = z.input<typeof postMessageBody>;

export const attachmentView = z.object({
  id: z.string(),
  contentType: z.enum(IMAGE_TYPES),
  size: z.number().int(),
  /** Where the caller fetches the image (the path depends on who is asking). */
  url: z.string(),
});
export type AttachmentView = z.infer<typeof attachmentView>;

export const messageView = z.object({
  id: z.string(),
  orderId: z.string(),
  authorType: authorTypeSchema,
  /** Written by the caller's side of the conversation (the buyer, the shop, or support). */
  mine: z.boolean(),
  /** Who wrote it: shown to support only; the parties see which side wrote (null for them). */
  authorId: z.string().nullable(),
  body: z.string(),
  attachment: attachmentView.nullable(),
  createdAt: timestampSchema,
});
export type MessageView = z.infer<typeof messageView>;
export const messagePage = pageSchema(messageView);
export type MessagePage = z.infer<typeof messagePage>;

export const uploadedAttachment = attachmentView.omit({ url: true });

export const inboxItemView = z.object({
  orderId: z.string(),
  title: z.string(),
  orderStatus: z.string(),
  /** The buyer spoke last (support's messages aside): the shop owes an answer. */
  awaitingReply: z.boolean(),
  lastMessage: z.object({
    authorType: authorTypeSchema,
    /** The first 100 characters. */
    preview: z.string(),
    hasImage: z.boolean(),
    createdAt: timestampSchema,
  }),
});
export type InboxItemView = z.infer<typeof inboxItemView>;
export const inboxPage = pageSchema(inboxItemView);

/** A shop's median first-response time over the last 90 days (docs/COMMERCE.md "Order chat"). */
export const responseStatsView = z.object({
  medianFirstResponseMs: z.number().int().nullable(),
  conversations: z.number().int(),
});
export type ResponseStatsView = z.infer<typeof responseStatsView>;
