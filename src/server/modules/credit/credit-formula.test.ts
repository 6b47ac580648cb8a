import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../../platform/clock.js';
import { creditScore, type CreditFacts } from './credit-formula.js';

const clean: CreditFacts = {
  completedOrders: 0,
  disputes: 0,
  disputesLost: 0,
  deadlinesMissed: 0,
  medianFirstResponseMs: null,
};

describe('the published credit formula', () => {
  it('starts a new shop at 60 with no sanction, and rewards volume and quick replies', () => {
    expect(creditScore(clean)).toMatchObject({ score: 60, level: 'none', disputeRateBps: 0 });
    expect(creditScore({ ...clean, completedOrders: 99 }).score).toBe(76);
    expect(creditScore({ ...clean, completedOrders: 999, medianFirstResponseMs: 10 * MINUTE_MS }).score).toBe(
      99,
    );
    expect(creditScore({ ...clean, medianFirstResponseMs: 30 * HOUR_MS }).score).toBe(55);
  });

  it('costs a new shop about 19 points per lost dispute, and escalates sanctions with repeated losses', () => {
    expect(creditScore({ ...clean, disputes: 1, disputesLost: 1 })).toMatchObject({
      score: 41,
      level: 'warning',
    });
    expect(creditScore({ ...clean, disputes: 2, disputesLost: 2 })).toMatchObject({
      score: 24,
      level: 'listings_hidden',
    });
    expect(creditScore({ ...clean, disputes: 3, disputesLost: 3 })).toMatchObject({
      score: 8,
      level: 'suspended',
    });
    // The same loss weighs little for a shop with a long clean record.
    expect(creditScore({ ...clean, completedOrders: 1_000, disputes: 1, disputesLost: 1 }).level).toBe(
      'none',
    );
  });

  it('never rises with more losses or missed deadlines, never falls with more completed orders, stays within 0–100', () => {
    const facts = fc.record({
      completedOrders: fc.integer({ min: 0, max: 100_000 }),
      disputes: fc.integer({ min: 0, max: 1_000 }),
      disputesLost: fc.integer({ min: 0, max: 1_000 }),
      deadlinesMissed: fc.integer({ min: 0, max: 1_000 }),
      medianFirstResponseMs: fc.option(fc.integer({ min: 0, max: 100 * HOUR_MS }), { nil: null }),
    });
    fc.assert(
      fc.property(facts, (f) => {
        const { score } = creditScore(f);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        expect(creditScore({ ...f, disputesLost: f.disputesLost + 1 }).score).toBeLessThanOrEqual(score);
        expect(creditScore({ ...f, deadlinesMissed: f.deadlinesMissed + 1 }).score).toBeLessThanOrEqual(
          score,
        );
        expect(creditScore({ ...f, completedOrders: f.completedOrders + 1 }).score).toBeGreaterThanOrEqual(
          score,
        );
        const parts = creditScore(f).parts.reduce((sum, p) => sum + p.points, 0);
        expect(score).toBe(Math.max(0, Math.min(100, parts)));
      }),
    );
  });
});
