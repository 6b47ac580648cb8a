import { ACTOR_TYPES } from '../../platform/actor.js';
import { z } from 'zod';
import { LOCALES, DEFAULT_LOCALE } from '../../../common/locale.js';
import { pageQuerySchema, pageSchema } from '../../../common/pagination.js';
import { pingDatabase } from '../../db/connect.js';
import { schemaStatus } from '../../db/migrate.js';
import { listAuditLog } from '../../platform/audit.js';
import { jobsCleanup } from '../../platform/jobs.js';
import { safeEqual } from '../../platform/crypto.js';
import { AppError, platformErrors, type ErrorCatalogue } from '../../platform/errors.js';
import type { Metrics } from '../../platform/http/metrics.js';
import type { KamengModule } from '../../platform/module.js';
import { packageVersion } from '../../platform/package-info.js';
import { HOUR_MS } from '../../platform/clock.js';
import { registerSettingsRoutes } from './settings.routes.js';

/**
 * Operations and meta: health, metrics, the OpenAPI document, the error catalogue, the shop's public
 * facts and the audit log viewer.
 */
export interface SystemModuleDeps {
  metrics: Metrics;
  /** Every error code of every module, for /api/problems. */
  catalogue: () => ErrorCatalogue;
  startedAt: Date;
}

const healthResponse = z.object({
  status: z.enum(['ok', 'unavailable']),
  version: z.string(),
  uptimeSeconds: z.number().int(),
  database: z.object({
    dialect: z.enum(['sqlite', 'postgres']),
    reachable: z.boolean(),
    latencyMs: z.number().nullable(),
  }),
  schema: z.object({
    version: z.string().nullable(),
    applied: z.number().int(),
    pending: z.array(z.string()),
  }),
});

const problemDefinition = z.object({
  code: z.string(),
  status: z.number().int(),
  title: z.string(),
  when: z.string(),
  message: z.object({ 'zh-CN': z.string(), en: z.string() }),
});

const auditRecord = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ type: z.enum(ACTOR_TYPES), id: z.string() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable() }),
  ip: z.string().nullable(),
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export function createSystemModule(deps: SystemModuleDeps): KamengModule {
  return {
    name: 'system',
    jobs: [jobsCleanup],
    recurringJobs: [{ name: jobsCleanup.name, everyMs: HOUR_MS }],
    registerRoutes(app, ctx) {
      app.get('/api/health', {
        config: { access: 'public' },
        schema: {
          tags: ['system'],
          summary: 'Liveness and readiness: database reachable, schema version',
          response: { 200: healthResponse, 503: healthResponse },
        },
        handler: async (_request, reply) => {
          const started = performance.now();
          let reachable = true;
          let schema: z.infer<typeof healthResponse>['schema'] = { version: null, applied: 0, pending: [] };
          try {
            await pingDatabase(ctx.db);
            schema = await schemaStatus(ctx.db);
          } catch {
            reachable = false;
          }
          const latencyMs = reachable ? Math.round((performance.now() - started) * 100) / 100 : null;
          return reply.code(reachable ? 200 : 503).send({
            status: reachable ? 'ok' : 'unavailable',
            version: packageVersion(),
            uptimeSeconds: Math.floor((Date.now() - deps.startedAt.getTime()) / 1000),
            database: { dialect: ctx.dialect, reachable, latencyMs },
            schema,
          });
        },
      });

      app.get('/api/metrics', {
        config: { access: 'public' },
        schema: {
          tags: ['system'],
          summary:
            'Prometheus metrics (text format); needs `Authorization: Bearer <KAMENG_METRICS_TOKEN>` when that is set',
          hide: false,
        },
        handler: async (request, reply) => {
          const token = ctx.config.metricsToken;
          if (token && !safeEqual(request.headers.authorization ?? '', `Bearer ${token}`)) {
            throw new AppError(platformErrors.AUTH_REQUIRED);
          }
          return reply
            .header('content-type', deps.metrics.registry.contentType)
            .send(await deps.metrics.registry.metrics());
        },
      });

      app.get('/api/openapi.json', {
        config: { access: 'public' },
        schema: { tags: ['system'], summary: 'This API as an OpenAPI 3.1 document', hide: true },
        handler: () => app.swagger(),
      });

      app.get('/api/problems', {
        config: { access: 'public' },
        schema: {
          tags: ['system'],
          summary: 'Every error code the API can return, with status, meaning and messages',
          response: { 200: z.array(problemDefinition) },
        },
        handler: () => Object.values(deps.catalogue()).sort((a, b) => a.code.localeCompare(b.code)),
      });

      app.get('/api/problems/:code', {
        config: { access: 'public' },
        schema: {
          tags: ['system'],
          summary: 'One error code: the `type` URI of every problem document resolves here',
          params: z.strictObject({ code: z.string().max(64) }),
          response: { 200: problemDefinition },
        },
        handler: (request) => {
          const definition = deps.catalogue()[request.params.code];
          if (!definition) throw new AppError(platformErrors.NOT_FOUND);
          return definition;
        },
      });

      app.get('/api/v1/shop', {
        config: { access: 'public' },
        schema: {
          tags: ['system'],
          summary: "The shop's public facts for the web header",
          response: {
            200: z.object({
              name: z.string(),
              version: z.string(),
              locales: z.array(z.enum(LOCALES)),
              defaultLocale: z.enum(LOCALES),
            }),
          },
        },
        handler: () => ({
          name: ctx.config.shopName,
          version: packageVersion(),
          locales: [...LOCALES],
          defaultLocale: DEFAULT_LOCALE,
        }),
      });

      app.get('/api/v1/admin/audit-log', {
        config: { access: ['admin', 'auditor'] },
        schema: {
          tags: ['admin'],
          summary: 'The append-only log of privileged actions, newest first',
          querystring: pageQuerySchema.extend({
            actorId: z.string().max(40).optional(),
            targetId: z.string().max(40).optional(),
            action: z.string().max(60).optional(),
          }),
          response: { 200: pageSchema(auditRecord) },
        },
        handler: (request) => {
          const { actorId, targetId, action, ...page } = request.query;
          return listAuditLog(ctx.db, { actorId, targetId, action }, page);
        },
      });

      registerSettingsRoutes(app, ctx);
    },
  };
}
