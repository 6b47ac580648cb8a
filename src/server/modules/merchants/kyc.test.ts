import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityProblem, maskIdentityNumber, withCheckCharacter } from './kyc.js';

describe('KYC identity numbers', () => {
  it('accepts a published sample 身份证号 and refuses it with any other check digit', () => {
    // The example of GB 11643-1999 Annex A.
    expect(identityProblem('individual', '11010519491231002X')).toBeNull();
    for (const wrong of '0123456789')
      expect(identityProblem('individual', `11010519491231002${wrong}`)).toMatch(/check digit/);
  });

  it('refuses a 身份证号 whose birth date is not a date', () => {
    expect(identityProblem('individual', withCheckCharacter('individual', '11010519490231002'))).toMatch(
      /birth date/,
    );
  });

  it('accepts a published sample 统一社会信用代码 and refuses a changed character', () => {
    expect(identityProblem('company', '91350100M000100Y43')).toBeNull();
    expect(identityProblem('company', '91350100M000100Y44')).toMatch(/check character/);
    expect(identityProblem('company', '91350100I000100Y43')).toMatch(/without I/);
  });

  it('detects every single-character change of a valid credit code', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const code = fc
      .array(fc.constantFrom(...alphabet), { minLength: 17, maxLength: 17 })
      .map((chars) => withCheckCharacter('company', chars.join('')));
    fc.assert(
      fc.property(code, fc.nat(17), fc.constantFrom(...alphabet), (valid, at, replacement) => {
        fc.pre(valid[at] !== replacement);
        const changed = valid.slice(0, at) + replacement + valid.slice(at + 1);
        expect(identityProblem('company', valid)).toBeNull();
        expect(identityProblem('company', changed)).not.toBeNull();
      }),
    );
  });

  it('masks all but the region and the last four characters', () => {
    expect(maskIdentityNumber('11010519491231002x')).toBe('110105********002X');
  });
});
