/** Texts of the shop screens (zh-CN is the source of truth; en/shop.ts mirrors its keys). */
export const shopZhCN = {
  navTitle: '商城',
};
