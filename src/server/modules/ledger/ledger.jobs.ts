import { MINUTE_MS } from '../../platform/clock.js';
import type { JobDefinition, RecurringJob } from '../../platform/jobs.js';
import { SYSTEM_ACTOR } from '../../platform/actor.js';
import { publishCheckpoint } from './checkpoints.service.js';
import { sequenceQueued, withLogLock } from './sequencer.js';
import { ledgerSigner } from './signing.js';
import { postCommands } from './transfers.service.js';
import { expiredOpenHolds } from './transfers.repository.js';

/**
 * Background work of the ledger: keep the log close behind the commits, publish checkpoints, and let go
 * of holds whose time is up. Each is idempotent (the expiry's transfer id is derived from the hold's).
 */
export const ledgerJobs: JobDefinition[] = [
  {
    name: 'ledger.sequence',
    handler: async (ctx) => {
      await withLogLock(ctx.db, ctx.dialect, (trx) => sequenceQueued(trx, ctx.clock.now()));
    },
  },
  {
    name: 'ledger.checkpoint',
    handler: async (ctx) => {
      const { checkpoint, created } = await publishCheckpoint(ctx, ledgerSigner(ctx.keys));
      if (created)
        ctx.log.info(
          { sequence: checkpoint.sequence, logSize: checkpoint.log_size },
          'ledger checkpoint published',
        );
    },
  },
  {
    name: 'ledger.expire_holds',
    handler: async (ctx) => {
      for (;;) {
        const holds = await expiredOpenHolds(ctx.db, ctx.clock.now(), 200);
        if (holds.length === 0) return;
        await ctx.transact((trx) =>
          postCommands(
            trx,
            { dialect: ctx.dialect, clock: ctx.clock },
            holds.map((hold) => ({
              id: `expire:${hold.id}`,
              type: 'expire' as const,
              pendingId: hold.id,
              cause: { type: hold.cause_type, id: hold.cause_id },
              reason: { code: 'hold_expired' },
              actor: SYSTEM_ACTOR,
            })),
          ),
        );
        if (holds.length < 200) return;
      }
    },
  },
];

export function ledgerRecurringJobs(checkpointEveryMs: number): RecurringJob[] {
  return [
    { name: 'ledger.sequence', everyMs: 10_000 },
    { name: 'ledger.checkpoint', everyMs: checkpointEveryMs },
    { name: 'ledger.expire_holds', everyMs: MINUTE_MS },
  ];
}
