import type { FastifyRequest } from 'fastify';
import type { AuthorType } from '../../../common/api/chat.js';
import type { Db, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { guestPassOf } from '../../platform/guest-pass.js';
import { requireUser } from '../../platform/http/access.js';
import { merchantCaller } from '../merchants/index.js';
import { guestOrderByPass } from '../orders/index.js';
import { chatErrors } from './chat.errors.js';
import { findChatOrder, type ChatOrder } from './chat.repository.js';

/**
 * Who takes part in an order's conversation, and as whom. The order's buyer and its shop are the two
 * parties; support (agents and admins) reads along and may write, as itself. Anyone else learns nothing,
 * not even that the order exists: 404, never 403.
 */
export type ChatSide = 'buyer' | 'merchant' | 'staff';

/** What a party is resolved for: an image an <img> loads may carry a guest's pass in its URL. */
export type PartyUse = 'conversation' | 'image';

export interface ChatParty {
  order: ChatOrder;
  side: ChatSide;
  authorType: Exclude<AuthorType, 'system'>;
  /** The user (or, for a merchant's read-only API key, the key) acting. */
  authorId: string;
  /** Where this party fetches images, when not its side's usual route (a guest: with its pass). */
  imageRoute?: { base: string; query: string };
}

export function sideOf(authorType: AuthorType): ChatSide | null {
  switch (authorType) {
    case 'buyer':
      return 'buyer';
    case 'merchant':
      return 'merchant';
    case 'agent':
    case 'admin':
      return 'staff';
    case 'system':
      return null;
  }
}

async function orderOrNotFound(db: Db, orderId: string, mayTakePart: (order: ChatOrder) => boolean) {
  const order = await findChatOrder(db, orderId);
  if (!order || !mayTakePart(order)) throw new AppError(chatErrors.CHAT_ORDER_NOT_FOUND);
  return order;
}

export async function buyerParty(db: Db, request: FastifyRequest, orderId: string): Promise<ChatParty> {
  const { userId } = requireUser(request);
  const order = await orderOrNotFound(db, orderId, (o) => o.buyerId === userId);
  return { order, side: 'buyer', authorType: 'buyer', authorId: userId };
}

export async function merchantParty(db: Db, request: FastifyRequest, orderId: string): Promise<ChatParty> {
  const caller = await merchantCaller(db, request);
  const order = await orderOrNotFound(db, orderId, (o) => o.merchantId === caller.merchantId);
  return { order, side: 'merchant', authorType: 'merchant', authorId: caller.userId ?? caller.actor.id };
}

export async function staffParty(db: Db, request: FastifyRequest, orderId: string): Promise<ChatParty> {
  const user = requireUser(request);
  const order = await orderOrNotFound(db, orderId, () => true);
  const authorType = user.roles.includes('admin') ? 'admin' : 'agent';
  return { order, side: 'staff', authorType, authorId: user.userId };
}

/**
 * A guest buyer, with the pass the order lookup gave them (platform/guest-pass.ts): the same side as a
 * signed-in buyer, written as the guest of that order.
 */
export async function guestParty(
  ctx: ServiceContext,
  request: FastifyRequest,
  orderId: string,
  use: PartyUse = 'conversation',
): Promise<ChatParty> {
  await guestOrderByPass(ctx, request, orderId, { fromQuery: use === 'image' });
  const order = await orderOrNotFound(ctx.db, orderId, (o) => o.buyerId === null);
  // An <img> cannot send the pass header: the image URL carries it (it opens only this order, briefly).
  const pass = guestPassOf(request) ?? '';
  return {
    order,
    side: 'buyer',
    authorType: 'buyer',
    authorId: `guest:${orderId}`,
    imageRoute: { base: '/api/v1/guest/orders', query: `?pass=${encodeURIComponent(pass)}` },
  };
}
