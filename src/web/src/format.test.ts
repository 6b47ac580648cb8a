import { describe, expect, it } from 'vitest';
import { shortenUserAgent } from './format.js';

describe('shortenUserAgent', () => {
  it('names the browser and system of a desktop Chrome', () => {
    const ua =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    expect(shortenUserAgent(ua)).toBe('Chrome 131 · Windows');
  });

  it('tells Edge apart from the Chrome it is built on', () => {
    const ua =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86';
    expect(shortenUserAgent(ua)).toBe('Edge 131 · Windows');
  });

  it('recognises Safari on an iPhone', () => {
    const ua =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
    expect(shortenUserAgent(ua)).toBe('Safari 17 · iOS');
  });

  it('recognises WeChat on Android before the Chrome engine inside it', () => {
    const ua =
      'Mozilla/5.0 (Linux; Android 14; V2302A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.49';
    expect(shortenUserAgent(ua)).toBe('WeChat 8 · Android');
  });

  it('cuts an unknown agent to 40 characters', () => {
    expect(shortenUserAgent('x'.repeat(60))).toBe(`${'x'.repeat(40)}…`);
    expect(shortenUserAgent('okhttp')).toBe('okhttp');
  });
});
