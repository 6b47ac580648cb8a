import { expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.js';
import { useTestApp } from '../helpers/test-app.js';
import type { TestClient } from '../helpers/client.js';

interface UserView {
  id: string;
  email: string;
  roles: string[];
  status: string;
  lastLoginAt: string | null;
}
interface AuditPage {
  items: Array<{
    action: string;
    actor: { type: string; id: string };
    target: { id: string };
    ip: string;
    summary: string;
    details: Record<string, unknown>;
  }>;
  nextCursor: string | null;
}

describeEachDialect('admin: users, roles, audit log', (dialect) => {
  const app = useTestApp(dialect);
  let admin: TestClient;
  let adminId: string;

  it('prepares an admin', async () => {
    const user = await app().seedUser({
      email: `admin-${dialect}@example.com`,
      password: 'admin passphrase here',
      roles: ['admin'],
    });
    adminId = user.id;
    admin = app().client({ ip: '10.0.0.9' });
    await admin.login(user.email, user.password);
  });

  it('lists users newest first with roles and last login, paged, and searches by email prefix', async () => {
    for (let i = 0; i < 5; i++) await app().seedUser({ email: `list${i}-${dialect}@example.com` });
    const first = await admin.get<{ items: UserView[]; nextCursor: string | null }>('/api/v1/admin/users', {
      query: { limit: '3' },
    });
    expect(first.status).toBe(200);
    expect(first.body.items.map((u) => u.email)).toEqual([
      `list4-${dialect}@example.com`,
      `list3-${dialect}@example.com`,
      `list2-${dialect}@example.com`,
    ]);
    const second = await admin.get<{ items: UserView[] }>('/api/v1/admin/users', {
      query: { limit: '3', cursor: first.body.nextCursor! },
    });
    expect(second.body.items[0]?.email).toBe(`list1-${dialect}@example.com`);
    const found = await admin.get<{ items: UserView[] }>('/api/v1/admin/users', { query: { q: 'LIST3' } });
    expect(found.body.items.map((u) => u.email)).toEqual([`list3-${dialect}@example.com`]);
    const me = await admin.get<{ items: UserView[] }>('/api/v1/admin/users', {
      query: { q: `admin-${dialect}` },
    });
    expect(me.body.items[0]?.lastLoginAt).not.toBeNull();
  });

  it('treats LIKE wildcards in the search literally', async () => {
    await app().seedUser({ email: `under_score-${dialect}@example.com` });
    await app().seedUser({ email: `underXscore-${dialect}@example.com` });
    const found = await admin.get<{ items: UserView[] }>('/api/v1/admin/users', { query: { q: 'under_' } });
    expect(found.body.items.map((u) => u.email)).toEqual([`under_score-${dialect}@example.com`]);
  });

  it('disables an account with a reason: its sessions end, the change is audited and on its timeline', async () => {
    const target = await app().seedUser({
      email: `victim-${dialect}@example.com`,
      password: 'victim passphrase!',
    });
    const victim = app().client();
    await victim.login(target.email, target.password);
    const response = await admin.post<UserView>(`/api/v1/admin/users/${target.id}/status`, {
      status: 'disabled',
      reason: '疑似盗号，临时停用',
    });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('disabled');
    expect((await victim.get('/api/v1/me')).status).toBe(401);
    const audit = await admin.get<AuditPage>('/api/v1/admin/audit-log', { query: { targetId: target.id } });
    expect(audit.body.items[0]).toMatchObject({
      action: 'user.disable',
      actor: { type: 'user', id: adminId },
      ip: '10.0.0.9',
    });
    expect(audit.body.items[0]?.details).toMatchObject({ reason: '疑似盗号，临时停用', sessionsRevoked: 1 });
    const timeline = await app()
      .database.handle.db.selectFrom('state_transitions')
      .select(['from_state', 'to_state', 'reason_code', 'reason_note', 'actor_id'])
      .where('entity_id', '=', target.id)
      .orderBy('id')
      .execute();
    expect(timeline).toEqual([
      {
        from_state: null,
        to_state: 'active',
        reason_code: 'test_seed',
        reason_note: null,
        actor_id: 'system',
      },
      {
        from_state: 'active',
        to_state: 'disabled',
        reason_code: 'admin_disabled',
        reason_note: '疑似盗号，临时停用',
        actor_id: adminId,
      },
    ]);

    const again = await admin.post<{ code: string }>(`/api/v1/admin/users/${target.id}/status`, {
      status: 'disabled',
      reason: 'twice',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('STATE_TRANSITION_INVALID');

    expect(
      (
        await admin.post(`/api/v1/admin/users/${target.id}/status`, {
          status: 'active',
          reason: '核实为本人',
        })
      ).status,
    ).toBe(200);
    await victim.login(target.email, target.password);
  });

  it('sets roles with a reason and audits what was added and removed', async () => {
    const target = await app().seedUser({ email: `promote-${dialect}@example.com` });
    const response = await admin.put<UserView>(`/api/v1/admin/users/${target.id}/roles`, {
      roles: ['merchant', 'agent'],
      reason: '入驻审核通过',
    });
    expect(response.body.roles).toEqual(['agent', 'merchant']);
    const audit = await admin.get<AuditPage>('/api/v1/admin/audit-log', {
      query: { action: 'user.roles.set', targetId: target.id },
    });
    expect(audit.body.items[0]?.details).toMatchObject({ added: ['agent', 'merchant'], removed: ['buyer'] });
  });

  it('will not let an admin lock themself out', async () => {
    const disable = await admin.post<{ code: string }>(`/api/v1/admin/users/${adminId}/status`, {
      status: 'disabled',
      reason: 'oops',
    });
    expect(disable.body.code).toBe('ACCOUNTS_SELF_LOCKOUT');
    const demote = await admin.put<{ code: string }>(`/api/v1/admin/users/${adminId}/roles`, {
      roles: ['buyer'],
      reason: 'oops',
    });
    expect(demote.body.code).toBe('ACCOUNTS_SELF_LOCKOUT');
  });

  it('answers 404 for an unknown user', async () => {
    const response = await admin.post<{ code: string }>(
      '/api/v1/admin/users/usr_01JD000000000000000000000Z/status',
      { status: 'disabled', reason: 'x y' },
    );
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('ACCOUNTS_USER_NOT_FOUND');
  });

  it('lets an auditor read the audit log but not change users', async () => {
    const auditor = await app().seedUser({
      email: `auditor-${dialect}@example.com`,
      password: 'auditor passphrase',
      roles: ['auditor'],
    });
    const client = app().client();
    await client.login(auditor.email, auditor.password);
    expect((await client.get('/api/v1/admin/audit-log')).status).toBe(200);
    expect((await client.get('/api/v1/admin/users')).status).toBe(403);
  });

  it('keeps the audit log append-only in the database engine itself', async () => {
    const db = app().database.handle.db;
    await expect(db.updateTable('audit_log').set({ summary: 'rewritten' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('state_transitions').execute()).rejects.toThrow(/append-only/);
  });
});
