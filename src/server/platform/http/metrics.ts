import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics on a registry owned by this app (not prom-client's global one), so several apps in
 * one process (tests) never mix their numbers. Routes are labelled by their template (`/api/v1/x/:id`),
 * never the raw URL, to keep label cardinality bounded.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly jobsFinished: Counter<'job' | 'outcome'>;
  /** 立即购买 batches (ADR 0010) by size and outcome: written, alone (fell back), failed (at COMMIT). */
  readonly buyNowBatches: Histogram<'outcome'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kameng_' });
  const jobsFinished = new Counter({
    name: 'kameng_jobs_finished_total',
    help: 'Background jobs finished, by job name and outcome (succeeded, retry, dead).',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const buyNowBatches = new Histogram({
    name: 'kameng_buy_now_batch_size',
    help: '立即购买 requests per batch, by outcome: written, alone (the batch failed and each ran alone), failed (an error at or after COMMIT).',
    labelNames: ['outcome'] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });
  return { registry, jobsFinished, buyNowBatches };
}

export function registerHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [metrics.registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}
