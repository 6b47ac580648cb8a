import { defineErrors } from '../../platform/errors.js';

export const payoutsErrors = defineErrors({
  PAYOUT_NOT_FOUND: {
    status: 404,
    title: 'Payout not found',
    message: { 'zh-CN': '提现申请不存在。', en: 'No such payout.' },
    when: 'The payout does not exist, or belongs to another shop.',
  },
  PAYOUT_EXCEEDS_WITHDRAWABLE: {
    status: 409,
    title: 'More than can be withdrawn',
    message: {
      'zh-CN': '可提现金额为 {withdrawable} 分（结算满 {days} 天的收入）。',
      en: 'You can withdraw {withdrawable} fen now (earnings settled at least {days} days ago).',
    },
    when: 'The amount is above the settled earnings older than the reserve period of the shop’s tier, less pending payouts.',
  },
  PAYOUT_BLOCKED_BY_DISPUTES: {
    status: 409,
    title: 'Open disputes exceed the deposit',
    message: {
      'zh-CN': '进行中的售后金额（{open} 分）超过保证金（{deposit} 分），处理完售后后才能提现。',
      en: 'Open disputes ({open} fen) exceed the deposit ({deposit} fen): resolve them before withdrawing.',
    },
    when: 'The money asked back in the shop’s open disputes is larger than its deposit.',
  },
  PAYOUT_NOT_PENDING: {
    status: 409,
    title: 'Payout already decided',
    message: { 'zh-CN': '该提现申请已处理（{status}）。', en: 'This payout was already decided ({status}).' },
    when: 'Approving, rejecting or cancelling a payout that is no longer requested.',
  },
});
