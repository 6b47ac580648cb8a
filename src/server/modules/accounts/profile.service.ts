import type { LoginHistoryItem, Me } from '../../../common/api/accounts.js';
import type { Locale } from '../../../common/locale.js';
import type { Page, PageQuery } from '../../../common/pagination.js';
import type { Role } from '../../../common/roles.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import { accountsErrors } from './accounts.errors.js';
import { listLoginHistory } from './login-attempts.repository.js';
import { findUserById, rolesOf, updateUserProfile, type UserRecord } from './users.repository.js';

export function presentMe(user: UserRecord, roles: readonly Role[]): Me {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    locale: user.locale,
    roles: [...roles],
    status: user.status,
    emailVerifiedAt: user.emailVerifiedAt,
    createdAt: user.createdAt,
  };
}

export async function getMe(ctx: ServiceContext, userId: string): Promise<Me> {
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError(accountsErrors.ACCOUNTS_USER_NOT_FOUND);
  return presentMe(user, await rolesOf(ctx.db, userId));
}

export async function updateMe(
  ctx: ServiceContext,
  userId: string,
  changes: { displayName?: string | undefined; locale?: Locale | undefined },
): Promise<Me> {
  await updateUserProfile(ctx.db, userId, changes, ctx.clock.now());
  return getMe(ctx, userId);
}

export async function getLoginHistory(
  ctx: ServiceContext,
  userId: string,
  page: PageQuery,
): Promise<Page<LoginHistoryItem>> {
  const rows = await listLoginHistory(ctx.db, userId, {
    before: decodeCursor(page.cursor),
    limit: page.limit + 1,
  });
  return toPage(
    rows,
    page.limit,
    (row) => row.id,
    (row) => ({
      id: row.id,
      at: row.createdAt,
      ip: row.ip,
      userAgent: row.userAgent,
      result: row.result,
    }),
  );
}
