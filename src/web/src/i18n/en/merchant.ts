import type { Translation } from '../zh-CN.js';

export const merchantEn: Translation['merchant'] = {
  navTitle: 'Merchant console',
};
