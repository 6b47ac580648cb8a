import { describe, expect, it } from 'vitest';
import { keyProblem, MAX_KEY_LENGTH } from './card-key-secrets.js';

describe('what can be a card key', () => {
  it('accepts printable text, Chinese included, up to the length limit', () => {
    expect(keyProblem('WZRY60-7F3A-91C2-55D0')).toBeNull();
    expect(keyProblem('卡号 1234 密码 abcd')).toBeNull();
    expect(keyProblem('x'.repeat(MAX_KEY_LENGTH))).toBeNull();
  });

  it('refuses empty, over-long and control-character lines with a stable code', () => {
    expect(keyProblem('')).toBe('empty');
    expect(keyProblem('x'.repeat(MAX_KEY_LENGTH + 1))).toBe('too_long');
    for (const control of ['\u0000', '\t', '\u001b', '\u007f', '\u0085'])
      expect(keyProblem(`KEY${control}1`)).toBe('control_characters');
  });
});
