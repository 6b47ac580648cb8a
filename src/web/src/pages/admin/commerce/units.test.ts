import { describe, expect, it } from 'vitest';
import { bpsToPercent, percentToBps } from './units.js';

describe('settings units', () => {
  it('reads percentages as whole basis points, without floats', () => {
    expect(percentToBps('3.5')).toBe(350);
    expect(percentToBps('5.00 %')).toBe(500);
    expect(percentToBps('0.07')).toBe(7);
    expect(percentToBps('50')).toBe(5_000);
    expect(percentToBps('1.005')).toBeNull();
    expect(percentToBps('-1')).toBeNull();
    expect(percentToBps('abc')).toBeNull();
  });

  it('shows basis points as a percentage with two decimals', () => {
    expect(bpsToPercent(500)).toBe('5.00');
    expect(bpsToPercent(350)).toBe('3.50');
    expect(bpsToPercent(7)).toBe('0.07');
    expect(bpsToPercent(0)).toBe('0.00');
  });
});
