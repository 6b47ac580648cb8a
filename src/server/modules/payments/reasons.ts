import { defineReasons } from '../../platform/reasons.js';

/** Ledger reasons of the payments module. */
export const paymentsReasons = defineReasons({
  payment_received: { 'zh-CN': '收到付款（{channel}）', en: 'Payment received ({channel})' },
  refund_to_channel: { 'zh-CN': '原路退回（{channel}）', en: 'Refunded to {channel}' },
});
