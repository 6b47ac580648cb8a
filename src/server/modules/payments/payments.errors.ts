import { defineErrors } from '../../platform/errors.js';

export const paymentsErrors = defineErrors({
  PAYMENT_NOT_FOUND: {
    status: 404,
    title: 'Payment not found',
    message: { 'zh-CN': '支付记录不存在。', en: 'No such payment.' },
    when: 'A payment id does not exist or is not the caller’s.',
  },
  PAYMENT_PROVIDER_UNKNOWN: {
    status: 400,
    title: 'Payment method not available',
    message: { 'zh-CN': '不支持的支付方式：{provider}', en: 'Payment method not available: {provider}' },
    when: 'A payment or callback names a provider that is not configured.',
  },
  PAYMENT_AMOUNT_OUT_OF_RANGE: {
    status: 400,
    title: 'Amount outside the channel limits',
    message: {
      'zh-CN': '该支付方式单笔金额须在 {min} 至 {max} 分之间。',
      en: 'This payment method takes between {min} and {max} fen per payment.',
    },
    when: 'A payment through a channel is below its minimum or above its maximum amount.',
  },
  PAYMENT_CURRENCY_NOT_SUPPORTED: {
    status: 400,
    title: 'Currency not taken by this payment method',
    message: {
      'zh-CN': '该支付方式不支持 {currency} 付款。',
      en: 'This payment method does not take {currency}.',
    },
    when: 'A payment in a currency its channel’s protocol cannot carry (epay takes CNY only).',
  },
  PAYMENT_PROVIDER_UNAVAILABLE: {
    status: 502,
    title: 'Payment provider unavailable',
    message: {
      'zh-CN': '支付通道暂时不可用，请稍后再试或换一种支付方式。',
      en: 'The payment method is unavailable right now; try again later or choose another one.',
    },
    when: 'Starting a checkout when the provider refuses or cannot be reached, or when the shop lacks what the provider needs (KAMENG_PUBLIC_URL for callbacks). The detail for operators is in `problem`, never a key.',
  },
  PAYMENT_CHANNEL_INVALID: {
    status: 400,
    title: 'Channel configuration invalid',
    message: {
      'zh-CN': '支付通道配置无效：{problem}',
      en: 'The payment channel configuration is invalid: {problem}',
    },
    when: 'An admin saves a channel whose settings or credentials do not fit its kind, whose key is empty or a placeholder, or whose minimum is above its maximum.',
  },
  REFUND_NOT_FAILED: {
    status: 409,
    title: 'Refund not failed',
    message: { 'zh-CN': '只有失败的退款可以重试。', en: 'Only a failed refund can be retried.' },
    when: 'An admin retries a refund that does not exist or has not failed.',
  },
  PAYMENT_ALERT_NOT_OPEN: {
    status: 409,
    title: 'Alert not open',
    message: { 'zh-CN': '该告警不存在或已处理。', en: 'No such open alert.' },
    when: 'Resolving an alert that does not exist or was already resolved.',
  },
  PAYMENT_CHANNEL_NOT_FOUND: {
    status: 404,
    title: 'Channel not found',
    message: { 'zh-CN': '支付通道不存在。', en: 'No such payment channel.' },
    when: 'An admin names a channel that does not exist.',
  },
  PAYMENT_CALLBACK_REJECTED: {
    status: 400,
    title: 'Payment callback rejected',
    message: { 'zh-CN': '支付回调校验失败：{reason}', en: 'Payment callback rejected: {reason}' },
    when: 'A provider callback has a bad signature, names an unknown payment, or its amount or currency differs from the payment. Nothing changes; the callback is stored with the verdict.',
  },
  PAYMENT_CALLBACK_SOURCE_REFUSED: {
    status: 403,
    title: 'Callback from an address the channel does not accept',
    message: {
      'zh-CN': '回调来源地址 {ip} 不在该支付通道允许的范围内。',
      en: 'Callbacks from {ip} are not accepted on this payment channel.',
    },
    when: 'A callback arrives from an address outside the channel’s callback sources (when the admin set any). Nothing changes; the callback is stored with the verdict.',
  },
  PAYMENT_AMOUNT_INVALID: {
    status: 400,
    title: 'Amount not allowed',
    message: {
      'zh-CN': '金额须在 {min} 到 {max} 之间。',
      en: 'The amount must be between {min} and {max}.',
    },
    when: 'A top-up asks for less than ¥1 or more than the per-payment maximum.',
  },
  SANDBOX_TRADE_NOT_FOUND: {
    status: 404,
    title: 'Sandbox trade not found',
    message: { 'zh-CN': '沙箱交易不存在。', en: 'No such sandbox trade.' },
    when: 'The sandbox checkout page is opened for a trade the sandbox provider does not know.',
  },
  SANDBOX_TRADE_CLOSED: {
    status: 409,
    title: 'Sandbox trade already finished',
    message: { 'zh-CN': '该沙箱交易已完成，不能重复操作。', en: 'This sandbox trade is already finished.' },
    when: 'A sandbox trade is paid or failed a second time.',
  },
});
