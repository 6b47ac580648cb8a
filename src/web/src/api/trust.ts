import type { CreditView, SanctionLevel } from '../../../common/api/credit.js';
import type { MyShopView } from '../../../common/api/merchants.js';
import type { PayoutSummary, PayoutView } from '../../../common/api/payouts.js';
import type { Page } from '../../../common/pagination.js';
import { api, withQuery } from './client.js';

/**
 * Typed calls of merchant trust (issue 5, deliverables 5–7): credit and sanctions, payouts (提现) and
 * closing a shop (停业). Types only from src/common: no zod in the bundle.
 */
export type { CreditView, PayoutSummary, PayoutView, SanctionLevel };
export type PayoutStatus = PayoutView['status'];
export type ClosingNotice = NonNullable<MyShopView['closing']>;
/** What an admin may set by hand; a suspension goes through the shop's status instead. */
export type ManualSanction = Exclude<SanctionLevel, 'suspended'>;

const enc = encodeURIComponent;
export const PAYOUT_PAGE_SIZE = 20;

// Credit: public on the shop page, the shop's own, and staff's.
export const getShopCredit = (merchantId: string) =>
  api<CreditView>('GET', `/api/v1/shops/${enc(merchantId)}/credit`);

export const getMyCredit = () => api<CreditView>('GET', '/api/v1/merchant/credit');

export const getMerchantCredit = (merchantId: string) =>
  api<CreditView>('GET', `/api/v1/admin/merchants/${enc(merchantId)}/credit`);

export const setSanction = (merchantId: string, body: { sanction: ManualSanction; reason: string }) =>
  api<CreditView>('POST', `/api/v1/admin/merchants/${enc(merchantId)}/sanction`, body);

// Payouts: the shop asks, an admin pays (or refuses).
export const getPayoutSummary = () => api<PayoutSummary>('GET', '/api/v1/merchant/payouts/summary');

export const listMyPayouts = (cursor: string | null) =>
  api<Page<PayoutView>>('GET', withQuery('/api/v1/merchant/payouts', { cursor, limit: PAYOUT_PAGE_SIZE }));

export const requestPayout = (amount: number) =>
  api<PayoutView>('POST', '/api/v1/merchant/payouts', { amount });

export const cancelPayout = (payoutId: string) =>
  api<PayoutView>('POST', `/api/v1/merchant/payouts/${enc(payoutId)}/cancel`);

export const listPayouts = (status: PayoutStatus | null, cursor: string | null) =>
  api<Page<PayoutView>>(
    'GET',
    withQuery('/api/v1/admin/payouts', { status, cursor, limit: PAYOUT_PAGE_SIZE }),
  );

export const approvePayout = (payoutId: string, externalReference: string) =>
  api<PayoutView>('POST', `/api/v1/admin/payouts/${enc(payoutId)}/approve`, { externalReference });

export const rejectPayout = (payoutId: string, reason: string) =>
  api<PayoutView>('POST', `/api/v1/admin/payouts/${enc(payoutId)}/reject`, { reason });

// 停业公告.
export const announceClosing = (reason: string) =>
  api<MyShopView>('POST', '/api/v1/merchant/closing', { reason });
