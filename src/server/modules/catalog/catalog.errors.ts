import { defineErrors } from '../../platform/errors.js';

export const catalogErrors = defineErrors({
  CATALOG_CATEGORY_NOT_FOUND: {
    status: 404,
    title: 'Category not found',
    message: { 'zh-CN': '分类不存在。', en: 'No such category.' },
    when: 'A category id does not exist (or is hidden, for buyers).',
  },
  CATALOG_CATEGORY_INVALID: {
    status: 400,
    title: 'Category not allowed here',
    message: { 'zh-CN': '分类设置无效：{problem}', en: 'Invalid category: {problem}' },
    when: 'A category would be nested more than two levels deep, or goods are put in a game (top-level) category instead of one of its kinds of goods.',
  },
  CATALOG_PRODUCT_NOT_FOUND: {
    status: 404,
    title: 'Product not found',
    message: { 'zh-CN': '商品不存在或已下架。', en: 'No such product, or it is no longer on sale.' },
    when: 'A product id does not exist, belongs to another shop (merchant routes), or is not on sale (buyer routes).',
  },
  CATALOG_PRODUCT_INVALID: {
    status: 400,
    title: 'Product terms invalid',
    message: { 'zh-CN': '商品设置无效：{problem}', en: 'Invalid product: {problem}' },
    when: 'Top-up or manual goods without a promised delivery time, card-key goods with buyer fields, a field pattern that is not a valid regular expression, or duplicate field keys.',
  },
  CATALOG_NOT_CARD_KEY_PRODUCT: {
    status: 409,
    title: 'No card-key inventory',
    message: {
      'zh-CN': '该商品不是卡密商品，没有卡密库存。',
      en: 'This product is not sold as card keys and has no key inventory.',
    },
    when: 'Keys are uploaded to or withdrawn from a top-up or manual product.',
  },
  CATALOG_NOT_ENOUGH_AVAILABLE_KEYS: {
    status: 409,
    title: 'Not enough available keys',
    message: {
      'zh-CN': '可下架的卡密只有 {available} 张。',
      en: 'Only {available} keys are available to withdraw.',
    },
    when: 'A merchant withdraws more keys than are available (reserved and sold keys cannot be withdrawn).',
  },
});
