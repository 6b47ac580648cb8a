import type { KeyUploadReport, ProductInput, ProductView } from '../../../common/api/catalog.js';
import type {
  ApiKeyScope,
  ApiKeyView,
  MerchantApplication,
  MyShopView,
} from '../../../common/api/merchants.js';
import type { OrderStatusName, OrderView } from '../../../common/api/orders.js';
import type { Page } from '../../../common/pagination.js';
import { api, withQuery } from './client.js';

/** Typed calls of the merchant console. Types only from src/common: no zod in the bundle. */

export type MerchantOrderView = Omit<OrderView, 'payments'> & {
  buyerLabel: string;
  fee: number;
  payout: number;
  /**
   * One card-key order's view only (null in lists and for other goods): each delivered key as its id and
   * last four characters (`…ABCD`), and whether a dispute replaced it.
   */
  deliveredKeys: Array<{ id: string; hint: string; replaced: boolean }> | null;
};

export type CardKeyState = 'available' | 'reserved' | 'sold' | 'withdrawn';

export interface KeyBatch {
  id: string;
  source: 'paste' | 'csv' | 'api';
  submitted: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  createdAt: string;
}

export interface Inventory {
  productId: string;
  counts: Partial<Record<CardKeyState, number>>;
  batches: KeyBatch[];
}

export interface CreatedApiKey {
  apiKey: ApiKeyView;
  token: string;
}

export type ProductPatch = Partial<Omit<ProductInput, 'kind'>>;

const enc = encodeURIComponent;
export const MERCHANT_PAGE_SIZE = 20;

export const getMyShop = () => api<{ shop: MyShopView | null }>('GET', '/api/v1/merchant/shop');

export const applyForShop = (body: MerchantApplication) =>
  api<MyShopView>('POST', '/api/v1/merchant/application', body);

export const payDeposit = (amount: number, idempotencyKey: string) =>
  api<MyShopView>(
    'POST',
    '/api/v1/merchant/deposit',
    { amount },
    { headers: { 'Idempotency-Key': idempotencyKey } },
  );

export const listMyProducts = (cursor: string | null) =>
  api<Page<ProductView>>(
    'GET',
    withQuery('/api/v1/merchant/products', { cursor, limit: MERCHANT_PAGE_SIZE }),
  );

export const getMyProduct = (productId: string) =>
  api<ProductView>('GET', `/api/v1/merchant/products/${enc(productId)}`);

export const createProduct = (body: ProductInput) =>
  api<ProductView>('POST', '/api/v1/merchant/products', body);

export const updateProduct = (productId: string, body: ProductPatch) =>
  api<ProductView>('PATCH', `/api/v1/merchant/products/${enc(productId)}`, body);

export const setProductStatus = (productId: string, status: 'listed' | 'delisted') =>
  api<ProductView>('POST', `/api/v1/merchant/products/${enc(productId)}/status`, { status });

export const getInventory = (productId: string) =>
  api<Inventory>('GET', `/api/v1/merchant/products/${enc(productId)}/keys`);

export const uploadKeys = (productId: string, body: { format: 'paste' | 'csv'; text: string }) =>
  api<KeyUploadReport>('POST', `/api/v1/merchant/products/${enc(productId)}/keys`, body);

export const withdrawKeys = (productId: string, body: { count: number; reason: string }) =>
  api<Inventory>('POST', `/api/v1/merchant/products/${enc(productId)}/keys/withdraw`, body);

export const listShopOrders = (status: OrderStatusName | null, cursor: string | null) =>
  api<Page<MerchantOrderView>>(
    'GET',
    withQuery('/api/v1/merchant/orders', { status, cursor, limit: MERCHANT_PAGE_SIZE }),
  );

export const getShopOrder = (orderId: string) =>
  api<MerchantOrderView>('GET', `/api/v1/merchant/orders/${enc(orderId)}`);

export const deliverOrder = (orderId: string, note: string) =>
  api<MerchantOrderView>('POST', `/api/v1/merchant/orders/${enc(orderId)}/deliver`, { note });

export const refundOrder = (orderId: string, reason: string) =>
  api<MerchantOrderView>('POST', `/api/v1/merchant/orders/${enc(orderId)}/refund`, { reason });

export const listApiKeys = () => api<{ items: ApiKeyView[] }>('GET', '/api/v1/merchant/api-keys');

export const createApiKey = (body: { name: string; scopes: ApiKeyScope[] }) =>
  api<CreatedApiKey>('POST', '/api/v1/merchant/api-keys', body);

export const revokeApiKey = (keyId: string) =>
  api<ApiKeyView>('POST', `/api/v1/merchant/api-keys/${enc(keyId)}/revoke`);
