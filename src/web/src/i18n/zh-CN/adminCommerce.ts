/** Texts of the adminCommerce screens (zh-CN is the source of truth; en/adminCommerce.ts mirrors its keys). */
export const adminCommerceZhCN = {
  navTitle: '商家审核',
};
