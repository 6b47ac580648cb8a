import { defineErrors } from '../../platform/errors.js';

export const ordersErrors = defineErrors({
  ORDER_NOT_FOUND: {
    status: 404,
    title: 'Order not found',
    message: { 'zh-CN': '订单不存在。', en: 'No such order.' },
    when: 'An order id does not exist or is not the caller’s (another buyer’s order, another shop’s order, or a guest order without its password).',
  },
  ORDER_OUT_OF_STOCK: {
    status: 409,
    title: 'Out of stock',
    message: { 'zh-CN': '库存不足，暂时无法下单。', en: 'Not enough stock for this order.' },
    when: 'Creating an order (or re-reserving for a late payment) finds fewer available card keys than the quantity. Nothing is reserved and no money moves.',
  },
  ORDER_DISPUTE_OPEN: {
    status: 409,
    title: 'Dispute open',
    message: {
      'zh-CN': '该订单有进行中的售后申请：请在售后中接受处理结果或撤销申请。',
      en: 'This order has an open dispute: accept its outcome or withdraw it there.',
    },
    when: 'Confirming receipt (or another step that would settle the order) while a dispute is open.',
  },
  ORDER_REFUND_AMOUNT_INVALID: {
    status: 400,
    title: 'Refund amount invalid',
    message: {
      'zh-CN': '退款金额须为正数，且不超过订单剩余可退金额（{max} 分）。',
      en: 'The refund must be positive and at most what is left of the order ({max} fen).',
    },
    when: 'A dispute step asks to refund nothing, a fraction of a 分, or more than the order has left after earlier refunds.',
  },
  ORDER_KEYS_NOT_REPLACEABLE: {
    status: 400,
    title: 'Keys not replaceable',
    message: {
      'zh-CN': '只能补发本订单已发出、且尚未被替换的卡密。',
      en: 'Only keys delivered with this order and not yet replaced can be replaced.',
    },
    when: 'The merchant names keys that are not part of the order, or were already replaced.',
  },
  ORDER_REPLACEMENT_OUT_OF_STOCK: {
    status: 409,
    title: 'No stock to replace keys',
    message: {
      'zh-CN': '库存不足，无法补发 {count} 个卡密：请先上传新卡密。',
      en: 'Not enough keys in stock to replace {count}: upload new keys first.',
    },
    when: 'The merchant replaces keys in a dispute, but the product has fewer available keys than needed. Nothing changes.',
  },
  ORDER_QUANTITY_LIMIT: {
    status: 400,
    title: 'Quantity over the limit',
    message: { 'zh-CN': '每单最多购买 {max} 件。', en: 'At most {max} per order.' },
    when: 'An order asks for more units than the product allows per order.',
  },
  ORDER_DAILY_LIMIT: {
    status: 409,
    title: 'Daily limit reached',
    message: {
      'zh-CN': '该商品每人每天限购 {max} 件，今天还可购买 {left} 件。',
      en: 'This product is limited to {max} per buyer per day; {left} left today.',
    },
    when: 'A buyer’s orders for a product today (unpaid ones included, cancelled and expired ones not) would exceed its daily limit.',
  },
  ORDER_TOO_MANY_UNPAID: {
    status: 409,
    title: 'Too many unpaid orders',
    message: {
      'zh-CN': '你有 {count} 个未支付订单，请先支付或取消后再下单。',
      en: 'You have {count} unpaid orders; pay or cancel them first.',
    },
    when: 'A buyer (or guest email) already has the maximum of unpaid orders: stock reserved by unpaid orders is capped per buyer.',
  },
  ORDER_RULES_CHANGED: {
    status: 409,
    title: 'Terms changed',
    message: {
      'zh-CN': '商品的购买须知已更新，请重新阅读后再下单。',
      en: 'The product’s terms changed; read them again before ordering.',
    },
    when: 'The `rulesVersion` sent with the order is not the product’s current one: the buyer acknowledged older rules.',
  },
  ORDER_ACKNOWLEDGEMENT_REQUIRED: {
    status: 400,
    title: 'Acknowledgement required',
    message: {
      'zh-CN': '请先确认：{what}',
      en: 'Please confirm first: {what}',
    },
    when: 'An order for goods excluded from 7-day no-reason returns arrives without the buyer’s explicit confirmation of that exclusion.',
  },
  ORDER_MEMBERS_ONLY: {
    status: 403,
    title: 'Members only',
    message: { 'zh-CN': '该商品仅限会员购买。', en: 'This product is for members only.' },
    when: 'A buyer who is not a member (or a guest) orders member-only goods.',
  },
  ORDER_BUYER_INPUT_INVALID: {
    status: 400,
    title: 'Order details invalid',
    message: { 'zh-CN': '请正确填写“{field}”。', en: 'Please fill in "{field}" correctly.' },
    when: 'A required top-up field is missing, too long, does not match its pattern, or an unknown field is sent.',
  },
  ORDER_GUEST_NOT_ALLOWED: {
    status: 401,
    title: 'Sign in to buy this',
    message: {
      'zh-CN': '该商品需要登录后购买（游客仅可购买卡密商品）。',
      en: 'Sign in to buy this (guests can buy card keys only).',
    },
    when: 'A guest (not signed in) orders top-up or manual goods, or a signed-in buyer sends guest details.',
  },
  ORDER_NOT_PAYABLE: {
    status: 409,
    title: 'Order cannot be paid',
    message: {
      'zh-CN': '订单当前状态为“{status}”，不能支付。',
      en: 'The order is "{status}" and cannot be paid.',
    },
    when: 'Paying an order that is already paid, cancelled, refunded, or whose payment window has passed (expired).',
  },
  ORDER_INSUFFICIENT_BALANCE: {
    status: 409,
    title: 'Not enough balance',
    message: {
      'zh-CN': '余额不足：需要 {amount}，可用 {available}。',
      en: 'Not enough balance: {amount} needed, {available} available.',
    },
    when: 'Paying from the wallet with less available balance than the order amount. Nothing changes.',
  },
  ORDER_ACTION_NOT_ALLOWED: {
    status: 409,
    title: 'Not possible in this state',
    message: {
      'zh-CN': '订单当前状态为“{status}”，不能{action}。',
      en: 'The order is "{status}"; you cannot {action} it now.',
    },
    when: 'Confirming an order not delivered, delivering one not paid (or a card-key order), cancelling one already paid, and similar.',
  },
  ORDER_GUEST_LOOKUP_THROTTLED: {
    status: 429,
    title: 'Too many wrong passwords',
    message: {
      'zh-CN': '查询密码错误次数过多，请 {minutes} 分钟后再试。',
      en: 'Too many wrong passwords; try again in {minutes} minutes.',
    },
    when: 'Ten wrong query passwords for one order, or thirty from one IP, within an hour.',
  },
});
