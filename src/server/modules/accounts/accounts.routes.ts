import { z } from 'zod';
import {
  challengeStarted,
  csrfResponse,
  loginBody,
  loginHistoryPage,
  loginResponse,
  meSchema,
  passwordResetBody,
  passwordResetConfirmBody,
  registerBody,
  resendCodeBody,
  resetStarted,
  sessionResponse,
  updateMeBody,
  verifyCodeBody,
} from '../../../common/api/accounts.js';
import { pageQuerySchema } from '../../../common/pagination.js';
import type { ServiceContext } from '../../platform/context.js';
import { requireUser, sessionOf } from '../../platform/http/access.js';
import { clientIp, userAgentOf, type ApiInstance } from '../../platform/http/api.js';
import { login } from './login.service.js';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.service.js';
import { getLoginHistory, getMe, updateMe } from './profile.service.js';
import { completeRegistration, resendRegistrationCode, startRegistration } from './registration.service.js';
import { revokeSession } from './sessions.repository.js';
import { clearSessionCookies, setSessionCookies } from './sessions.service.js';

/** Thin routes (STYLE.md, after Outline): validate → call the use case → present. */
export function registerAccountRoutes(app: ApiInstance, ctx: ServiceContext): void {
  app.get('/api/v1/auth/csrf', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'The CSRF token to echo in X-CSRF-Token (also set as the kameng_csrf cookie)',
      response: { 200: csrfResponse },
    },
    handler: (request) => ({ csrfToken: request.csrfToken }),
  });

  app.get('/api/v1/auth/session', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Who is signed in on this browser: the user, or null (a page load asks this without an error)',
      response: { 200: sessionResponse },
    },
    handler: async (request) => {
      const session = sessionOf(request);
      return { user: session ? await getMe(ctx, session.userId) : null };
    },
  });

  app.post('/api/v1/auth/register', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Start a registration: a 6-digit code is emailed (valid 10 minutes)',
      body: registerBody,
      response: { 202: challengeStarted },
    },
    handler: async (request, reply) => {
      const started = await startRegistration(ctx, request.body, request.locale);
      return reply.code(202).send(started);
    },
  });

  app.post('/api/v1/auth/register/resend', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Send a new code for a registration (at most once a minute, 5 times)',
      body: resendCodeBody,
      response: { 202: challengeStarted },
    },
    handler: async (request, reply) =>
      reply.code(202).send(await resendRegistrationCode(ctx, request.body.verificationId)),
  });

  app.post('/api/v1/auth/register/verify', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Complete a registration with the emailed code; the account is created verified',
      body: verifyCodeBody,
      response: { 201: z.object({ userId: z.string(), email: z.string() }) },
    },
    handler: async (request, reply) => reply.code(201).send(await completeRegistration(ctx, request.body)),
  });

  app.post('/api/v1/auth/login', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with email and password; sets the session cookie',
      body: loginBody,
      response: { 200: loginResponse },
    },
    handler: async (request, reply) => {
      const outcome = await login(ctx, {
        email: request.body.email,
        password: request.body.password,
        ip: clientIp(request),
        userAgent: userAgentOf(request),
        previousSessionId: sessionOf(request)?.sessionId ?? null,
      });
      setSessionCookies(request, reply, ctx, outcome.session);
      return { status: outcome.status, user: outcome.user, csrfToken: outcome.session.csrfToken };
    },
  });

  app.post('/api/v1/auth/logout', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Sign out this session', response: { 204: z.undefined() } },
    handler: async (request, reply) => {
      await revokeSession(ctx.db, requireUser(request).sessionId, 'logout', ctx.clock.now());
      clearSessionCookies(request, reply, ctx);
      return reply.code(204).send();
    },
  });

  app.post('/api/v1/auth/password-reset', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary:
        'Ask for a password reset code by email (the answer is the same whether the email exists or not)',
      body: passwordResetBody,
      response: { 202: resetStarted },
    },
    handler: async (request, reply) =>
      reply.code(202).send(await requestPasswordReset(ctx, request.body, request.locale)),
  });

  app.post('/api/v1/auth/password-reset/confirm', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Set a new password with the emailed code; signs out every session',
      body: passwordResetConfirmBody,
      response: { 204: z.undefined() },
    },
    handler: async (request, reply) => {
      await confirmPasswordReset(ctx, request.body, request.locale);
      return reply.code(204).send();
    },
  });

  app.get('/api/v1/me', {
    config: { access: 'authenticated' },
    schema: { tags: ['me'], summary: 'The signed-in user', response: { 200: meSchema } },
    handler: (request) => getMe(ctx, requireUser(request).userId),
  });

  app.patch('/api/v1/me', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['me'],
      summary: 'Change display name or language',
      body: updateMeBody,
      response: { 200: meSchema },
    },
    handler: (request) => updateMe(ctx, requireUser(request).userId, request.body),
  });

  app.get('/api/v1/me/login-history', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['me'],
      summary: 'My sign-in attempts, newest first: time, IP, device and result',
      querystring: pageQuerySchema,
      response: { 200: loginHistoryPage },
    },
    handler: (request) => getLoginHistory(ctx, requireUser(request).userId, request.query),
  });
}
