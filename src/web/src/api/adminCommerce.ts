import type { CategoryView } from '../../../common/api/catalog.js';
import type { AdminMerchantView, MerchantStatusName } from '../../../common/api/merchants.js';
import type { ShopSettings, ShopSettingsView } from '../../../common/api/settings.js';
import type { Page } from '../../../common/pagination.js';
import { api, withQuery } from './client.js';
import { PAGE_SIZE, type AuditRecord } from './endpoints.js';

/** The admin commerce console's endpoints: merchant review, the category tree, shop settings. */

export const listMerchants = (status: MerchantStatusName | null, cursor: string | null) =>
  api<Page<AdminMerchantView>>(
    'GET',
    withQuery('/api/v1/admin/merchants', { status, cursor, limit: PAGE_SIZE }),
  );

export const getMerchant = (merchantId: string) =>
  api<AdminMerchantView>('GET', `/api/v1/admin/merchants/${encodeURIComponent(merchantId)}`);

export const reviewMerchant = (merchantId: string, body: { decision: 'approve' | 'reject'; note: string }) =>
  api<AdminMerchantView>('POST', `/api/v1/admin/merchants/${encodeURIComponent(merchantId)}/review`, body);

export const setMerchantStatus = (
  merchantId: string,
  body: { status: 'active' | 'suspended'; reason: string },
) => api<AdminMerchantView>('POST', `/api/v1/admin/merchants/${encodeURIComponent(merchantId)}/status`, body);

/** Audited decisions about one shop (approve, reject, suspend, reinstate), newest first. */
export const listMerchantHistory = (merchantId: string) =>
  api<Page<AuditRecord>>('GET', withQuery('/api/v1/admin/audit-log', { targetId: merchantId, limit: 50 }));

export interface CategoryInput {
  parentId: string | null;
  nameZh: string;
  nameEn: string;
  sortOrder: number;
  status: CategoryView['status'];
}

export const listAdminCategories = () => api<{ items: CategoryView[] }>('GET', '/api/v1/admin/categories');

export const createCategory = (body: CategoryInput) =>
  api<CategoryView>('POST', '/api/v1/admin/categories', body);

/** A full replacement: the server applies its defaults to any field left out. */
export const updateCategory = (categoryId: string, body: CategoryInput) =>
  api<CategoryView>('PUT', `/api/v1/admin/categories/${encodeURIComponent(categoryId)}`, body);

export const getShopSettings = () => api<ShopSettingsView>('GET', '/api/v1/admin/settings');

export const updateShopSettings = (body: Partial<ShopSettings> & { reason: string }) =>
  api<ShopSettingsView>('PUT', '/api/v1/admin/settings', body);
