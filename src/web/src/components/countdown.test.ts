import { describe, expect, it } from 'vitest';
import { formatSpan } from './countdown.js';

describe('delivery countdown', () => {
  it('shows hours beyond a day, minutes and seconds', () => {
    expect(formatSpan(0)).toBe('00:00');
    expect(formatSpan(59_999)).toBe('00:59');
    expect(formatSpan((14 * 60 + 5) * 1000)).toBe('14:05');
    expect(formatSpan(3_600_000 + 61_000)).toBe('1:01:01');
    expect(formatSpan(72 * 3_600_000)).toBe('72:00:00');
  });

  it('measures overdue spans the same way', () => {
    expect(formatSpan(-90_000)).toBe('01:30');
  });
});
