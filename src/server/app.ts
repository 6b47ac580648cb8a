import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { DEFAULT_LOCALE, negotiateLocale } from '../common/locale.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/connect.js';
import { createModules } from './modules.js';
import { createSessionAuthenticator } from './modules/accounts/index.js';
import { createApiKeyAuthenticator } from './modules/merchants/index.js';
import type { Mailer } from './modules/notifications/index.js';
import { systemClock, type Clock } from './platform/clock.js';
import { createServiceContext, type ServiceContext } from './platform/context.js';
import type { KeyRing } from './platform/crypto.js';
import { AppError, mergeCatalogues, platformErrors, type ErrorCatalogue } from './platform/errors.js';
import { registerAccessControl, type RouteEntry } from './platform/http/access.js';
import type { ApiInstance } from './platform/http/api.js';
import './platform/http/fastify-types.js';
import { createMetrics, registerHttpMetrics, type Metrics } from './platform/http/metrics.js';
import { registerProblemHandling, sendNotFound } from './platform/http/problem.js';
import { registerRouteDefaults } from './platform/http/route-defaults.js';
import { zodValidatorCompiler } from './platform/http/validation.js';
import { mergeReasons } from './platform/reasons.js';
import { newId } from './platform/ids.js';
import { JobRunner, type JobRunnerOptions } from './platform/jobs.js';
import { packageVersion, webRoot } from './platform/package-info.js';

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  keys: KeyRing;
  mailer: Mailer;
  clock?: Clock;
  /** A pino logger to use (main.ts) or nothing for a silent app (tests). */
  logger?: FastifyBaseLogger;
  jobRunner?: JobRunnerOptions;
  /** Where the built web app is; defaults to dist/web. */
  webRoot?: string;
  /** Adds routes or hooks before the app is sealed: for embedding and for tests (a slow route, say). */
  extend?: (app: ApiInstance, ctx: ServiceContext) => void;
}

export interface KamengApp {
  readonly app: FastifyInstance;
  readonly ctx: ServiceContext;
  readonly jobs: JobRunner;
  /** Every /api route with its declared access: the authorization tests walk this list. */
  readonly routes: readonly RouteEntry[];
  readonly catalogue: ErrorCatalogue;
  readonly metrics: Metrics;
}

const JSON_BODY_LIMIT = 64 * 1024;

/**
 * Builds the whole application: used by main.ts and by every test. It owns the Fastify instance and the
 * job runner (stopped when the app closes), not the database or mailer, which the caller closes.
 */
export async function buildApp(deps: AppDeps): Promise<KamengApp> {
  const { config } = deps;
  const app = Fastify({
    loggerInstance: deps.logger,
    genReqId: () => newId('request'),
    // Health probes and metrics scrapes would drown the log.
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: (request) => request.url === '/api/health' || request.url === '/api/metrics',
    }),
    bodyLimit: JSON_BODY_LIMIT,
    // A list of proxies goes as Fastify's comma-separated string.
    trustProxy: Array.isArray(config.trustProxy) ? config.trustProxy.join(',') : config.trustProxy,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  const ctx = createServiceContext({
    db: deps.database.db,
    dialect: deps.database.dialect,
    clock: deps.clock ?? systemClock,
    config,
    keys: deps.keys,
    log: app.log,
  });
  const metrics = createMetrics();
  const modules = createModules({
    mailer: deps.mailer,
    metrics,
    catalogue: () => catalogue,
    reasons: () => reasons,
    checkpointEveryMs: config.checkpointMinutes * 60_000,
    startedAt: new Date(),
  });
  const catalogue = mergeCatalogues(platformErrors, ...modules.map((module) => module.errors ?? {}));
  const reasons = mergeReasons(...modules.map((module) => module.reasons ?? {}));

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a cross-site HTML form cannot send application/json without a preflight (CSRF layer 1).
  app.removeContentTypeParser('text/plain');

  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.addHook('onRequest', (request, _reply, done) => {
    request.locale = negotiateLocale(request.headers['accept-language']);
    done();
  });
  registerProblemHandling(app);
  registerHttpMetrics(app, metrics);

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Ant Design writes its CSS-in-JS into <style> tags at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // The app is served over plain HTTP on a laptop; HSTS belongs to the TLS-terminating proxy.
    strictTransportSecurity: false,
  });
  await app.register(fastifyRateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    allowList: (request) => !request.url.startsWith('/api/'),
    errorResponseBuilder: (_request, context) =>
      new AppError(platformErrors.RATE_LIMITED, { seconds: Math.ceil(context.ttl / 1000) }),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kameng API',
        version: packageVersion(),
        description:
          'Kameng (可信卡盟). Errors are RFC 9457 problem+json with a stable `code` (see /api/problems). Browser clients authenticate with the session cookie and echo the `kameng_csrf` cookie in `X-CSRF-Token` on every POST/PUT/PATCH/DELETE.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'kameng_session' } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  registerRouteDefaults(app);
  const routes: RouteEntry[] = [];
  registerAccessControl(app, {
    authenticate: createSessionAuthenticator(ctx),
    authenticateApiKey: createApiKeyAuthenticator(ctx),
    routes,
    cookieSecure: config.session.cookieSecure,
    publicOrigin: config.publicUrl ? new URL(config.publicUrl).origin : undefined,
  });

  for (const module of modules) module.registerRoutes?.(app, ctx);
  deps.extend?.(app, ctx);
  await registerWebApp(app, deps.webRoot ?? webRoot());

  const jobs = new JobRunner(
    ctx,
    modules.flatMap((module) => module.jobs ?? []),
    modules.flatMap((module) => module.recurringJobs ?? []),
    {
      ...deps.jobRunner,
      onJobFinished: (name, outcome) => metrics.jobsFinished.inc({ job: name, outcome }),
    },
  );
  app.addHook('onClose', async () => {
    await jobs.stop();
  });
  // Graceful shutdown: a keep-alive connection whose request was in flight when close() began would keep
  // the server open; answering it with `Connection: close` lets it end with its response.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  await app.ready();
  return { app, ctx, jobs, routes, catalogue, metrics };
}

/**
 * Serves the built single-page app: hashed assets with a long cache, index.html for every other GET
 * outside /api (client-side routes). Without a build, "/" explains how to make one.
 */
async function registerWebApp(app: FastifyInstance, root: string): Promise<void> {
  const indexFile = path.join(root, 'index.html');
  const hasBuild = fs.existsSync(indexFile);
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      setHeaders: (reply, filePath) => {
        void reply.header(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api') &&
      !path.extname(request.url.split('?')[0]!);
    if (!wantsPage) return sendNotFound(request, reply);
    if (!hasBuild) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Kameng</title><p>The web app is not built yet: run <code>npm run build</code> (npm start does it for you).</p>',
        );
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
