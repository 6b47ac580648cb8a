import { hmacSha256Hex, seal, unseal, type KeyRing } from '../../platform/crypto.js';
import type { KycType } from './merchants.tables.js';

/**
 * KYC identity numbers: checked, sealed at rest and shown masked (PRODUCT.md P3). Check digits catch
 * typing mistakes before a reviewer sees the application; they prove nothing about the person, which is
 * what the review is for.
 */
const ID_CARD_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CARD_CHECK = '10X98765432';
const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function normalizeIdentityNumber(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

/** Returns what is wrong with the number, or null when it passes its standard's checks. */
export function identityProblem(type: KycType, value: string): string | null {
  const number = normalizeIdentityNumber(value);
  return type === 'individual' ? idCardProblem(number) : creditCodeProblem(number);
}

/** 居民身份证号码, GB 11643-1999: 17 digits with a birth date at 7–14, then an ISO 7064 MOD 11-2 check. */
function idCardProblem(number: string): string | null {
  if (!/^\d{17}[\dX]$/.test(number)) return '18 characters: 17 digits and a digit or X';
  const year = Number(number.slice(6, 10));
  const month = Number(number.slice(10, 12));
  const day = Number(number.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1900 ||
    birth.getUTCFullYear() !== year ||
    birth.getUTCMonth() !== month - 1 ||
    birth.getUTCDate() !== day
  ) {
    return 'the birth date (characters 7–14) is not a date';
  }
  const sum = ID_CARD_WEIGHTS.reduce((total, weight, i) => total + weight * Number(number[i]), 0);
  return ID_CARD_CHECK[sum % 11] === number[17] ? null : 'the check digit does not match';
}

/** 统一社会信用代码, GB 32100-2015: 17 characters of a 31-letter alphabet and a MOD 31 check character. */
function creditCodeProblem(number: string): string | null {
  if (number.length !== 18 || [...number].some((c) => !CREDIT_CODE_CHARS.includes(c))) {
    return '18 characters of 0–9 and A–Y without I, O, S, V, Z';
  }
  const sum = CREDIT_CODE_WEIGHTS.reduce(
    (total, weight, i) => total + weight * CREDIT_CODE_CHARS.indexOf(number[i]!),
    0,
  );
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_CHARS[check] === number[17] ? null : 'the check character does not match';
}

/** Keeps the first six (region) and last four characters: enough to recognise, not to misuse. */
export function maskIdentityNumber(value: string): string {
  const number = normalizeIdentityNumber(value);
  return `${number.slice(0, 6)}${'*'.repeat(Math.max(0, number.length - 10))}${number.slice(-4)}`;
}

export function identityFingerprint(keys: KeyRing, value: string): string {
  return hmacSha256Hex(keys.subkey('kyc-fingerprint'), normalizeIdentityNumber(value));
}

/** Sealed under the `kyc` subkey and bound to the merchant: the ciphertext opens for that shop only. */
export function sealIdentityNumber(keys: KeyRing, merchantId: string, value: string): string {
  return seal(keys.subkey('kyc'), normalizeIdentityNumber(value), merchantId);
}

export function unsealIdentityNumber(keys: KeyRing, merchantId: string, sealed: string): string {
  return unseal(keys.subkey('kyc'), sealed, merchantId);
}

/** A valid number for demos and tests: the given 17 characters completed with their check character. */
export function withCheckCharacter(type: KycType, first17: string): string {
  if (type === 'individual') {
    const sum = ID_CARD_WEIGHTS.reduce((total, weight, i) => total + weight * Number(first17[i]), 0);
    return first17 + ID_CARD_CHECK[sum % 11]!;
  }
  const sum = CREDIT_CODE_WEIGHTS.reduce(
    (total, weight, i) => total + weight * CREDIT_CODE_CHARS.indexOf(first17[i]!),
    0,
  );
  return first17 + CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]!;
}
