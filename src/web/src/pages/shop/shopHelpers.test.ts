import { describe, expect, it } from 'vitest';
import { formatCountdown, secondsUntil } from './shopHelpers.js';

describe('the payment countdown', () => {
  it('counts whole seconds to the deadline and never below zero', () => {
    const now = Date.parse('2026-11-22T08:00:00.000Z');
    expect(secondsUntil('2026-11-22T08:15:00.000Z', now)).toBe(900);
    expect(secondsUntil('2026-11-22T08:00:00.900Z', now)).toBe(0);
    expect(secondsUntil('2026-11-22T07:59:00.000Z', now)).toBe(0);
  });

  it('shows minutes and seconds, and hours only when there are some', () => {
    expect(formatCountdown(0)).toBe('00:00');
    expect(formatCountdown(14 * 60 + 5)).toBe('14:05');
    expect(formatCountdown(3725)).toBe('1:02:05');
  });
});
