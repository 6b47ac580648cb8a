import type { Translation } from '../zh-CN.js';

export const shopEn: Translation['shop'] = {
  navTitle: 'Shop',
};
