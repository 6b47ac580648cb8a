import { describe, expect, it } from 'vitest';
import { interpolate, negotiateLocale } from './locale.js';

describe('negotiateLocale', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-TW', 'zh-CN'],
    ['fr-FR,en;q=0.5,zh;q=0.8', 'zh-CN'],
    ['fr-FR,en;q=0.5', 'en'],
    ['de', 'zh-CN'],
    ['*', 'zh-CN'],
    ['en;q=0, zh;q=0', 'zh-CN'],
    ['en;q=abc', 'zh-CN'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});

describe('interpolate', () => {
  it('fills known placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(interpolate('{toString}', {})).toBe('{toString}');
  });
});
