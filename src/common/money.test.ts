import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMinor,
  formatMoney,
  MoneyError,
  moneyFromInput,
  moneyToInput,
  parseMoney,
  sumMinor,
} from './money.js';

const safeAmount = fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

describe('money', () => {
  it('formats CNY fen as yuan with two decimals at the edge', () => {
    expect(formatMoney(1230, 'CNY')).toBe('¥12.30');
    expect(formatMoney(5, 'CNY')).toBe('¥0.05');
    expect(formatMoney(-5, 'CNY')).toBe('-¥0.05');
    expect(formatMoney(123456789, 'CNY')).toBe('¥1,234,567.89');
    expect(formatMoney(0, 'CNY')).toBe('¥0.00');
    expect(formatMoney(120, 'ZUAN')).toBe('120 钻');
    expect(formatMoney(1200000, 'ZUAN')).toBe('1,200,000 钻');
  });

  it('parses what it formats back to the same integer, for every safe amount', () => {
    fc.assert(
      fc.property(safeAmount, fc.constantFrom('CNY' as const, 'ZUAN' as const), (amount, currency) => {
        const text = formatMoney(amount, currency).replace('¥', '').replace(' 钻', '');
        expect(parseMoney(text, currency)).toBe(amount);
      }),
    );
  });

  it('gives forms a plain decimal to start from and reads what people type back, null when it is not money', () => {
    expect(moneyToInput(50_000, 'CNY')).toBe('500.00');
    expect(moneyToInput(5, 'CNY')).toBe('0.05');
    expect(moneyToInput(-5, 'CNY')).toBe('-0.05');
    expect(moneyToInput(1_200_000, 'ZUAN')).toBe('1200000');
    fc.assert(
      fc.property(safeAmount, fc.constantFrom('CNY' as const, 'ZUAN' as const), (amount, currency) => {
        expect(moneyFromInput(moneyToInput(amount, currency), currency)).toBe(amount);
      }),
    );
    for (const bad of ['1.005', 'abc', '五百', '']) expect(moneyFromInput(bad, 'CNY')).toBeNull();
  });

  it('refuses more decimals than the currency has instead of rounding (acg-faka#964)', () => {
    expect(() => parseMoney('0.015', 'CNY')).toThrow(MoneyError);
    expect(() => parseMoney('1.5', 'ZUAN')).toThrow(MoneyError);
    expect(parseMoney('0.1', 'CNY')).toBe(10);
    expect(parseMoney(' 12 ', 'CNY')).toBe(1200);
  });

  it('refuses text that is not a plain decimal', () => {
    for (const bad of ['', '1e3', '0x10', '1.2.3', 'NaN', 'Infinity', '¥1', '1,23', '--1', '9'.repeat(20)]) {
      expect(() => parseMoney(bad, 'CNY'), bad).toThrow(MoneyError);
    }
  });

  it('adds exactly and refuses to leave the safe integer range', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e12, max: 1e12 }), { maxLength: 50 }), (amounts) => {
        expect(sumMinor(amounts)).toBe(amounts.reduce((a, b) => a + b, 0));
      }),
    );
    expect(() => addMinor(Number.MAX_SAFE_INTEGER, 1)).toThrow(MoneyError);
    expect(() => addMinor(0.5, 1)).toThrow(MoneyError);
    expect(() => formatMoney(1.5, 'CNY')).toThrow(MoneyError);
  });
});
