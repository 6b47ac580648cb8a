import { MoneyError } from '../../../common/money.js';

/** Order amounts: integer 分 only, with explicit rounding (acg-faka#964 was floats and 2-decimal rounding). */
export const MAX_ORDER_AMOUNT = 100_000_000_00;

export function orderAmount(unitPrice: number, quantity: number): number {
  const amount = unitPrice * quantity;
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_ORDER_AMOUNT)
    throw new MoneyError(`order amount ${unitPrice} × ${quantity} is out of range`);
  return amount;
}

/** The platform fee in 分: basis points of the amount, rounded half up, never more than the amount. */
export function platformFee(amount: number, feeBps: number): number {
  if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(feeBps) || feeBps < 0 || feeBps > 10_000)
    throw new MoneyError(`fee of ${feeBps} bps on ${amount}`);
  return Math.min(amount, Math.floor((amount * feeBps + 5_000) / 10_000));
}

/**
 * How a refund splits between the merchant's share and the platform fee. The fee stays what it would
 * be on the amount the buyer still pays for, so a full refund returns the whole fee and the merchant
 * never pays the platform for goods it had to take back.
 */
export function refundSplit(
  order: { amount: number; feeBps: number },
  refundedBefore: number,
  refund: number,
): { merchant: number; fee: number } {
  const after = refundedBefore + refund;
  if (!Number.isSafeInteger(refund) || refund <= 0 || refundedBefore < 0 || after > order.amount)
    throw new MoneyError(`refund of ${refund} after ${refundedBefore} on ${order.amount}`);
  const fee =
    platformFee(order.amount - refundedBefore, order.feeBps) -
    platformFee(order.amount - after, order.feeBps);
  return { merchant: refund - fee, fee };
}
