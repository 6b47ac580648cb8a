import { defineReasons } from '../../platform/reasons.js';

/** Ledger reasons of the merchants module. */
export const merchantsReasons = defineReasons({
  merchant_deposit: { 'zh-CN': '缴纳店铺保证金：{shop}', en: 'Shop deposit paid: {shop}' },
  merchant_deposit_released: {
    'zh-CN': '店铺关闭，保证金退回：{shop}',
    en: 'Shop closed, deposit returned: {shop}',
  },
});
