import { defineErrors } from '../../platform/errors.js';

export const disputesErrors = defineErrors({
  DISPUTE_NOT_FOUND: {
    status: 404,
    title: 'Dispute not found',
    message: { 'zh-CN': '售后申请不存在。', en: 'No such dispute.' },
    when: 'The dispute does not exist or is not the caller’s (another buyer’s, another shop’s).',
  },
  DISPUTE_NOT_OPENABLE: {
    status: 409,
    title: 'Order cannot be disputed',
    message: {
      'zh-CN': '该订单当前状态不能申请售后：只有已发货的订单，或结算后 7 天内的订单可以申请。',
      en: 'This order cannot be disputed now: only delivered orders, or orders settled less than 7 days ago, can be.',
    },
    when: 'The order is unpaid, cancelled, expired, refunding or fully refunded.',
  },
  DISPUTE_NOT_DELIVERED: {
    status: 409,
    title: 'Not delivered yet',
    message: {
      'zh-CN': '商家尚未发货：超过承诺的发货时间仍未发货的订单会自动全额退款，无需申请。',
      en: 'Not delivered yet: an order still undelivered at its promised time is refunded in full automatically.',
    },
    when: 'Disputing a paid top-up or manual order the merchant has not delivered (the delivery deadline protects it).',
  },
  DISPUTE_WINDOW_PASSED: {
    status: 409,
    title: 'Dispute window passed',
    message: {
      'zh-CN': '订单结算已超过 7 天，不能再申请售后。',
      en: 'The order settled more than 7 days ago and can no longer be disputed.',
    },
    when: 'Disputing a settled order more than 7 days after its settlement.',
  },
  DISPUTE_ALREADY_EXISTS: {
    status: 409,
    title: 'Order already disputed',
    message: {
      'zh-CN': '每个订单只能申请一次售后；对处理结果不满意可以申诉。',
      en: 'An order can be disputed once; appeal its decision if you disagree.',
    },
    when: 'The order has an open dispute, or had one (withdrawn or decided).',
  },
  DISPUTE_STEP_NOT_ALLOWED: {
    status: 409,
    title: 'Not possible at this stage',
    message: {
      'zh-CN': '售后已进入其他阶段，不能执行此操作，请刷新后查看最新进展。',
      en: 'The dispute has moved to another stage; this step is not possible. Reload to see where it is.',
    },
    when: 'Responding after the merchant already did, accepting without an answer, deciding a dispute that is not escalated, appealing after the window or a second time, and the like.',
  },
  DISPUTE_AMOUNT_INVALID: {
    status: 400,
    title: 'Amount invalid',
    message: {
      'zh-CN': '金额须大于 0，且不超过订单可退金额（{max} 分）{more}。',
      en: 'The amount must be above 0 and at most what the order has left ({max} fen){more}.',
    },
    when: 'A requested, offered or decided refund of more than the order has left; a partial refund equal to the whole; an appeal that would refund less than already refunded.',
  },
  DISPUTE_REPLACE_NOT_CARD_KEY: {
    status: 400,
    title: 'Only card keys can be replaced',
    message: {
      'zh-CN': '只有卡密订单可以补发卡密；充值和人工订单请协商退款或提交说明。',
      en: 'Only card-key orders can have keys replaced; for top-ups offer a refund or contest with a note.',
    },
    when: 'The merchant answers a dispute on a top-up or manual order with `replace`.',
  },
});
