import { describe, expect, it } from 'vitest';
import { readLoginState, readVerifyState, safeNextPath } from './navigation.js';

describe('safeNextPath', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeNextPath('/admin/users?q=li')).toBe('/admin/users?q=li');
  });

  it('refuses anything that would leave the site', () => {
    for (const next of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
    ]) {
      expect(safeNextPath(next)).toBe('/');
    }
  });

  it('goes home when there is no next', () => {
    expect(safeNextPath(null)).toBe('/');
  });
});

describe('router state between the auth pages', () => {
  it('reads only the fields it knows, with the right types', () => {
    expect(readLoginState({ email: 'a@example.com', notice: 'verified', extra: 1 })).toEqual({
      email: 'a@example.com',
      notice: 'verified',
    });
    expect(readLoginState({ email: 42, notice: 'hacked' })).toEqual({});
    expect(readLoginState(null)).toEqual({});
  });

  it('needs both the verification id and the email to verify', () => {
    expect(readVerifyState({ verificationId: 'ech_1', email: 'a@example.com' })).toEqual({
      verificationId: 'ech_1',
      email: 'a@example.com',
    });
    expect(readVerifyState({ verificationId: 'ech_1' })).toBeNull();
  });
});
