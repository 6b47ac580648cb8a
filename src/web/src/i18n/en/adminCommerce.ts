import type { Translation } from '../zh-CN.js';

export const adminCommerceEn: Translation['adminCommerce'] = {
  navTitle: 'Merchant review',
};
