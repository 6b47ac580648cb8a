import { defineReasons } from '../../platform/reasons.js';

/**
 * The ledger's own reason codes and the generic money movements every shop has. Business modules add
 * theirs (orders, payments, membership) through their module's `reasons`.
 */
export const ledgerReasons = defineReasons({
  wallet_topup: { 'zh-CN': '余额充值（{channel}）', en: 'Wallet top-up ({channel})' },
  purchase: { 'zh-CN': '购买：{item}', en: 'Purchase: {item}' },
  purchase_hold: { 'zh-CN': '下单冻结：{item}', en: 'Held for order: {item}' },
  refund: { 'zh-CN': '退款：{item}', en: 'Refund: {item}' },
  zuan_purchase: { 'zh-CN': '购买 {zuan} 钻', en: 'Bought {zuan} 钻' },
  zuan_spend: { 'zh-CN': '使用钻：{item}', en: 'Spent 钻: {item}' },
  settlement: { 'zh-CN': '订单结算 {order}', en: 'Order settlement {order}' },
  platform_fee: { 'zh-CN': '平台服务费', en: 'Platform fee' },
  adjustment: { 'zh-CN': '人工调整：{note}', en: 'Manual adjustment: {note}' },
  compensation: { 'zh-CN': '补偿：{note}', en: 'Compensation: {note}' },
  hold_expired: { 'zh-CN': '冻结到期自动解冻', en: 'Hold expired and was released' },
  hold_released: { 'zh-CN': '冻结已解除', en: 'Hold released' },
});
