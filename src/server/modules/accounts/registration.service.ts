import type { Locale } from '../../../common/locale.js';
import { DEFAULT_LOCALE } from '../../../common/locale.js';
import type { Role } from '../../../common/roles.js';
import { isUniqueViolation } from '../../db/errors.js';
import { SYSTEM_ACTOR, userActor } from '../../platform/actor.js';
import { addMs, toStoredTime } from '../../platform/clock.js';
import type { Db, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { queueEmail } from '../../platform/mail.js';
import { recordInitialState } from '../../platform/state-machine.js';
import { accountsErrors } from './accounts.errors.js';
import {
  consumeChallenge,
  findChallenge,
  insertChallenge,
  replaceChallengeCode,
} from './challenges.repository.js';
import {
  assertResendAllowed,
  checkCode,
  invalidCode,
  CODE_TTL_MS,
  enforceChallengeQuota,
  hashCode,
  newCode,
  unmatchableCodeHash,
} from './codes.js';
import { alreadyRegisteredEmail, verificationCodeEmail } from './emails.js';
import { normalizeEmail } from './login.service.js';
import { checkPassword, describePasswordProblem } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { userLifecycle } from './user-lifecycle.js';
import { findUserByEmail, grantRoles, insertUser } from './users.repository.js';

/**
 * Registration in two steps: `startRegistration` remembers the would-be account (with its password hash)
 * in an email challenge and mails a code; `completeRegistration` creates the account when the code comes
 * back with the challenge id the browser was given.
 *
 * Binding the code to the challenge id defeats account pre-hijacking: someone who registers a victim's
 * email first never receives the code, and the victim's code only completes the victim's own attempt.
 * An email that is already registered gets a decoy challenge and a "someone tried to register" notice,
 * so the API never reveals which emails have accounts.
 */
interface PendingAccount {
  kind: 'new_account';
  passwordHash: string;
  displayName: string;
  locale: Locale;
}
interface DecoyForExistingAccount {
  kind: 'existing_account';
}
type RegisterPayload = PendingAccount | DecoyForExistingAccount;

export interface RegistrationInput {
  email: string;
  password: string;
  displayName?: string | undefined;
  locale?: Locale | undefined;
}

export async function startRegistration(
  ctx: ServiceContext,
  input: RegistrationInput,
  requestLocale: Locale,
): Promise<{ verificationId: string; expiresAt: string }> {
  const email = normalizeEmail(input.email);
  const locale = input.locale ?? requestLocale;
  const problem = checkPassword(input.password, email);
  if (problem)
    throw new AppError(accountsErrors.AUTH_PASSWORD_WEAK, {
      reason: describePasswordProblem(problem, requestLocale),
    });
  // Hash before looking the email up, so both paths cost the same time.
  const passwordHash = await hashPassword(input.password);

  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    await enforceChallengeQuota(trx, email, 'register', now);
    const existing = await findUserByEmail(trx, email);
    const id = newId('emailChallenge', now);
    const code = newCode();
    const expiresAt = addMs(now, CODE_TTL_MS);
    const payload: RegisterPayload = existing
      ? { kind: 'existing_account' }
      : {
          kind: 'new_account',
          passwordHash,
          displayName: input.displayName ?? defaultDisplayName(email),
          locale,
        };
    await insertChallenge(
      trx,
      {
        id,
        purpose: 'register',
        email,
        userId: existing?.id ?? null,
        codeHash: existing ? unmatchableCodeHash() : hashCode(ctx.keys, id, code),
        payload,
        expiresAt,
      },
      now,
    );
    await queueEmail(
      trx,
      now,
      ctx.keys,
      registrationEmail(ctx, email, existing ? existing.locale : locale, existing ? null : code),
    );
    return { verificationId: id, expiresAt: toStoredTime(expiresAt) };
  });
}

function registrationEmail(ctx: ServiceContext, email: string, locale: Locale, code: string | null) {
  return code === null
    ? alreadyRegisteredEmail(email, locale, ctx.config.shopName)
    : verificationCodeEmail(email, locale, ctx.config.shopName, code, CODE_TTL_MS / 60_000);
}

