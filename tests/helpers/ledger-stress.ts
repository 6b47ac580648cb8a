import { SYSTEM_ACTOR } from '../../src/server/platform/actor.js';
import { systemClock } from '../../src/server/platform/clock.js';
import type { Db } from '../../src/server/platform/context.js';
import type { Dialect } from '../../src/server/db/connect.js';
import { openAccount, postCommand, type LedgerCommand } from '../../src/server/modules/ledger/index.js';

/**
 * One stress worker: random transfers, holds and resolutions among a few hot accounts, in both
 * directions, plus first writes into freshly opened accounts that other workers open at the same time.
 * Used in-process (PostgreSQL pools, SQLite's one connection) and from separate processes.
 */
export interface StressCounts {
  posted: number;
  rejected: number;
  errors: number;
  freshOpened: number;
}

export async function runStressWorker(options: {
  db: Db;
  dialect: Dialect;
  hotAccounts: readonly string[];
  worker: string;
  durationMs: number;
  random?: () => number;
}): Promise<StressCounts> {
  const random = options.random ?? Math.random;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const counts: StressCounts = { posted: 0, rejected: 0, errors: 0, freshOpened: 0 };
  const accounts = [...options.hotAccounts];
  const holds: string[] = [];
  let n = 0;
  const deadline = Date.now() + options.durationMs;
  while (Date.now() < deadline) {
    // Requests reach a server through I/O callbacks; yielding here lets other callers (and the reader)
    // interleave the way they would, instead of one worker's microtasks running back to back.
    await new Promise((resolve) => setImmediate(resolve));
    const id = `${options.worker}-${++n}`;
    const base = { cause: { type: 'adjustment', id }, reason: { code: 'stress' }, actor: SYSTEM_ACTOR };
    let command: LedgerCommand;
    const roll = random();
    if (roll < 0.1) {
      // Fresh accounts: a handful of owners every worker opens, so openers race each other.
      const fresh = await openAccount(options.db, new Date(), {
        kind: 'user_wallet',
        currency: 'CNY',
        ownerId: `usr_fresh_${Math.floor(random() * 3)}`,
      });
      counts.freshOpened++;
      if (!accounts.includes(fresh.id)) accounts.push(fresh.id);
      command = {
        id,
        type: 'transfer',
        legs: [
          { accountId: pick(options.hotAccounts), amount: -1 - Math.floor(random() * 500) },
          { accountId: fresh.id, amount: 0 },
        ],
        ...base,
      };
      command.legs = [command.legs[0]!, { accountId: fresh.id, amount: -command.legs[0]!.amount }];
    } else if (roll < 0.2 && holds.length > 0) {
      const pendingId = holds.splice(Math.floor(random() * holds.length), 1)[0]!;
      command = { id, type: random() < 0.5 ? 'post' : 'void', pendingId, ...base };
    } else {
      const from = pick(accounts);
      let to = pick(accounts);
      while (to === from) to = pick(accounts);
      const amount = 1 + Math.floor(random() * 5_000);
      const legs = [
        { accountId: from, amount: -amount },
        { accountId: to, amount },
      ];
      command = roll < 0.3 ? { id, type: 'hold', legs, ...base } : { id, type: 'transfer', legs, ...base };
    }
    try {
      const result = await options.db
        .transaction()
        .execute((trx) => postCommand(trx, { dialect: options.dialect, clock: systemClock }, command));
      if (result.outcome === 'rejected') counts.rejected++;
      else counts.posted++;
      if (result.outcome === 'held') holds.push(id);
    } catch {
      counts.errors++;
    }
  }
  return counts;
}
