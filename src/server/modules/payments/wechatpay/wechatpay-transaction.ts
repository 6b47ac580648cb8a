/**
 * A WeChat Pay transaction (交易对象) as the query answer and a decrypted notification carry it:
 * `{ mchid, appid, out_trade_no, transaction_id, trade_state, amount: { total, payer_total, currency } }`.
 * Amounts are integers in 分; `total` is the order's amount (what Kameng asked for), `payer_total` what the
 * buyer paid after WeChat-funded discounts.
 */
export type Json = Record<string, unknown>;

export interface WechatpayTransaction {
  mchid: string;
  appid: string;
  outTradeNo: string;
  /** WeChat's trade number; absent until the buyer pays. */
  transactionId: string | null;
  /** SUCCESS, REFUND (paid, then refunded: 转入退款), NOTPAY, CLOSED, REVOKED, USERPAYING, PAYERROR. */
  tradeState: string;
  total: number;
  currency: string;
}

/** The states in which the buyer's money reached the merchant (REFUND: and some went back since). */
export const PAID_STATES = new Set(['SUCCESS', 'REFUND']);
/** The states in which no money will come for this out_trade_no. */
export const UNPAID_FINAL_STATES = new Set(['CLOSED', 'REVOKED', 'PAYERROR']);

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJson(text: string): Json | null {
  try {
    const value: unknown = JSON.parse(text);
    return isJson(value) ? value : null;
  } catch {
    return null;
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The transaction, or null when a field Kameng relies on is missing or not what it should be. */
export function readTransaction(value: unknown): WechatpayTransaction | null {
  if (!isJson(value)) return null;
  const amount = isJson(value.amount) ? value.amount : {};
  const total = amount.total;
  const mchid = text(value.mchid);
  const appid = text(value.appid);
  const outTradeNo = text(value.out_trade_no);
  const tradeState = text(value.trade_state);
  const currency = text(amount.currency);
  if (!mchid || !appid || !outTradeNo || !tradeState || !currency) return null;
  if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0) return null;
  if (!/^[A-Z]{3}$/.test(currency)) return null;
  return {
    mchid,
    appid,
    outTradeNo,
    transactionId: text(value.transaction_id),
    tradeState,
    total,
    currency,
  };
}
