import { defineReasons } from '../../platform/reasons.js';

/** Ledger reasons of orders: what a buyer, a merchant and an auditor read next to each line. */
export const ordersReasons = defineReasons({
  order_payment: { 'zh-CN': '支付订单：{item}', en: 'Order paid: {item}' },
  order_escrow: { 'zh-CN': '订单担保中：{item}', en: 'In escrow: {item}' },
  order_settlement: { 'zh-CN': '订单结算：{item}', en: 'Order settled: {item}' },
  order_refund: { 'zh-CN': '订单退款：{item}（{why}）', en: 'Order refunded: {item} ({why})' },
  order_clawback: {
    'zh-CN': '售后追回：{item}（已结算款项退回买家）',
    en: 'Recovered for a refund: {item} (settled money returned to the buyer)',
  },
});
