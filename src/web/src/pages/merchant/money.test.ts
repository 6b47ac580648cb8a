import { describe, expect, it } from 'vitest';
import { parseYuan, yuanText } from './money.js';

describe('merchant money input', () => {
  it('writes 分 as the decimal a person types', () => {
    expect(yuanText(50_000)).toBe('500.00');
    expect(yuanText(5)).toBe('0.05');
    expect(yuanText(0)).toBe('0.00');
  });

  it('reads yuan into 分 without floats and refuses what is not a positive amount', () => {
    expect(parseYuan('6.5')).toBe(650);
    expect(parseYuan('0.1')).toBe(10);
    expect(parseYuan('1,234.56')).toBe(123_456);
    expect(parseYuan('1.005')).toBeNull();
    expect(parseYuan('0')).toBeNull();
    expect(parseYuan('-3')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
  });
});
