import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDialect,
  type TestDatabase,
} from '../../../tests/helpers/databases.js';
import { serviceContextFor } from '../../../tests/helpers/service-context.js';
import { systemClock } from './clock.js';
import type { ServiceContext } from './context.js';
import { JobRunner } from './jobs.js';
import { defineConsumer, publish } from './outbox.js';

describeEachDialect('transactional outbox', (dialect) => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  const received: unknown[] = [];
  let runner: JobRunner;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    ctx = serviceContextFor(database.handle, { clock: systemClock });
    runner = new JobRunner(
      ctx,
      [defineConsumer('test.topic', (_ctx, payload) => Promise.resolve(void received.push(payload)))],
      [],
    );
  });
  afterAll(async () => {
    await runner.stop();
    await database.destroy();
  });

  it('publishes nothing when the transaction rolls back', async () => {
    await expect(
      ctx.transact(async (trx) => {
        await publish(trx, ctx.clock.now(), ctx.keys, { topic: 'test.topic', payload: { n: 'rolled back' } });
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    expect(await runner.runDueJobs()).toBe(0);
    expect(received).not.toContainEqual({ n: 'rolled back' });
  });

  it('delivers a committed event to its consumer', async () => {
    await ctx.transact((trx) =>
      publish(trx, ctx.clock.now(), ctx.keys, { topic: 'test.topic', payload: { n: 'committed' } }),
    );
    await runner.runDueJobs();
    expect(received).toContainEqual({ n: 'committed' });
  });

  it('publishes an event with a dedupe key once', async () => {
    for (let i = 0; i < 3; i++) {
      await ctx.transact((trx) =>
        publish(trx, ctx.clock.now(), ctx.keys, {
          topic: 'test.topic',
          payload: { n: 'once' },
          dedupeKey: 'ord_1:paid',
        }),
      );
    }
    await runner.runDueJobs();
    expect(received.filter((p) => JSON.stringify(p) === '{"n":"once"}')).toHaveLength(1);
  });

  it('stores a confidential event sealed, and the consumer still receives it in clear', async () => {
    await ctx.transact((trx) =>
      publish(trx, ctx.clock.now(), ctx.keys, {
        topic: 'test.topic',
        payload: { code: '864209' },
        confidential: true,
      }),
    );
    const rows = await database.handle.db
      .selectFrom('jobs')
      .select('payload')
      .where('status', '=', 'pending')
      .execute();
    expect(JSON.stringify(rows)).not.toContain('864209');
    await runner.runDueJobs();
    expect(received).toContainEqual({ code: '864209' });
  });

  it('drains right after commit, without waiting for the next poll', async () => {
    runner.start();
    // The runner is now asleep in its poll; only the commit can wake it in time.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await ctx.transact((trx) =>
      publish(trx, ctx.clock.now(), ctx.keys, { topic: 'test.topic', payload: { n: 'prompt' } }),
    );
    while (!received.some((p) => JSON.stringify(p) === '{"n":"prompt"}')) {
      expect(Date.now() - started).toBeLessThan(900);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await runner.stop();
  });
});
