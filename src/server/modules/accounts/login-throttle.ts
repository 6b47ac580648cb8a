import { sql } from 'kysely';
import { addMs } from '../../platform/clock.js';
import type { Db, ServiceContext } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { insertLoginAttempt, recentAccountOutcomes, recentIpFailures } from './login-attempts.repository.js';

/**
 * Login throttling per account and per IP (OWASP Authentication Cheat Sheet, ASVS 5.0 §6.3): an account
 * locks after N consecutive failures within the window (a success resets it; an attacker cannot produce
 * one), an IP after M failures within the window whatever the accounts. Attempts refused as throttled do
 * not count, so an attacker cannot keep a real user locked out forever by hammering.
 *
 * Every attempt is recorded as a failure *before* the password is checked and settled afterwards, in a
 * transaction serialized per account and IP: a burst of concurrent guesses sees each other, so no more
 * than N are ever checked. A crash mid-check leaves the attempt counted as a failure, the safe side.
 */
export type AttemptReservation =
  { kind: 'reserved'; attemptId: string } | { kind: 'throttled'; retryAfterSeconds: number };

export async function reserveLoginAttempt(
  ctx: ServiceContext,
  input: { email: string; ip: string; userAgent: string | null },
): Promise<AttemptReservation> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    if (ctx.dialect === 'postgres') {
      // SQLite's BEGIN IMMEDIATE already serializes writers; PostgreSQL needs explicit locks. Fixed order
      // (account, then IP) so two attempts can never wait on each other in a cycle.
      await lockKey(trx, `login:account:${input.email}`);
      await lockKey(trx, `login:ip:${input.ip}`);
    }
    const retryAt = await throttledUntil(trx, ctx, input.email, input.ip, now);
    const attemptId = newId('loginAttempt', now);
    await insertLoginAttempt(
      trx,
      {
        id: attemptId,
        userId: null,
        email: input.email,
        ip: input.ip,
        userAgent: input.userAgent,
        result: retryAt ? 'throttled' : 'bad_credentials',
      },
      now,
    );
    if (retryAt) {
      return {
        kind: 'throttled',
        retryAfterSeconds: Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)),
      };
    }
    return { kind: 'reserved', attemptId };
  });
}

async function lockKey(db: Db, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
}

async function throttledUntil(
  db: Db,
  ctx: ServiceContext,
  email: string,
  ip: string,
  now: Date,
): Promise<Date | null> {
  const { windowMs, maxFailuresPerAccount, maxFailuresPerIp } = ctx.config.loginThrottle;
  const windowStart = addMs(now, -windowMs);
  let until: Date | null = null;

  const outcomes = await recentAccountOutcomes(db, email, windowStart, maxFailuresPerAccount);
  if (outcomes.length === maxFailuresPerAccount && outcomes.every((o) => o.result === 'bad_credentials')) {
    until = addMs(new Date(outcomes.at(-1)!.createdAt), windowMs);
  }

  const ipFailures = await recentIpFailures(db, ip, windowStart, maxFailuresPerIp);
  if (ipFailures.length === maxFailuresPerIp) {
    const ipUntil = addMs(new Date(ipFailures.at(-1)!), windowMs);
    if (!until || ipUntil > until) until = ipUntil;
  }
  return until && until > now ? until : null;
}
