/** Texts of the merchant screens (zh-CN is the source of truth; en/merchant.ts mirrors its keys). */
export const merchantZhCN = {
  navTitle: '商家后台',
};
