import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderAmount, platformFee, MAX_ORDER_AMOUNT } from './money-math.js';

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
});
