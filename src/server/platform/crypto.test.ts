import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyRing, loadOrCreateMasterKey, randomDigits, safeEqual, seal, unseal } from './crypto.js';

describe('crypto', () => {
  const keys = createKeyRing(randomBytes(32));

  it('derives distinct, stable subkeys per purpose', () => {
    expect(keys.subkey('a').equals(keys.subkey('a'))).toBe(true);
    expect(keys.subkey('a').equals(keys.subkey('b'))).toBe(false);
  });

  it('seals and unseals, and refuses tampering, another context or another key', () => {
    const key = keys.subkey('test');
    const sealed = seal(key, '卡密 ABCD-1234', 'order:1');
    expect(sealed).not.toContain('ABCD');
    expect(unseal(key, sealed, 'order:1')).toBe('卡密 ABCD-1234');
    expect(() => unseal(key, sealed, 'order:2')).toThrow();
    expect(() => unseal(keys.subkey('other'), sealed, 'order:1')).toThrow();
    const parts = sealed.split('.');
    parts[2] = Buffer.from('forged').toString('base64url');
    expect(() => unseal(key, parts.join('.'), 'order:1')).toThrow();
    expect(seal(key, 'same', 'c')).not.toBe(seal(key, 'same', 'c'));
  });

  it('makes codes of digits only, of the requested length', () => {
    for (let i = 0; i < 200; i++) expect(randomDigits(6)).toMatch(/^\d{6}$/);
  });

  it('compares strings of any length without throwing', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });

  it('creates the master key once, mode 0600, and reads it back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-key-'));
    const first = loadOrCreateMasterKey(dir, undefined);
    expect(first.origin).toBe('generated');
    expect(fs.statSync(first.file!).mode & 0o777).toBe(0o600);
    const second = loadOrCreateMasterKey(dir, undefined);
    expect(second.origin).toBe('file');
    expect(second.key.equals(first.key)).toBe(true);
    const fromEnv = loadOrCreateMasterKey(dir, randomBytes(32).toString('base64'));
    expect(fromEnv.origin).toBe('environment');
    expect(() => loadOrCreateMasterKey(dir, Buffer.from('short').toString('base64'))).toThrow(/32 bytes/);
    fs.rmSync(dir, { recursive: true });
  });
});
