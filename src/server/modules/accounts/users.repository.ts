import { sql, type Selectable, type SqlBool } from 'kysely';
import type { Locale } from '../../../common/locale.js';
import type { Role } from '../../../common/roles.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import type { UserStatus, UsersTable } from './accounts.tables.js';

export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  locale: Locale;
  status: UserStatus;
  emailVerifiedAt: string | null;
  passwordChangedAt: string;
  createdAt: string;
  updatedAt: string;
}

function rowToUser(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    locale: row.locale,
    status: row.status,
    emailVerifiedAt: row.email_verified_at,
    passwordChangedAt: row.password_changed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  return row && rowToUser(row);
}

export async function findUserById(db: Db, id: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToUser(row);
}

export async function findUsersByIds(db: Db, ids: readonly string[]): Promise<UserRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
  return rows.map(rowToUser);
}

export interface NewUser {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  locale: Locale;
  emailVerifiedAt: string | null;
}

export async function insertUser(db: Db, user: NewUser, now: Date): Promise<void> {
  const stamp = toStoredTime(now);
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      locale: user.locale,
      status: 'active',
      email_verified_at: user.emailVerifiedAt,
      password_changed_at: stamp,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
}

export async function updateUserProfile(
  db: Db,
  id: string,
  changes: { displayName?: string | undefined; locale?: Locale | undefined },
  now: Date,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(changes.displayName === undefined ? {} : { display_name: changes.displayName }),
      ...(changes.locale === undefined ? {} : { locale: changes.locale }),
      updated_at: toStoredTime(now),
    })
    .where('id', '=', id)
    .execute();
}

export async function updateUserPassword(db: Db, id: string, passwordHash: string, now: Date): Promise<void> {
  const stamp = toStoredTime(now);
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, password_changed_at: stamp, updated_at: stamp })
    .where('id', '=', id)
    .execute();
}

/** Conditional status change for the state machine: 0 rows means someone changed it first. */
export async function updateUserStatusIfStill(
  db: Db,
  id: string,
  from: UserStatus,
  to: UserStatus,
  now: Date,
): Promise<bigint> {
  const result = await db
    .updateTable('users')
    .set({ status: to, updated_at: toStoredTime(now) })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows;
}

export async function rolesOf(db: Db, userId: string): Promise<Role[]> {
  const rows = await db
    .selectFrom('user_roles')
    .select('role')
    .where('user_id', '=', userId)
    .orderBy('role')
    .execute();
  return rows.map((row) => row.role);
}

export async function rolesOfUsers(db: Db, userIds: readonly string[]): Promise<Map<string, Role[]>> {
  const byUser = new Map<string, Role[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where('user_id', 'in', userIds)
    .orderBy('role')
    .execute();
  for (const row of rows) byUser.get(row.user_id)?.push(row.role);
  return byUser;
}

export async function grantRoles(
  db: Db,
  userId: string,
  roles: readonly Role[],
  grantedBy: string | null,
  now: Date,
): Promise<void> {
  if (roles.length === 0) return;
  await db
    .insertInto('user_roles')
    .values(
      roles.map((role) => ({ user_id: userId, role, granted_at: toStoredTime(now), granted_by: grantedBy })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'role']).doNothing())
    .execute();
}

export async function revokeRoles(db: Db, userId: string, roles: readonly Role[]): Promise<void> {
  if (roles.length === 0) return;
  await db.deleteFrom('user_roles').where('user_id', '=', userId).where('role', 'in', roles).execute();
}

/** Newest first; `q` matches the start of the email or the display name, case-insensitively. */
export async function listUsers(
  db: Db,
  options: { before?: string | undefined; limit: number; q?: string | undefined },
): Promise<UserRecord[]> {
  let query = db.selectFrom('users').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.before) query = query.where('id', '<', options.before);
  if (options.q) {
    const pattern = `${escapeLike(options.q.toLowerCase())}%`;
    // ESCAPE is explicit: SQLite has no default LIKE escape character, PostgreSQL's is backslash.
    query = query.where((eb) =>
      eb.or([
        sql<SqlBool>`${sql.ref('email')} like ${pattern} escape '\\'`,
        sql<SqlBool>`lower(${sql.ref('display_name')}) like ${pattern} escape '\\'`,
        eb('id', '=', options.q!),
      ]),
    );
  }
  return (await query.execute()).map(rowToUser);
}

/** LIKE treats % and _ as wildcards; a search for "a_b" must match the literal text. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
