import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import type { LoginResult } from './accounts.tables.js';

export interface NewLoginAttempt {
  id: string;
  userId: string | null;
  email: string;
  ip: string;
  userAgent: string | null;
  result: LoginResult;
}

export async function insertLoginAttempt(db: Db, attempt: NewLoginAttempt, now: Date): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({
      id: attempt.id,
      user_id: attempt.userId,
      email: attempt.email,
      ip: attempt.ip,
      user_agent: attempt.userAgent,
      result: attempt.result,
      created_at: toStoredTime(now),
    })
    .execute();
}

export async function settleLoginAttempt(
  db: Db,
  id: string,
  result: LoginResult,
  userId: string | null,
): Promise<void> {
  await db.updateTable('login_attempts').set({ result, user_id: userId }).where('id', '=', id).execute();
}

/** The account's latest decisive attempts (successes and failures, newest first) since `since`. */
export async function recentAccountOutcomes(
  db: Db,
  email: string,
  since: Date,
  limit: number,
): Promise<Array<{ result: LoginResult; createdAt: string }>> {
  const rows = await db
    .selectFrom('login_attempts')
    .select(['result', 'created_at'])
    .where('email', '=', email)
    .where('created_at', '>', toStoredTime(since))
    .where('result', 'in', ['success', 'bad_credentials'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ result: row.result, createdAt: row.created_at }));
}

/** Times of failed logins from this IP since `since`, newest first. */
export async function recentIpFailures(db: Db, ip: string, since: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('login_attempts')
    .select('created_at')
    .where('ip', '=', ip)
    .where('created_at', '>', toStoredTime(since))
    .where('result', '=', 'bad_credentials')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => row.created_at);
}

export interface LoginHistoryRow {
  id: string;
  createdAt: string;
  ip: string;
  userAgent: string | null;
  result: LoginResult;
}

export async function listLoginHistory(
  db: Db,
  userId: string,
  options: { before?: string | undefined; limit: number },
): Promise<LoginHistoryRow[]> {
  let query = db
    .selectFrom('login_attempts')
    .select(['id', 'created_at', 'ip', 'user_agent', 'result'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.before) query = query.where('id', '<', options.before);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at,
    ip: row.ip,
    userAgent: row.user_agent,
    result: row.result,
  }));
}

export async function lastSuccessfulLogins(db: Db, userIds: readonly string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (userIds.length === 0) return result;
  const rows = await db
    .selectFrom('login_attempts')
    .select((eb) => ['user_id', eb.fn.max('created_at').as('last_at')])
    .where('user_id', 'in', userIds)
    .where('result', '=', 'success')
    .groupBy('user_id')
    .execute();
  for (const row of rows) if (row.user_id && row.last_at) result.set(row.user_id, row.last_at);
  return result;
}
