import { z } from 'zod';
import { pageSchema } from '../pagination.js';
import { timestampSchema } from './accounts.js';

/**
 * Order chat (issue 5, deliverable 1): the buyer and the shop talk on the order itself, support reads
 * along in a dispute. Messages and images are append-only; the limits below are checked by the server
 * (the web app only pre-checks them to save a round trip).
 */
export const MESSAGE_MAX_CHARS = 2_000;
export const IMAGE_MAX_BYTES = 4 * 1024 * 1024;
/** Types decided from the file's first bytes, never from the Content-Type a client claims. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export const AUTHOR_TYPES = ['buyer', 'merchant', 'agent', 'admin', 'system'] as const;
export const authorTypeSchema = z.enum(AUTHOR_TYPES);
export type AuthorType = z.infer<typeof authorTypeSchema>;

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
  body: z.string(),
  attachment: attachmentView.nullable(),
  createdAt: timestampSchema,
});
export type MessageView = z.infer<typeof messageView>;
export const messagePage = pageSchema(messageView);
export type MessagePage = z.infer<typeof messagePage>;

/** Support also sees who wrote each message. */
export const staffMessageView = messageView.extend({ authorId: z.string().nullable() });
export const staffMessagePage = pageSchema(staffMessageView);

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
