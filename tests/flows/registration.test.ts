import { expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.js';
import { codeFrom } from '../helpers/smtp.js';
import { useTestApp } from '../helpers/test-app.js';

interface Started {
  verificationId: string;
  expiresAt: string;
}
interface Problem {
  code: string;
  detail: string;
  remainingAttempts?: number;
}

const PASSWORD = 'correct horse battery staple';

describeEachDialect('registration with an emailed code', (dialect) => {
  const app = useTestApp(dialect);
  let counter = 0;
  const freshEmail = () => `reg${++counter}-${dialect}@example.com`;

  async function register(email: string, password = PASSWORD, locale = 'zh-CN') {
    const response = await app()
      .client({ locale })
      .post<Started>('/api/v1/auth/register', { email, password, displayName: '新玩家' });
    expect(response.status).toBe(202);
    await app().deliverPendingWork();
    return response.body;
  }

  it('emails a 6-digit code over SMTP and creates a verified buyer account when the code comes back', async () => {
    const email = freshEmail();
    const started = await register(email);
    const mail = await app().smtp.waitFor(email);
    expect(mail.subject).toContain('注册验证码');
    const code = codeFrom(mail);

    const client = app().client();
    const verified = await client.post<{ userId: string; email: string }>('/api/v1/auth/register/verify', {
      verificationId: started.verificationId,
      code,
    });
    expect(verified.status).toBe(201);
    expect(verified.body.email).toBe(email);

    await client.login(email, PASSWORD);
    const me = await client.get<{
      email: string;
      roles: string[];
      emailVerifiedAt: string | null;
      displayName: string;
    }>('/api/v1/me');
    expect(me.body).toMatchObject({ email, roles: ['buyer'], displayName: '新玩家' });
    expect(me.body.emailVerifiedAt).not.toBeNull();
  });

  it('writes the email in the language of the registration', async () => {
    const email = freshEmail();
    await register(email, PASSWORD, 'en');
    const mail = await app().smtp.waitFor(email);
    expect(mail.subject).toContain('Your sign-up code');
  });

  it('stores neither the code nor the mail text in clear in the database', async () => {
    const email = freshEmail();
    await app().client().post('/api/v1/auth/register', { email, password: PASSWORD });
    const jobs = await app()
      .database.handle.db.selectFrom('jobs')
      .select(['payload'])
      .where('name', '=', 'outbox.email.send')
      .execute();
    await app().deliverPendingWork();
    const code = codeFrom(await app().smtp.waitFor(email));
    const challenges = await app()
      .database.handle.db.selectFrom('email_challenges')
      .selectAll()
      .where('email', '=', email)
      .execute();
    const stored = JSON.stringify({ jobs, challenges });
    expect(stored).not.toContain(code);
    expect(stored).not.toContain('注册验证码');
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((job) => job.payload.includes('"sealed"'))).toBe(true);
  });

  it('rejects a wrong code, counts it, and kills the request after five wrong codes', async () => {
    const email = freshEmail();
    const started = await register(email);
    const code = codeFrom(await app().smtp.waitFor(email));
    const wrong = code === '000000' ? '111111' : '000000';
    const client = app().client();
    const remaining: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await client.post<Problem>('/api/v1/auth/register/verify', {
        verificationId: started.verificationId,
        code: wrong,
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('AUTH_CODE_INVALID');
      remaining.push(response.body.remainingAttempts ?? -1);
    }
    expect(remaining).toEqual([4, 3, 2, 1]);
    const fifth = await client.post<Problem>('/api/v1/auth/register/verify', {
      verificationId: started.verificationId,
      code: wrong,
    });
    expect(fifth.body.code).toBe('AUTH_CODE_ATTEMPTS_EXCEEDED');
    // Even the right code is useless now.
    const right = await client.post<Problem>('/api/v1/auth/register/verify', {
      verificationId: started.verificationId,
      code,
    });
    expect(right.body.code).toBe('AUTH_CODE_ATTEMPTS_EXCEEDED');
  });

  it('refuses a code after its 10 minutes are up', async () => {
    const email = freshEmail();
    const started = await register(email);
    const code = codeFrom(await app().smtp.waitFor(email));
    app().clock.advance(10 * 60_000 + 1);
    const response = await app()
      .client()
      .post<Problem>('/api/v1/auth/register/verify', { verificationId: started.verificationId, code });
    expect(response.body.code).toBe('AUTH_CODE_INVALID');
  });

  it('uses a code only once', async () => {
    const email = freshEmail();
    const started = await register(email);
    const code = codeFrom(await app().smtp.waitFor(email));
    const client = app().client();
    expect(
      (await client.post('/api/v1/auth/register/verify', { verificationId: started.verificationId, code }))
        .status,
    ).toBe(201);
    const again = await client.post<Problem>('/api/v1/auth/register/verify', {
      verificationId: started.verificationId,
      code,
    });
    expect(again.body.code).toBe('AUTH_CODE_INVALID');
  });

  it('resends a new code at most once a minute, and the old code stops working', async () => {
    const email = freshEmail();
    const started = await register(email);
    const first = codeFrom(await app().smtp.waitFor(email));
    const client = app().client();
    const tooSoon = await client.post<Problem>('/api/v1/auth/register/resend', {
      verificationId: started.verificationId,
    });
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.body.code).toBe('AUTH_RESEND_TOO_SOON');
    expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);

    app().clock.advance(61_000);
    const resent = await client.post<Started>('/api/v1/auth/register/resend', {
      verificationId: started.verificationId,
    });
    expect(resent.status).toBe(202);
    await app().deliverPendingWork();
    const mails = app().smtp.messagesTo(email);
    await app().smtp.waitFor(email, (mail) => mail !== mails[0]);
    const second = codeFrom(app().smtp.messagesTo(email).at(-1)!);
    if (second !== first) {
      const old = await client.post<Problem>('/api/v1/auth/register/verify', {
        verificationId: started.verificationId,
        code: first,
      });
      expect(old.body.code).toBe('AUTH_CODE_INVALID');
    }
    const ok = await client.post('/api/v1/auth/register/verify', {
      verificationId: started.verificationId,
      code: second,
    });
    expect(ok.status).toBe(201);
  });

  it('answers a registration of an existing email exactly like a new one, and mails the owner a notice instead of a code', async () => {
    const email = freshEmail();
    await app().seedUser({ email, password: PASSWORD });
    const response = await app()
      .client()
      .post<Started>('/api/v1/auth/register', { email, password: 'another good passphrase' });
    expect(response.status).toBe(202);
    expect(Object.keys(response.body).sort()).toEqual(['expiresAt', 'verificationId']);
    await app().deliverPendingWork();
    const mail = await app().smtp.waitFor(email);
    expect(mail.subject).toContain('有人尝试用你的邮箱注册');
    expect(mail.text).not.toMatch(/\b\d{6}\b/);
    // No code can complete the decoy.
    const attempt = await app().client().post<Problem>('/api/v1/auth/register/verify', {
      verificationId: response.body.verificationId,
      code: '123456',
    });
    expect(attempt.body.code).toBe('AUTH_CODE_INVALID');
    // The resend of a decoy behaves like a real one.
    app().clock.advance(61_000);
    expect(
      (
        await app()
          .client()
          .post('/api/v1/auth/register/resend', { verificationId: response.body.verificationId })
      ).status,
    ).toBe(202);
  });

  it('defeats pre-registration of a victim email: the attacker never gets the code and the victim keeps their own password', async () => {
    const email = freshEmail();
    const attacker = app().client({ ip: '203.0.113.66' });
    const attackerStart = await attacker.post<Started>('/api/v1/auth/register', {
      email,
      password: 'attacker chosen passphrase',
    });
    const victimStart = await register(email, 'victim own passphrase 42');
    // The victim receives two mails (one per attempt) and types the code of the latest one into their own page.
    await app().smtp.waitFor(email, (mail) => mail !== app().smtp.messagesTo(email)[0]);
    const codes = app().smtp.messagesTo(email).map(codeFrom);
    const victim = app().client();
    const results = [];
    for (const code of codes) {
      results.push(
        await victim.post('/api/v1/auth/register/verify', {
          verificationId: victimStart.verificationId,
          code,
        }),
      );
    }
    const winning = results.findIndex((r) => r.status === 201);
    expect(winning).toBeGreaterThanOrEqual(0);
    // Even holding the victim's code, the attacker cannot complete their own attempt with it: codes are bound to their request.
    const attackerVerify = await attacker.post<Problem>('/api/v1/auth/register/verify', {
      verificationId: attackerStart.body.verificationId,
      code: codes[winning]!,
    });
    expect(attackerVerify.body.code).toMatch(/AUTH_CODE_INVALID|AUTH_EMAIL_TAKEN/);
    expect(attackerVerify.status).not.toBe(201);
    const attackerLogin = await attacker.post<Problem>('/api/v1/auth/login', {
      email,
      password: 'attacker chosen passphrase',
    });
    expect(attackerLogin.body.code).toBe('AUTH_INVALID_CREDENTIALS');
    await victim.login(email, 'victim own passphrase 42');
  });

  it('refuses weak passwords with the reason, in the reader language', async () => {
    const cases: Array<[string, string]> = [
      ['short1', 'at least 8'],
      ['password123', 'most common'],
      ['qwertyuiop', 'most common'],
      ['woaini1314', 'most common'],
    ];
    for (const [password, reason] of cases) {
      const response = await app()
        .client({ locale: 'en' })
        .post<Problem>('/api/v1/auth/register', { email: freshEmail(), password });
      expect(response.status, password).toBe(400);
      expect(['AUTH_PASSWORD_WEAK', 'VALIDATION_FAILED']).toContain(response.body.code);
      if (response.body.code === 'AUTH_PASSWORD_WEAK') expect(response.body.detail).toContain(reason);
    }
    const email = `mingming2026@${dialect}.example.com`;
    const containsName = await app()
      .client()
      .post<Problem>('/api/v1/auth/register', { email, password: 'xx-mingming2026-xx' });
    expect(containsName.body.code).toBe('AUTH_PASSWORD_WEAK');
    expect(containsName.body.detail).toContain('不要包含邮箱用户名');
  });

  it('counts password length in characters, so 8 Chinese characters are enough', async () => {
    const response = await app()
      .client()
      .post('/api/v1/auth/register', { email: freshEmail(), password: '我的密码非常安全' });
    expect(response.status).toBe(202);
  });

  it('limits code requests per email to 5 an hour', async () => {
    const email = freshEmail();
    const client = app().client();
    for (let i = 0; i < 5; i++) {
      expect((await client.post('/api/v1/auth/register', { email, password: PASSWORD })).status).toBe(202);
    }
    const sixth = await client.post<Problem>('/api/v1/auth/register', { email, password: PASSWORD });
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('AUTH_TOO_MANY_CODES');
    app().clock.advance(60 * 60_000 + 1);
    expect((await client.post('/api/v1/auth/register', { email, password: PASSWORD })).status).toBe(202);
  });

  it('lets exactly one of two concurrent completions for the same email create the account', async () => {
    const email = freshEmail();
    const first = await register(email);
    app().clock.advance(1000);
    const second = await register(email);
    await app().smtp.waitFor(email, (mail) => mail !== app().smtp.messagesTo(email)[0]);
    const [codeA, codeB] = app().smtp.messagesTo(email).map(codeFrom);
    const [a, b] = await Promise.all([
      app().client().post<Problem>('/api/v1/auth/register/verify', {
        verificationId: first.verificationId,
        code: codeA!,
      }),
      app().client().post<Problem>('/api/v1/auth/register/verify', {
        verificationId: second.verificationId,
        code: codeB!,
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.status === 409)?.body.code).toBe('AUTH_EMAIL_TAKEN');
    const users = await app()
      .database.handle.db.selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .execute();
    expect(users).toHaveLength(1);
  });
});
