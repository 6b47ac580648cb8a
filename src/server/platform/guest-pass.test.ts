import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyRing } from './crypto.js';
import { GUEST_PASS_TTL_MS, issueGuestPass, verifyGuestPass } from './guest-pass.js';

describe('guest order pass', () => {
  const keys = createKeyRing(randomBytes(32));
  const now = new Date('2026-11-22T08:00:00Z');
  const pass = issueGuestPass(keys, 'ord_A', now);

  it('opens its own order until it expires', () => {
    expect(verifyGuestPass(keys, pass, 'ord_A', now)).toBe(true);
    expect(verifyGuestPass(keys, pass, 'ord_A', new Date(now.getTime() + GUEST_PASS_TTL_MS - 1))).toBe(true);
    expect(verifyGuestPass(keys, pass, 'ord_A', new Date(now.getTime() + GUEST_PASS_TTL_MS))).toBe(false);
  });

  it('opens no other order, and refuses tampering or another key', () => {
    expect(verifyGuestPass(keys, pass, 'ord_B', now)).toBe(false);
    const [id, expires, mac] = pass.split('.');
    expect(verifyGuestPass(keys, `${id}.${Number(expires) + 60_000}.${mac}`, 'ord_A', now)).toBe(false);
    expect(verifyGuestPass(keys, `ord_B.${expires}.${mac}`, 'ord_B', now)).toBe(false);
    expect(verifyGuestPass(createKeyRing(randomBytes(32)), pass, 'ord_A', now)).toBe(false);
    expect(verifyGuestPass(keys, 'garbage', 'ord_A', now)).toBe(false);
  });
});
