import { expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.js';
import { codeFrom } from '../helpers/smtp.js';
import { useTestApp } from '../helpers/test-app.js';

describeEachDialect('password reset', (dialect) => {
  const app = useTestApp(dialect);

  it('resets with the emailed code, signs out everywhere and tells the owner', async () => {
    const user = await app().seedUser({
      email: `forgot-${dialect}@example.com`,
      password: 'the old passphrase',
    });
    const oldSession = app().client();
    await oldSession.login(user.email, user.password);

    const client = app().client();
    const started = await client.post<{ resetId: string }>('/api/v1/auth/password-reset', {
      email: user.email,
    });
    expect(started.status).toBe(202);
    await app().deliverPendingWork();
    const code = codeFrom(
      await app().smtp.waitFor(user.email, (m) => (m.subject ?? '').includes('重置密码')),
    );

    const weak = await client.post<{ code: string }>('/api/v1/auth/password-reset/confirm', {
      resetId: started.body.resetId,
      code,
      newPassword: '12345678',
    });
    expect(weak.body.code).toBe('AUTH_PASSWORD_WEAK');
    const done = await client.post('/api/v1/auth/password-reset/confirm', {
      resetId: started.body.resetId,
      code,
      newPassword: 'the brand new passphrase',
    });
    expect(done.status).toBe(204);

    expect((await oldSession.get('/api/v1/me')).status).toBe(401);
    expect(
      (await client.post('/api/v1/auth/login', { email: user.email, password: 'the old passphrase' })).status,
    ).toBe(401);
    await client.login(user.email, 'the brand new passphrase');
    await app().deliverPendingWork();
    await app().smtp.waitFor(user.email, (m) => (m.subject ?? '').includes('密码已修改'));
  });

  it('answers the same for an unknown email and sends nothing', async () => {
    const before = app().smtp.messages.length;
    const response = await app()
      .client()
      .post<{ resetId: string; expiresAt: string }>('/api/v1/auth/password-reset', {
        email: `ghost-${dialect}@example.com`,
      });
    expect(response.status).toBe(202);
    expect(Object.keys(response.body).sort()).toEqual(['expiresAt', 'resetId']);
    await app().deliverPendingWork();
    expect(app().smtp.messages.length).toBe(before);
    const guess = await app().client().post<{ code: string }>('/api/v1/auth/password-reset/confirm', {
      resetId: response.body.resetId,
      code: '123456',
      newPassword: 'whatever new passphrase',
    });
    expect(guess.body.code).toBe('AUTH_CODE_INVALID');
  });
});
