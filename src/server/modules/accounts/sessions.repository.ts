import { sql } from 'kysely';
import type { Role } from '../../../common/roles.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import type { UserStatus } from './accounts.tables.js';

export interface NewSession {
  id: string;
  tokenHash: string;
  userId: string;
  csrfToken: string;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export async function insertSession(db: Db, session: NewSession, now: Date): Promise<void> {
  const stamp = toStoredTime(now);
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      token_hash: session.tokenHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: stamp,
      last_seen_at: stamp,
      expires_at: toStoredTime(session.expiresAt),
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute();
}

export interface SessionWithUser {
  id: string;
  userId: string;
  csrfToken: string;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
  userStatus: UserStatus;
  /** The user's roles, sorted. */
  roles: Role[];
}

export async function findSessionByTokenHash(
  db: Db,
  tokenHash: string,
): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.revoked_at',
      'users.status',
      // Every signed-in request reads this: the roles come in the same statement.
      sql<
        string | null
      >`(select string_agg(role, ',' order by role) from user_roles where user_roles.user_id = sessions.user_id)`.as(
        'roles',
      ),
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      userId: row.user_id,
      csrfToken: row.csrf_token,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      userStatus: row.status,
      roles: row.roles ? (row.roles.split(',') as Role[]) : [],
    }
  );
}

export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: toStoredTime(now) })
    .where('id', '=', id)
    .execute();
}

export async function revokeSession(db: Db, id: string, reason: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: toStoredTime(now), revoked_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeSessionsOfUser(
  db: Db,
  userId: string,
  reason: string,
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: toStoredTime(now), revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Sessions past their absolute end are useless; keep them a while for investigations, then delete. */
export async function deleteSessionsExpiredBefore(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('expires_at', '<', toStoredTime(before))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
