import type { ProductView } from '../../../common/api/catalog.js';
import type { ResponseStatsView } from '../../../common/api/chat.js';
import type { MyShopView } from '../../../common/api/merchants.js';
import type { GuestOrderView, OrderView } from '../../../common/api/orders.js';
import type { PaymentView } from '../../../common/api/payments.js';
import type { Page } from '../../../common/pagination.js';
import { apiAs, type GuestAsker } from './asker.js';
import { api, withQuery } from './client.js';

/** Typed calls to the buyer-side commerce API: catalog, checkout, orders, guest lookup, payments. */

export interface ShopFacts {
  id: string;
  shopName: string;
  description: string;
  status: string;
  kycType: 'individual' | 'company';
  verifiedName: string;
  licenceMasked: string | null;
  depositHeld: number;
  openSince: string;
  completedOrders: number;
  responseTime: ResponseStatsView;
  /** 停业公告, shown on the shop page as soon as the owner announces it. */
  closing: MyShopView['closing'];
}

export interface ProductFilters {
  q?: string;
  categoryId?: string;
  merchantId?: string;
}

export interface GuestDetails {
  email: string;
  queryPassword: string;
}

export interface CreateOrderInput {
  productId: string;
  quantity: number;
  buyerInput: Record<string, string>;
  rulesVersion: string;
  acknowledgeNoReasonReturnExclusion: boolean;
  guest?: GuestDetails;
}

export interface CheckoutAnswer {
  paymentId: string;
  /** Where the provider's checkout is (the sandbox's is a path on this site), or null when the wallet paid at once. */
  redirectUrl: string | null;
}

export interface SandboxTrade {
  tradeNo: string;
  amount: number;
  currency: string;
  subject: string;
  status: 'waiting' | 'paid' | 'failed';
  returnPath: string;
}

export interface RevealedKey {
  id: string;
  secret: string;
  /** The merchant replaced this key in a dispute; its replacement is in the list too. */
  replaced: boolean;
}

export const PRODUCT_PAGE_SIZE = 12;
export const ORDER_PAGE_SIZE = 20;

const idempotent = (key: string) => ({ headers: { 'Idempotency-Key': key } });

export const listProducts = (filters: ProductFilters, cursor: string | null, limit = PRODUCT_PAGE_SIZE) =>
  api<Page<ProductView>>('GET', withQuery('/api/v1/products', { ...filters, cursor, limit }));

export const getProduct = (productId: string) =>
  api<ProductView>('GET', `/api/v1/products/${encodeURIComponent(productId)}`);

export const getShopFacts = (merchantId: string) =>
  api<ShopFacts>('GET', `/api/v1/shops/${encodeURIComponent(merchantId)}`);

export const createOrder = (input: CreateOrderInput, idempotencyKey: string) =>
  api<OrderView>('POST', '/api/v1/orders', input, idempotent(idempotencyKey));

/** `method`: `wallet` or a channel id from the public channel list. */
export const payOrder = (orderId: string, method: string, idempotencyKey: string) =>
  api<CheckoutAnswer>(
    'POST',
    `/api/v1/orders/${encodeURIComponent(orderId)}/pay`,
    { method },
    idempotent(idempotencyKey),
  );

/** Guests pay through a channel only (no wallet). */
export const payGuestOrder = (orderId: string, password: string, method: string, idempotencyKey: string) =>
  api<CheckoutAnswer>(
    'POST',
    '/api/v1/guest/orders/pay',
    { orderId, password, method },
    idempotent(idempotencyKey),
  );

export const listMyOrders = (cursor: string | null) =>
  api<Page<OrderView>>('GET', withQuery('/api/v1/orders', { cursor, limit: ORDER_PAGE_SIZE }));

export const getOrder = (orderId: string) =>
  api<OrderView>('GET', `/api/v1/orders/${encodeURIComponent(orderId)}`);

export const revealOrderKeys = (orderId: string) =>
  api<{ keys: RevealedKey[] }>('POST', `/api/v1/orders/${encodeURIComponent(orderId)}/keys`);

export const confirmOrder = (orderId: string) =>
  api<OrderView>('POST', `/api/v1/orders/${encodeURIComponent(orderId)}/confirm`);

export const cancelOrder = (orderId: string) =>
  api<OrderView>('POST', `/api/v1/orders/${encodeURIComponent(orderId)}/cancel`);

/** Where my order's refunds go; choosing the wallet also takes a refund the provider gave up on into it. */
export const setRefundDestination = (orderId: string, to: OrderView['refundTo']) =>
  api<OrderView>('PUT', `/api/v1/orders/${encodeURIComponent(orderId)}/refund-destination`, { to });

/** 订单查询: the order, and a 2-hour pass that opens its chat and after-sales (never its keys). */
export const lookupGuestOrder = (orderId: string, password: string) =>
  api<GuestOrderView>('POST', '/api/v1/guest/orders/lookup', { orderId, password });

/** A guest order again with its pass instead of the password (after a dispute step, say). */
export const getGuestOrder = (asker: GuestAsker) =>
  apiAs<OrderView>(asker, 'GET', `/api/v1/guest/orders/${encodeURIComponent(asker.orderId)}`);

export const revealGuestKeys = (orderId: string, password: string) =>
  api<{ keys: RevealedKey[] }>('POST', '/api/v1/guest/orders/keys', { orderId, password });

export const recoverGuestOrders = (email: string) =>
  api<{ sent: true }>('POST', '/api/v1/guest/orders/recover', { email });

export const getSandboxTrade = (tradeNo: string) =>
  api<SandboxTrade>('GET', `/api/v1/sandbox/trades/${encodeURIComponent(tradeNo)}`);

export const completeSandboxTrade = (tradeNo: string, outcome: 'paid' | 'failed') =>
  api<{ returnPath: string; notified: boolean }>(
    'POST',
    `/api/v1/sandbox/trades/${encodeURIComponent(tradeNo)}/complete`,
    { outcome },
  );

/** `provider`: a channel id from the public channel list. */
export const startTopup = (amount: number, provider: string, idempotencyKey: string) =>
  api<{ paymentId: string; redirectUrl: string }>(
    'POST',
    '/api/v1/wallet/topups',
    { amount, provider },
    idempotent(idempotencyKey),
  );

export const getPayment = (paymentId: string) =>
  api<PaymentView>('GET', `/api/v1/payments/${encodeURIComponent(paymentId)}`);

export const checkPayment = (paymentId: string) =>
  api<{ status: PaymentView['status'] }>('POST', `/api/v1/payments/${encodeURIComponent(paymentId)}/check`);
