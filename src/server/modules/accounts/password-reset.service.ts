import type { Locale } from '../../../common/locale.js';
import { addMs, toStoredTime } from '../../platform/clock.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { queueEmail } from '../../platform/mail.js';
import { accountsErrors } from './accounts.errors.js';
import { consumeChallenge, findChallenge, insertChallenge } from './challenges.repository.js';
import {
  checkCode,
  invalidCode,
  CODE_TTL_MS,
  enforceChallengeQuota,
  hashCode,
  newCode,
  unmatchableCodeHash,
} from './codes.js';
import { passwordChangedEmail, passwordResetCodeEmail } from './emails.js';
import { normalizeEmail } from './login.service.js';
import { checkPassword, describePasswordProblem } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { revokeSessionsOfUser } from './sessions.repository.js';
import { findUserByEmail, findUserById, updateUserPassword } from './users.repository.js';

/**
 * "Forgot password": a code by email, then a new password with that code. Unknown emails get a decoy
 * request (no mail), so the answer never tells whether an account exists. A reset signs the account out
 * everywhere and tells the owner by email.
 */
export async function requestPasswordReset(
  ctx: ServiceContext,
  input: { email: string; locale?: Locale | undefined },
  requestLocale: Locale,
): Promise<{ resetId: string; expiresAt: string }> {
  const email = normalizeEmail(input.email);
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    await enforceChallengeQuota(trx, email, 'password_reset', now);
    const user = await findUserByEmail(trx, email);
    const id = newId('emailChallenge', now);
    const code = newCode();
    const expiresAt = addMs(now, CODE_TTL_MS);
    const canReset = user !== undefined && user.status === 'active';
    await insertChallenge(
      trx,
      {
        id,
        purpose: 'password_reset',
        email,
        userId: user?.id ?? null,
        codeHash: canReset ? hashCode(ctx.keys, id, code) : unmatchableCodeHash(),
        payload: {},
        expiresAt,
      },
      now,
    );
    if (canReset) {
      const message = passwordResetCodeEmail(
        email,
        input.locale ?? user.locale ?? requestLocale,
        ctx.config.shopName,
        code,
        CODE_TTL_MS / 60_000,
      );
      await queueEmail(trx, now, ctx.keys, message);
    }
    return { resetId: id, expiresAt: toStoredTime(expiresAt) };
  });
}

export async function confirmPasswordReset(
  ctx: ServiceContext,
  input: { resetId: string; code: string; newPassword: string },
  requestLocale: Locale,
): Promise<void> {
  const outcome = await ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const challenge = await findChallenge(trx, input.resetId, 'password_reset');
    // Policy before the code, so a weak password does not burn one of the five tries.
    const problem = challenge ? checkPassword(input.newPassword, challenge.email) : null;
    if (problem) {
      return {
        ok: false as const,
        error: new AppError(accountsErrors.AUTH_PASSWORD_WEAK, {
          reason: describePasswordProblem(problem, requestLocale),
        }),
      };
    }
    const check = await checkCode(trx, ctx.keys, challenge, input.code, now);
    if (!check.ok) return check;
    const user = challenge!.user_id ? await findUserById(trx, challenge!.user_id) : undefined;
    if (!user || user.status !== 'active' || Number(await consumeChallenge(trx, challenge!.id, now)) !== 1) {
      return {
        ok: false as const,
        error: invalidCode(0),
      };
    }
    return { ok: true as const, user };
  });
  if (!outcome.ok) throw outcome.error;

  // argon2 outside the transaction: a 50 ms hash must not hold SQLite's write lock.
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    await updateUserPassword(trx, outcome.user.id, passwordHash, now);
    await revokeSessionsOfUser(trx, outcome.user.id, 'password_reset', now);
    await queueEmail(
      trx,
      now,
      ctx.keys,
      passwordChangedEmail(outcome.user.email, outcome.user.locale, ctx.config.shopName, toStoredTime(now)),
    );
  });
}
