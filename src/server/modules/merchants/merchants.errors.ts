import { defineErrors } from '../../platform/errors.js';

export const merchantsErrors = defineErrors({
  MERCHANT_NOT_FOUND: {
    status: 404,
    title: 'Merchant not found',
    message: { 'zh-CN': '商户不存在。', en: 'No such merchant.' },
    when: 'A merchant id does not exist, or (for public pages) the shop is not open.',
  },
  MERCHANT_ALREADY_APPLIED: {
    status: 409,
    title: 'Already applied',
    message: {
      'zh-CN': '你已提交过开店申请（状态：{status}）。',
      en: 'You have already applied to open a shop (status: {status}).',
    },
    when: 'A user who already has a shop (in any state but rejected) applies again.',
  },
  MERCHANT_SHOP_NAME_TAKEN: {
    status: 409,
    title: 'Shop name taken',
    message: { 'zh-CN': '店铺名称“{name}”已被使用。', en: 'The shop name "{name}" is taken.' },
    when: 'An application uses a shop name another shop already has.',
  },
  MERCHANT_IDENTITY_INVALID: {
    status: 400,
    title: 'Identity number invalid',
    message: {
      'zh-CN': '证件号码校验失败：{problem}',
      en: 'The identity number is not valid: {problem}',
    },
    when: 'A 身份证号 fails its GB 11643 check digit or date, or a 统一社会信用代码 fails its GB 32100 check character.',
  },
  MERCHANT_IDENTITY_IN_USE: {
    status: 409,
    title: 'Identity already has a shop',
    message: {
      'zh-CN': '该证件已用于另一家店铺。',
      en: 'This identity is already used by another shop.',
    },
    when: 'An application uses an identity number that another shop (open, suspended or closing) was approved with.',
  },
  MERCHANT_REVIEW_REASON_REQUIRED: {
    status: 400,
    title: 'Reason required',
    message: { 'zh-CN': '驳回申请时必须写明原因。', en: 'Say why when you decline an application.' },
    when: 'An admin rejects an application without a note of at least two characters.',
  },
  MERCHANT_NOT_ACTIVE: {
    status: 409,
    title: 'Shop not active',
    message: {
      'zh-CN': '店铺当前状态为“{status}”，不能执行此操作。',
      en: 'The shop is "{status}" and cannot do this.',
    },
    when: 'A merchant action (listing goods, uploading keys, creating API keys) needs an active shop.',
  },
  MERCHANT_REQUIRED: {
    status: 403,
    title: 'No shop',
    message: { 'zh-CN': '你还没有店铺。', en: 'You do not have a shop.' },
    when: 'A merchant console route is called by a user who has no shop.',
  },
  MERCHANT_API_KEY_NOT_FOUND: {
    status: 404,
    title: 'API key not found',
    message: { 'zh-CN': 'API 密钥不存在。', en: 'No such API key.' },
    when: 'A merchant revokes a key that does not exist or is not theirs.',
  },
});
