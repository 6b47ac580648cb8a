import {
  adminUserPage,
  adminUsersQuery,
  adminUserView,
  setUserRolesBody,
  setUserStatusBody,
  userIdParams,
} from '../../../common/api/accounts.js';
import type { ServiceContext } from '../../platform/context.js';
import { requireUser } from '../../platform/http/access.js';
import { clientIp, type ApiInstance } from '../../platform/http/api.js';
import {
  getUserForAdmin,
  listUsersForAdmin,
  setUserRoles,
  setUserStatus,
  type AdminRequest,
} from './admin-users.service.js';

export function registerAdminUserRoutes(app: ApiInstance, ctx: ServiceContext): void {
  const adminRequest = (request: Parameters<typeof requireUser>[0]): AdminRequest => ({
    adminId: requireUser(request).userId,
    ip: clientIp(request),
  });

  app.get('/api/v1/admin/users', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary: 'List accounts, newest first; `q` matches the start of email or name, or an exact id',
      querystring: adminUsersQuery,
      response: { 200: adminUserPage },
    },
    handler: (request) => listUsersForAdmin(ctx, request.query),
  });

  app.get('/api/v1/admin/users/:userId', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary: 'One account',
      params: userIdParams,
      response: { 200: adminUserView },
    },
    handler: (request) => getUserForAdmin(ctx, request.params.userId),
  });

  app.post('/api/v1/admin/users/:userId/status', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary: 'Disable or re-enable an account, with a reason (audited; disabling signs it out everywhere)',
      params: userIdParams,
      body: setUserStatusBody,
      response: { 200: adminUserView },
    },
    handler: (request) =>
      setUserStatus(ctx, adminRequest(request), { userId: request.params.userId, ...request.body }),
  });

  app.put('/api/v1/admin/users/:userId/roles', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary: "Set an account's roles, with a reason (audited)",
      params: userIdParams,
      body: setUserRolesBody,
      response: { 200: adminUserView },
    },
    handler: (request) =>
      setUserRoles(ctx, adminRequest(request), { userId: request.params.userId, ...request.body }),
  });
}
