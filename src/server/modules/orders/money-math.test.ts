import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderAmount, platformFee, refundSplit, MAX_ORDER_AMOUNT } from './money-math.js';

describe('order money', () => {
  it('rounds the fee half up in whole 分', () => {
    expect(platformFee(600, 500)).toBe(30);
    expect(platformFee(10, 500)).toBe(1); // 0.5 分 rounds up
    expect(platformFee(9, 500)).toBe(0); // 0.45 分 rounds down
    expect(platformFee(1, 0)).toBe(0);
  });

  it('keeps fee and payout integers that add up to the amount, for any amount and rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_ORDER_AMOUNT }),
        fc.integer({ min: 0, max: 10_000 }),
        (amount, bps) => {
          const fee = platformFee(amount, bps);
          expect(Number.isSafeInteger(fee)).toBe(true);
          expect(fee).toBeGreaterThanOrEqual(0);
          expect(fee).toBeLessThanOrEqual(amount);
          // Within half a 分 of the exact share.
          expect(Math.abs(fee * 10_000 - amount * bps)).toBeLessThanOrEqual(5_000);
        },
      ),
    );
  });

  it('refuses amounts beyond the order maximum instead of rounding them', () => {
    expect(orderAmount(600, 3)).toBe(1_800);
    expect(() => orderAmount(MAX_ORDER_AMOUNT, 2)).toThrow(/out of range/);
    expect(() => orderAmount(0.1, 3)).toThrow(/out of range/);
  });

  it('splits any sequence of refunds so that merchant and fee parts are never negative and a full refund returns the whole fee', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 8 }),
        (amount, feeBps, weights) => {
          // Cut the amount into refunds proportional to the weights; the last one takes the rest.
          const total = weights.reduce((a, b) => a + b, 0);
          const parts = weights.map((w) => Math.floor((amount * w) / total)).filter((p) => p > 0);
          const rest = amount - parts.reduce((a, b) => a + b, 0);
          if (rest > 0) parts.push(rest);
          let refunded = 0;
          let fees = 0;
          for (const part of parts) {
            const split = refundSplit({ amount, feeBps }, refunded, part);
            expect(split.merchant).toBeGreaterThanOrEqual(0);
            expect(split.fee).toBeGreaterThanOrEqual(0);
            expect(split.merchant + split.fee).toBe(part);
            refunded += part;
            fees += split.fee;
          }
          expect(fees).toBe(platformFee(amount, feeBps));
        },
      ),
    );
  });

  it('refuses a refund beyond what is left', () => {
    expect(() => refundSplit({ amount: 1_000, feeBps: 500 }, 600, 401)).toThrow();
    expect(() => refundSplit({ amount: 1_000, feeBps: 500 }, 0, 0)).toThrow();
  });
});
