import { createHash } from 'node:crypto';
import { IMAGE_MAX_BYTES, type ImageType } from '../../../common/api/chat.js';
import { addMs, MINUTE_MS, toStoredTime } from '../../platform/clock.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { queueChatEmail } from './chat-emails.js';
import type { ChatParty, ChatSide } from './chat-parties.js';
import { chatErrors } from './chat.errors.js';
import {
  attachmentIsSent,
  findAttachmentMeta,
  findMessage,
  insertAttachment,
  insertMessage,
  lockConversation,
  notifiedSince,
  recentByAuthor,
  type MessageWithImage,
} from './chat.repository.js';
import { sniffImageType } from './images.js';

/** Per author and order: enough for a heated conversation, too few to flood a shop or fill the disk. */
export const RATE_WINDOW_MS = 10 * MINUTE_MS;
export const MESSAGES_PER_WINDOW = 30;
export const UPLOADS_PER_WINDOW = 10;
/** A conversation emails each side at most once per this gap; the chat itself holds everything. */
export const EMAIL_GAP_MS = 10 * MINUTE_MS;

const RECIPIENTS: Record<ChatSide, Array<'buyer' | 'merchant'>> = {
  buyer: ['merchant'],
  merchant: ['buyer'],
  staff: ['buyer', 'merchant'],
};

/** Both tables count toward their own limit; the oldest row in the window says when there is room. */
async function assertUnderLimit(
  trx: Trx,
  table: 'order_messages' | 'attachments',
  party: ChatParty,
  max: number,
  now: Date,
): Promise<void> {
  const author = { orderId: party.order.id, type: party.authorType, id: party.authorId };
  const recent = await recentByAuthor(trx, table, author, addMs(now, -RATE_WINDOW_MS));
  if (recent.count < max) return;
  const freeAt = addMs(new Date(recent.oldest ?? toStoredTime(now)), RATE_WINDOW_MS);
  const seconds = Math.max(1, Math.ceil((freeAt.getTime() - now.getTime()) / 1000));
  throw new AppError(
    chatErrors.CHAT_RATE_LIMITED,
    { minutes: Math.ceil(seconds / 60) },
    { headers: { 'retry-after': String(seconds) } },
  );
}

export async function postMessage(
  ctx: ServiceContext,
  party: ChatParty,
  input: { body: string; attachmentId?: string | undefined },
): Promise<MessageWithImage> {
  const body = input.body.trim();
  if (body === '' && input.attachmentId === undefined) throw new AppError(chatErrors.CHAT_MESSAGE_EMPTY);
  const now = ctx.clock.now();
  const id = newId('orderMessage', now);
  await ctx.transact(async (trx) => {
    if (ctx.dialect === 'postgres') await lockConversation(trx, party.order.id);
    await assertUnderLimit(trx, 'order_messages', party, MESSAGES_PER_WINDOW, now);
    if (input.attachmentId !== undefined) await assertSendable(trx, party, input.attachmentId);
    const notified = { buyer: null as string | null, merchant: null as string | null };
    for (const recipient of RECIPIENTS[party.side]) {
      if (await notifiedSince(trx, party.order.id, recipient, addMs(now, -EMAIL_GAP_MS))) continue;
      if (await queueChatEmail(trx, ctx, party.order, recipient)) notified[recipient] = toStoredTime(now);
    }
    await insertMessage(trx, {
      id,
      order_id: party.order.id,
      merchant_id: party.order.merchantId,
      author_type: party.authorType,
      author_id: party.authorId,
      body,
      attachment_id: input.attachmentId ?? null,
      buyer_notified_at: notified.buyer,
      merchant_notified_at: notified.merchant,
      created_at: toStoredTime(now),
    });
  });
  const stored = await findMessage(ctx.db, id);
  if (!stored) throw new Error(`message ${id} vanished after commit`);
  return stored;
}

/** An image rides on a message only if its author uploaded it to this order and it was not sent yet. */
async function assertSendable(trx: Trx, party: ChatParty, attachmentId: string): Promise<void> {
  const meta = await findAttachmentMeta(trx, party.order.id, attachmentId);
  if (!meta || meta.uploader_type !== party.authorType || meta.uploader_id !== party.authorId)
    throw new AppError(chatErrors.CHAT_ATTACHMENT_NOT_FOUND);
  if (await attachmentIsSent(trx, attachmentId)) throw new AppError(chatErrors.CHAT_ATTACHMENT_ALREADY_SENT);
}

export interface StoredImage {
  id: string;
  contentType: ImageType;
  size: number;
}

export function imageTooLarge(): AppError {
  return new AppError(chatErrors.CHAT_ATTACHMENT_TOO_LARGE, { maxMiB: IMAGE_MAX_BYTES / (1024 * 1024) });
}

export async function uploadImage(
  ctx: ServiceContext,
  party: ChatParty,
  bytes: Buffer,
): Promise<StoredImage> {
  if (bytes.length > IMAGE_MAX_BYTES) throw imageTooLarge();
  const contentType = sniffImageType(bytes);
  if (contentType === null) throw new AppError(chatErrors.CHAT_ATTACHMENT_TYPE_NOT_ALLOWED);
  const now = ctx.clock.now();
  const id = newId('attachment', now);
  await ctx.transact(async (trx) => {
    if (ctx.dialect === 'postgres') await lockConversation(trx, party.order.id);
    await assertUnderLimit(trx, 'attachments', party, UPLOADS_PER_WINDOW, now);
    await insertAttachment(trx, {
      id,
      order_id: party.order.id,
      uploader_type: party.authorType,
      uploader_id: party.authorId,
      content_type: contentType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes,
      created_at: toStoredTime(now),
    });
  });
  return { id, contentType, size: bytes.length };
}