function defaultDisplayName(email: string): string {
  return (email.split('@')[0] ?? email).slice(0, 40);
}

export async function resendRegistrationCode(
  ctx: ServiceContext,
  verificationId: string,
): Promise<{ verificationId: string; expiresAt: string }> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const challenge = await findChallenge(trx, verificationId, 'register');
    assertResendAllowed(challenge, now);
    const payload = JSON.parse(challenge.payload) as RegisterPayload;
    const code = newCode();
    const expiresAt = addMs(now, CODE_TTL_MS);
    const isDecoy = payload.kind === 'existing_account';
    await replaceChallengeCode(
      trx,
      challenge.id,
      isDecoy ? unmatchableCodeHash() : hashCode(ctx.keys, challenge.id, code),
      expiresAt,
      now,
    );
    const locale = payload.kind === 'new_account' ? payload.locale : DEFAULT_LOCALE;
    await queueEmail(
      trx,
      now,
      ctx.keys,
      registrationEmail(ctx, challenge.email, locale, isDecoy ? null : code),
    );
    return { verificationId: challenge.id, expiresAt: toStoredTime(expiresAt) };
  });
}

export async function completeRegistration(
  ctx: ServiceContext,
  input: { verificationId: string; code: string },
): Promise<{ userId: string; email: string }> {
  const outcome = await ctx
    .transact(async (trx) => {
      const now = ctx.clock.now();
      const challenge = await findChallenge(trx, input.verificationId, 'register');
      const check = await checkCode(trx, ctx.keys, challenge, input.code, now);
      if (!check.ok) return check;
      const payload = JSON.parse(challenge!.payload) as RegisterPayload;
      if (payload.kind !== 'new_account' || Number(await consumeChallenge(trx, challenge!.id, now)) !== 1) {
        return {
          ok: false as const,
          error: invalidCode(0),
        };
      }
      if (await findUserByEmail(trx, challenge!.email)) {
        return { ok: false as const, error: new AppError(accountsErrors.AUTH_EMAIL_TAKEN) };
      }
      const userId = await createUser(trx, now, {
        email: challenge!.email,
        passwordHash: payload.passwordHash,
        displayName: payload.displayName,
        locale: payload.locale,
        roles: ['buyer'],
        emailVerified: true,
        reason: 'self_registration',
      });
      return { ok: true as const, userId, email: challenge!.email };
    })
    .catch((error: unknown) => {
      // Two registrations of one email completing at the same instant: the unique index decides.
      if (isUniqueViolation(error))
        return { ok: false as const, error: new AppError(accountsErrors.AUTH_EMAIL_TAKEN) };
      throw error;
    });
  if (!outcome.ok) throw outcome.error;
  return { userId: outcome.userId, email: outcome.email };
}

export interface CreateUserInput {
  email: string;
  passwordHash: string;
  displayName: string;
  locale: Locale;
  roles: readonly Role[];
  emailVerified: boolean;
  /** Why the account exists: `self_registration`, `admin_cli`, `demo_seed`. */
  reason: string;
  createdBy?: string;
}

/** Creates an account with its roles and the first entry of its lifecycle timeline. */
export async function createUser(db: Db, now: Date, input: CreateUserInput): Promise<string> {
  const id = newId('user', now);
  await insertUser(
    db,
    {
      id,
      email: normalizeEmail(input.email),
      displayName: input.displayName,
      passwordHash: input.passwordHash,
      locale: input.locale,
      emailVerifiedAt: input.emailVerified ? toStoredTime(now) : null,
    },
    now,
  );
  await grantRoles(db, id, input.roles, input.createdBy ?? null, now);
  await recordInitialState(
    db,
    now,
    userLifecycle,
    id,
    input.createdBy ? userActor(input.createdBy) : SYSTEM_ACTOR,
    {
      code: input.reason,
    },
  );
  return id;
}
