import type { Me } from '../../../common/api/accounts.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { accountsErrors } from './accounts.errors.js';
import { settleLoginAttempt } from './login-attempts.repository.js';
import { reserveLoginAttempt } from './login-throttle.js';
import { burnPasswordCheck, verifyPassword } from './passwords.js';
import { presentMe } from './profile.service.js';
import { revokeSession } from './sessions.repository.js';
import { startSession, type IssuedSession } from './sessions.service.js';
import { findUserByEmail, rolesOf } from './users.repository.js';

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
  /** The session this browser held before, if any: revoked so a planted session id dies at login. */
  previousSessionId: string | null;
}

/**
 * The login pipeline: throttle → password → account state → [second factor, new-device challenge: the
 * account-security issue adds these as outcomes] → session. Each refusal is recorded in the login
 * history before it is reported.
 */
export type LoginOutcome = { status: 'signed_in'; user: Me; session: IssuedSession };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function login(ctx: ServiceContext, input: LoginInput): Promise<LoginOutcome> {
  const email = normalizeEmail(input.email);
  const reservation = await reserveLoginAttempt(ctx, { email, ip: input.ip, userAgent: input.userAgent });
  if (reservation.kind === 'throttled') {
    throw new AppError(
      accountsErrors.AUTH_LOGIN_THROTTLED,
      { minutes: Math.ceil(reservation.retryAfterSeconds / 60) },
      { headers: { 'retry-after': String(reservation.retryAfterSeconds) } },
    );
  }
  const attemptId = reservation.attemptId;

  const user = await findUserByEmail(ctx.db, email);
  if (!user) {
    await burnPasswordCheck(input.password);
    throw new AppError(accountsErrors.AUTH_INVALID_CREDENTIALS);
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await settleLoginAttempt(ctx.db, attemptId, 'bad_credentials', user.id);
    throw new AppError(accountsErrors.AUTH_INVALID_CREDENTIALS);
  }
  if (user.status !== 'active') {
    await settleLoginAttempt(ctx.db, attemptId, 'disabled', user.id);
    throw new AppError(accountsErrors.AUTH_ACCOUNT_DISABLED);
  }

  const session = await ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    if (input.previousSessionId) await revokeSession(trx, input.previousSessionId, 'replaced_at_login', now);
    await settleLoginAttempt(trx, attemptId, 'success', user.id);
    return startSession(trx, ctx, { userId: user.id, ip: input.ip, userAgent: input.userAgent });
  });
  return { status: 'signed_in', user: presentMe(user, await rolesOf(ctx.db, user.id)), session };
}
