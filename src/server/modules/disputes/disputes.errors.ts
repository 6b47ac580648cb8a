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
    title: 'Dispute cannot be opened',
    message: {
      'zh-CN': '该订单当前不能申请售后：{why}',
      en: 'This order cannot be disputed now: {why}',
    },
    when: 'The order is not delivered (unpaid, waiting for delivery — the delivery deadline refunds it —, refunded), was settled more than 7 days ago, was fully refunded, or already had a dispute.',
  },
  DISPUTE_STEP_NOT_ALLOWED: {
    status: 409,
    title: 'Not possible at this stage',
    message: {
      'zh-CN': '售后当前状态（{status}）下不能执行此操作。',
      en: 'This step is not possible while the dispute is {status}.',
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
