import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isId, newId, ulid } from './ids.js';

describe('ids', () => {
  it('are prefixed and shaped as ULIDs', () => {
    const id = newId('user');
    expect(id).toMatch(/^usr_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(isId('user', id)).toBe(true);
    expect(isId('session', id)).toBe(false);
  });

  it('sort in creation order, even many within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => ulid(1_790_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sort by time across milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 1, max: 1000 }), (t, dt) => {
        const earlier = ulid(1_800_000_000_000 + t);
        const later = ulid(1_800_000_000_000 + t + dt);
        expect(earlier < later).toBe(true);
      }),
    );
  });
});
