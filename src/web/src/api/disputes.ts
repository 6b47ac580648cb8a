import type { MessageView } from '../../../common/api/chat.js';
import type {
  AppealDecision,
  Decision,
  DisputeStatusName,
  DisputeView,
  MerchantResponse,
} from '../../../common/api/disputes.js';
import type { OrderView } from '../../../common/api/orders.js';
import type { Page } from '../../../common/pagination.js';
import { apiAs, askerKey, buyerOrdersBase, SIGNED_IN, type Asker } from './asker.js';
import { api, withQuery } from './client.js';

/** Typed calls of disputes (售后) for the buyer, the shop and support. Types only from src/common. */
export type { DisputeStatusName, DisputeView };
export type DisputeReason = DisputeView['reason'];
export type StaffQueue = 'escalated' | 'appealed' | 'awaiting_merchant' | 'awaiting_buyer' | 'closed';
/** Support's view: the dispute and the order it is about (timeline, payments). */
export type StaffDisputeView = DisputeView & { order: OrderView | null };

export interface OpenDisputeInput {
  reason: DisputeReason;
  description: string;
  /** In 分; left out, the whole rest of the order. */
  requestedAmount?: number;
}

const enc = encodeURIComponent;
export const DISPUTE_PAGE_SIZE = 20;

/** Every dispute query starts with this, so one invalidation refreshes whatever shows a dispute. */
export const DISPUTES_KEY = 'disputes';
export const orderDisputeKey = (orderId: string, asker = SIGNED_IN) =>
  [DISPUTES_KEY, 'order', orderId, askerKey(asker)] as const;

// The buyer: signed in, or a guest with the order's pass (whose steps name the order, not the dispute).
const orderDispute = (asker: Asker, orderId: string) => `${buyerOrdersBase(asker)}/${enc(orderId)}/dispute`;
const buyerStep = (asker: Asker, disputeId: string, step: 'accept' | 'escalate' | 'withdraw' | 'appeal') =>
  asker.kind === 'guest'
    ? `${orderDispute(asker, asker.orderId)}/${step}`
    : `/api/v1/disputes/${enc(disputeId)}/${step}`;

export const getOrderDispute = (orderId: string, asker = SIGNED_IN) =>
  apiAs<DisputeView>(asker, 'GET', orderDispute(asker, orderId));

export const openDispute = (orderId: string, body: OpenDisputeInput, asker = SIGNED_IN) =>
  apiAs<DisputeView>(asker, 'POST', orderDispute(asker, orderId), body);

export const acceptAnswer = (disputeId: string, asker = SIGNED_IN) =>
  apiAs<DisputeView>(asker, 'POST', buyerStep(asker, disputeId, 'accept'));

export const escalateDispute = (disputeId: string, note: string, asker = SIGNED_IN) =>
  apiAs<DisputeView>(asker, 'POST', buyerStep(asker, disputeId, 'escalate'), { note });

export const withdrawDispute = (disputeId: string, asker = SIGNED_IN) =>
  apiAs<DisputeView>(asker, 'POST', buyerStep(asker, disputeId, 'withdraw'));

export const appealAsBuyer = (disputeId: string, note: string, asker = SIGNED_IN) =>
  apiAs<DisputeView>(asker, 'POST', buyerStep(asker, disputeId, 'appeal'), { note });

// The shop.
export const listShopDisputes = (status: DisputeStatusName | null, cursor: string | null) =>
  api<Page<DisputeView>>(
    'GET',
    withQuery('/api/v1/merchant/disputes', { status, cursor, limit: DISPUTE_PAGE_SIZE }),
  );

export const getShopDispute = (disputeId: string) =>
  api<DisputeView>('GET', `/api/v1/merchant/disputes/${enc(disputeId)}`);

export const respondToDispute = (disputeId: string, body: MerchantResponse) =>
  api<DisputeView>('POST', `/api/v1/merchant/disputes/${enc(disputeId)}/respond`, body);

export const appealAsMerchant = (disputeId: string, note: string) =>
  api<DisputeView>('POST', `/api/v1/merchant/disputes/${enc(disputeId)}/appeal`, { note });

// Support: agents decide, admins also decide appeals.
export const listDisputeQueue = (queue: StaffQueue) =>
  api<Page<DisputeView>>('GET', withQuery('/api/v1/admin/disputes', { queue, limit: 100 }));

export const getStaffDispute = (disputeId: string) =>
  api<StaffDisputeView>('GET', `/api/v1/admin/disputes/${enc(disputeId)}`);

export const decideDispute = (disputeId: string, body: Decision) =>
  api<DisputeView>('POST', `/api/v1/admin/disputes/${enc(disputeId)}/decide`, body);

export const decideAppeal = (disputeId: string, body: AppealDecision) =>
  api<DisputeView>('POST', `/api/v1/admin/disputes/${enc(disputeId)}/appeal-decision`, body);

/** The order's chat as support reads it (each read is audited by the server). */
export const listStaffMessages = (orderId: string, cursor: string | null) =>
  api<Page<MessageView & { authorId: string | null }>>(
    'GET',
    withQuery(`/api/v1/admin/orders/${enc(orderId)}/messages`, { cursor, limit: 50 }),
  );
