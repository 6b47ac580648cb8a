import type { AdminUserView } from '../../../common/api/accounts.js';
import type { Page } from '../../../common/pagination.js';
import type { Role } from '../../../common/roles.js';
import { userActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import { applyTransition } from '../../platform/state-machine.js';
import type { UserStatus } from './accounts.tables.js';
import { accountsErrors } from './accounts.errors.js';
import { lastSuccessfulLogins } from './login-attempts.repository.js';
import { presentMe } from './profile.service.js';
import { revokeSessionsOfUser } from './sessions.repository.js';
import { userLifecycle } from './user-lifecycle.js';
import {
  findUserById,
  grantRoles,
  listUsers,
  revokeRoles,
  rolesOf,
  rolesOfUsers,
  updateUserStatusIfStill,
} from './users.repository.js';

/** Admin operations on accounts. Each change commits together with its audit-log row. */
export interface AdminRequest {
  adminId: string;
  ip: string | null;
}

export async function listUsersForAdmin(
  ctx: ServiceContext,
  query: { cursor?: string | undefined; limit: number; q?: string | undefined },
): Promise<Page<AdminUserView>> {
  const users = await listUsers(ctx.db, {
    before: decodeCursor(query.cursor),
    limit: query.limit + 1,
    q: query.q,
  });
  const ids = users.map((user) => user.id);
  const [roles, lastLogins] = await Promise.all([
    rolesOfUsers(ctx.db, ids),
    lastSuccessfulLogins(ctx.db, ids),
  ]);
  return toPage(
    users,
    query.limit,
    (user) => user.id,
    (user) => ({
      ...presentMe(user, roles.get(user.id) ?? []),
      lastLoginAt: lastLogins.get(user.id) ?? null,
    }),
  );
}

export async function getUserForAdmin(ctx: ServiceContext, userId: string): Promise<AdminUserView> {
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError(accountsErrors.ACCOUNTS_USER_NOT_FOUND);
  const lastLogins = await lastSuccessfulLogins(ctx.db, [userId]);
  return { ...presentMe(user, await rolesOf(ctx.db, userId)), lastLoginAt: lastLogins.get(userId) ?? null };
}

export async function setUserStatus(
  ctx: ServiceContext,
  request: AdminRequest,
  input: { userId: string; status: UserStatus; reason: string },
): Promise<AdminUserView> {
  if (input.userId === request.adminId && input.status !== 'active') {
    throw new AppError(accountsErrors.ACCOUNTS_SELF_LOCKOUT);
  }
  await ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const user = await findUserById(trx, input.userId);
    if (!user) throw new AppError(accountsErrors.ACCOUNTS_USER_NOT_FOUND);
    await applyTransition(
      trx,
      now,
      userLifecycle,
      {
        entityId: user.id,
        from: user.status,
        to: input.status,
        actor: userActor(request.adminId),
        reason: {
          code: input.status === 'disabled' ? 'admin_disabled' : 'admin_enabled',
          note: input.reason,
        },
      },
      () => updateUserStatusIfStill(trx, user.id, user.status, input.status, now),
    );
    const revoked =
      input.status === 'disabled' ? await revokeSessionsOfUser(trx, user.id, 'account_disabled', now) : 0;
    await recordAudit(trx, now, {
      actor: userActor(request.adminId),
      action: input.status === 'disabled' ? 'user.disable' : 'user.enable',
      target: { type: 'user', id: user.id },
      ip: request.ip,
      summary: `${user.email}: ${user.status} → ${input.status}`,
      details: { reason: input.reason, sessionsRevoked: revoked },
    });
  });
  return getUserForAdmin(ctx, input.userId);
}

export async function setUserRoles(
  ctx: ServiceContext,
  request: AdminRequest,
  input: { userId: string; roles: readonly Role[]; reason: string },
): Promise<AdminUserView> {
  const wanted = [...new Set(input.roles)].sort();
  if (input.userId === request.adminId && !wanted.includes('admin')) {
    throw new AppError(accountsErrors.ACCOUNTS_SELF_LOCKOUT);
  }
  await ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const user = await findUserById(trx, input.userId);
    if (!user) throw new AppError(accountsErrors.ACCOUNTS_USER_NOT_FOUND);
    const current = await rolesOf(trx, user.id);
    const added = wanted.filter((role) => !current.includes(role));
    const removed = current.filter((role) => !wanted.includes(role));
    if (added.length === 0 && removed.length === 0) return;
    await grantRoles(trx, user.id, added, request.adminId, now);
    await revokeRoles(trx, user.id, removed);
    await recordAudit(trx, now, {
      actor: userActor(request.adminId),
      action: 'user.roles.set',
      target: { type: 'user', id: user.id },
      ip: request.ip,
      summary: `${user.email}: [${current.join(', ')}] → [${wanted.join(', ')}]`,
      details: { reason: input.reason, added, removed },
    });
  });
  return getUserForAdmin(ctx, input.userId);
}
