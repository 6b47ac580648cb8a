import { addMs, HOUR_MS, MINUTE_MS, toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import { hmacSha256Hex, randomDigits, randomToken, safeEqual, type KeyRing } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import type { ChallengePurpose } from './accounts.tables.js';
import { accountsErrors } from './accounts.errors.js';
import { recentChallengeTimes, recordWrongCode, type ChallengeRow } from './challenges.repository.js';

/**
 * One-time email codes: 6 digits, valid 10 minutes, 5 wrong tries per request, a resend at most every
 * minute and 5 times, at most 5 requests per email per hour. With 5 tries of 10^6 a guess succeeds with
 * probability 5×10⁻⁶ per request. Codes are stored as HMACs bound to the request id, never in clear.
 */
export const CODE_LENGTH = 6;
export const CODE_TTL_MS = 10 * MINUTE_MS;
export const MAX_CODE_ATTEMPTS = 5;
export const RESEND_COOLDOWN_MS = MINUTE_MS;
export const MAX_SENDS = 5;
export const MAX_CHALLENGES_PER_HOUR = 5;
/** After this, a request cannot be revived by a resend: start over. */
export const CHALLENGE_LIFETIME_MS = 24 * HOUR_MS;

export function newCode(): string {
  return randomDigits(CODE_LENGTH);
}

export function hashCode(keys: KeyRing, challengeId: string, code: string): string {
  return hmacSha256Hex(keys.subkey('email-code'), `${challengeId}:${code}`);
}

/** A hash no code can match: for decoy requests that must look real from outside. */
export function unmatchableCodeHash(): string {
  return `decoy:${randomToken(32)}`;
}

export async function enforceChallengeQuota(
  db: Db,
  email: string,
  purpose: ChallengePurpose,
  now: Date,
): Promise<void> {
  const times = await recentChallengeTimes(db, email, purpose, addMs(now, -HOUR_MS));
  if (times.length >= MAX_CHALLENGES_PER_HOUR) {
    const retryAt = addMs(new Date(times[0]!), HOUR_MS);
    throw tooManyCodes(retryAt, now);
  }
}

function tooManyCodes(retryAt: Date, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  return new AppError(
    accountsErrors.AUTH_TOO_MANY_CODES,
    { minutes: Math.ceil(seconds / 60) },
    { headers: { 'retry-after': String(seconds) } },
  );
}

export type CodeCheck = { ok: true } | { ok: false; error: AppError };

/**
 * Checks a submitted code. A wrong code is counted in the caller's transaction, which the caller must
 * commit before reporting the error, so that failed tries are never rolled back with it.
 */
export async function checkCode(
  db: Db,
  keys: KeyRing,
  challenge: ChallengeRow | undefined,
  code: string,
  now: Date,
): Promise<CodeCheck> {
  if (!challenge || challenge.consumed_at !== null || challenge.expires_at <= toStoredTime(now)) {
    return { ok: false, error: invalidCode(0) };
  }
  if (challenge.attempts >= MAX_CODE_ATTEMPTS) {
    return { ok: false, error: new AppError(accountsErrors.AUTH_CODE_ATTEMPTS_EXCEEDED) };
  }
  if (!safeEqual(hashCode(keys, challenge.id, code), challenge.code_hash)) {
    await recordWrongCode(db, challenge.id);
    const remaining = MAX_CODE_ATTEMPTS - challenge.attempts - 1;
    return {
      ok: false,
      error:
        remaining > 0 ? invalidCode(remaining) : new AppError(accountsErrors.AUTH_CODE_ATTEMPTS_EXCEEDED),
    };
  }
  return { ok: true };
}

/** The one answer for a wrong, expired, used or unknown code; `remaining` tries are left. */
export function invalidCode(remaining: number): AppError {
  return new AppError(accountsErrors.AUTH_CODE_INVALID, {}, { extensions: { remainingAttempts: remaining } });
}

/** Checks whether a resend is allowed now; throws the reason if not. */
export function assertResendAllowed(
  challenge: ChallengeRow | undefined,
  now: Date,
): asserts challenge is ChallengeRow {
  if (
    !challenge ||
    challenge.consumed_at !== null ||
    challenge.attempts >= MAX_CODE_ATTEMPTS ||
    addMs(new Date(challenge.created_at), CHALLENGE_LIFETIME_MS) <= now
  ) {
    throw invalidCode(0);
  }
  const nextAllowed = addMs(new Date(challenge.last_sent_at), RESEND_COOLDOWN_MS);
  if (nextAllowed > now) {
    const seconds = Math.ceil((nextAllowed.getTime() - now.getTime()) / 1000);
    throw new AppError(
      accountsErrors.AUTH_RESEND_TOO_SOON,
      { seconds },
      { headers: { 'retry-after': String(seconds) } },
    );
  }
  if (challenge.sends >= MAX_SENDS) {
    throw tooManyCodes(addMs(new Date(challenge.created_at), CHALLENGE_LIFETIME_MS), now);
  }
}
