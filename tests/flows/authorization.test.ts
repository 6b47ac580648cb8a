import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROLES, type Role } from '../../src/common/roles.js';
import { MissingAccessDeclarationError, rolesOf } from '../../src/server/platform/http/access.js';
import { describeEachDialect } from '../helpers/databases.js';
import { createTestApp, useTestApp } from '../helpers/test-app.js';
import type { TestClient } from '../helpers/client.js';

/**
 * Walks every /api route the app registered. A route that needs a user must refuse an anonymous caller
 * with 401; a route limited to roles must refuse a signed-in user holding none of them with 403. A new
 * route is covered the moment it exists; a route without an access declaration cannot exist at all.
 */
function concreteUrl(url: string): string {
  return url.replace(/:userId/g, 'usr_01JD000000000000000000000A').replace(/:(\w+)/g, 'x');
}

describeEachDialect('authorization on every route', (dialect) => {
  const app = useTestApp(dialect);

  it('has routes to check, with declarations', () => {
    expect(app().kameng.routes.length).toBeGreaterThan(15);
    expect(app().kameng.routes.some((r) => rolesOf(r.access) !== null)).toBe(true);
  });

  it('refuses an anonymous caller on every route that is not public', async () => {
    const client = app().client();
    await client.get('/api/v1/auth/csrf');
    for (const route of app().kameng.routes.filter((r) => r.access !== 'public')) {
      const response = await client.request<{ code: string }>(route.method, concreteUrl(route.url), {});
      expect(response.status, `${route.method} ${route.url}`).toBe(401);
      expect(response.body.code).toBe('AUTH_REQUIRED');
    }
  });

  it('refuses a signed-in user lacking every accepted role on every role-limited route', async () => {
    const clients = new Map<Role, TestClient>();
    for (const role of ROLES) {
      const user = await app().seedUser({
        email: `only-${role}-${dialect}@example.com`,
        password: 'a long enough passphrase',
        roles: [role],
      });
      const client = app().client();
      await client.login(user.email, user.password);
      clients.set(role, client);
    }
    let checked = 0;
    for (const route of app().kameng.routes) {
      const accepted = rolesOf(route.access);
      if (accepted === null) continue;
      for (const role of ROLES.filter((r) => !accepted.includes(r))) {
        const response = await clients
          .get(role)!
          .request<{ code: string }>(route.method, concreteUrl(route.url), {});
        expect(response.status, `${role} → ${route.method} ${route.url}`).toBe(403);
        expect(response.body.code).toBe('FORBIDDEN');
        checked++;
      }
      for (const role of accepted) {
        // Past access control, a route may still refuse for a business reason (no shop yet): only the
        // access-control codes say the role was not accepted.
        const response = await clients
          .get(role)!
          .request<{ code?: string }>(route.method, concreteUrl(route.url), {});
        expect(
          ['AUTH_REQUIRED', 'FORBIDDEN'],
          `${role} must get past access control on ${route.method} ${route.url}`,
        ).not.toContain(response.body.code);
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("never shows one user another user's login history", async () => {
    const alice = await app().seedUser({
      email: `alice-${dialect}@example.com`,
      password: 'alice passphrase ok',
    });
    const bob = await app().seedUser({ email: `bob-${dialect}@example.com`, password: 'bob passphrase ok!' });
    const aliceClient = app().client({ ip: '203.0.113.1' });
    await aliceClient.login(alice.email, alice.password);
    const bobClient = app().client({ ip: '203.0.113.2' });
    await bobClient.login(bob.email, bob.password);
    const history = await bobClient.get<{ items: Array<{ ip: string }> }>('/api/v1/me/login-history');
    expect(history.body.items.map((i) => i.ip)).toEqual(['203.0.113.2']);
    // A buyer cannot address another account through the admin API either.
    expect((await bobClient.get(`/api/v1/admin/users/${alice.id}`)).status).toBe(403);
  });
});

describe('route declarations', () => {
  it('refuse to start an app with an /api route that does not declare who may call it', async () => {
    await expect(
      createTestApp('sqlite', {
        extend: (api) => {
          api.get(
            '/api/v1/forgotten',
            { schema: { response: { 200: z.object({ ok: z.boolean() }) } } },
            () => ({ ok: true }),
          );
        },
      }),
    ).rejects.toThrow(MissingAccessDeclarationError);
  });
});
