import { describe, expect, it } from 'vitest';
import { callbackSourceAllowed, invalidCallbackSource } from './callback-sources.js';

describe('callback sources', () => {
  it('accepts any address when the channel names none', () => {
    expect(callbackSourceAllowed([], '198.51.100.7')).toBe(true);
    expect(callbackSourceAllowed([], '2001:db8::1')).toBe(true);
  });

  it('matches single addresses and CIDR blocks of both families, and IPv4 seen through IPv6', () => {
    const sources = ['203.0.113.7', '198.51.100.0/24', '2001:db8:abcd::/48'];
    expect(callbackSourceAllowed(sources, '203.0.113.7')).toBe(true);
    expect(callbackSourceAllowed(sources, '203.0.113.8')).toBe(false);
    expect(callbackSourceAllowed(sources, '198.51.100.255')).toBe(true);
    expect(callbackSourceAllowed(sources, '198.51.101.0')).toBe(false);
    expect(callbackSourceAllowed(sources, '::ffff:198.51.100.3')).toBe(true);
    expect(callbackSourceAllowed(sources, '2001:db8:abcd:12::5')).toBe(true);
    expect(callbackSourceAllowed(sources, '2001:db8:abce::5')).toBe(false);
    expect(callbackSourceAllowed(sources, 'not-an-ip')).toBe(false);
  });

  it('names the first entry that is not an address or a block', () => {
    expect(invalidCallbackSource(['203.0.113.0/24', '2001:db8::/32', '::1'])).toBeNull();
    for (const bad of [
      '203.0.113.0/33',
      '256.1.1.1',
      '1.2.3',
      'example.com',
      '2001:db8::/129',
      '10.0.0.0/8/8',
      '1.2.3.4/-1',
      ':::1',
    ])
      expect(invalidCallbackSource(['10.0.0.1', bad]), bad).toBe(bad);
  });
});
