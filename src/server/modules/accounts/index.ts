import { addMs, DAY_MS } from '../../platform/clock.js';
import type { KamengModule } from '../../platform/module.js';
import { accountsErrors } from './accounts.errors.js';
import { registerAccountRoutes } from './accounts.routes.js';
import { registerAdminUserRoutes } from './admin.routes.js';
import { deleteChallengesCreatedBefore } from './challenges.repository.js';
import { deleteSessionsExpiredBefore } from './sessions.repository.js';

/** Accounts: users, roles, registration with email codes, sessions, login history, admin of users. */
export const accountsModule: KamengModule = {
  name: 'accounts',
  errors: accountsErrors,
  registerRoutes(app, ctx) {
    registerAccountRoutes(app, ctx);
    registerAdminUserRoutes(app, ctx);
  },
  jobs: [
    {
      // Dead sessions are kept 30 days for investigations, used or expired codes a week.
      name: 'accounts.cleanup',
      handler: async (ctx) => {
        const now = ctx.clock.now();
        await deleteSessionsExpiredBefore(ctx.db, addMs(now, -30 * DAY_MS));
        await deleteChallengesCreatedBefore(ctx.db, addMs(now, -7 * DAY_MS));
      },
    },
  ],
  recurringJobs: [{ name: 'accounts.cleanup', everyMs: DAY_MS }],
};

export type { AccountsTables } from './accounts.tables.js';
export { createSessionAuthenticator, SESSION_COOKIE, startSession } from './sessions.service.js';
export { createUser } from './registration.service.js';
export { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js';
export { checkPassword, describePasswordProblem } from './password-policy.js';
export { countUsers, findUserByEmail } from './users.repository.js';
export { normalizeEmail } from './login.service.js';
export { findUserById, findUsersByIds, grantRoles, revokeRoles } from './users.repository.js';
