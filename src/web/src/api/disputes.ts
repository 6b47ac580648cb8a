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
export const orderDisputeKey = (orderId: string) => [DISPUTES_KEY, 'order', orderId] as const;

// The buyer.
export const getOrderDispute = (orderId: string) =>
  api<DisputeView>('GET', `/api/v1/orders/${enc(orderId)}/dispute`);

export const openDispute = (orderId: string, body: OpenDisputeInput) =>
  api<DisputeView>('POST', `/api/v1/orders/${enc(orderId)}/dispute`, body);

export const acceptAnswer = (disputeId: string) =>
  api<DisputeView>('POST', `/api/v1/disputes/${enc(disputeId)}/accept`);

export const escalateDispute = (disputeId: string, note: string) =>
  api<DisputeView>('POST', `/api/v1/disputes/${enc(disputeId)}/escalate`, { note });

export const withdrawDispute = (disputeId: string) =>
  api<DisputeView>('POST', `/api/v1/disputes/${enc(disputeId)}/withdraw`);

export const appealAsBuyer = (disputeId: string, note: string) =>
  api<DisputeView>('POST', `/api/v1/disputes/${enc(disputeId)}/appeal`, { note });

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
