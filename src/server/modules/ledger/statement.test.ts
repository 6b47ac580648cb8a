import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDialect,
  type TestDatabase,
} from '../../../../tests/helpers/databases.js';
import { clearing, post, transfer, userWallet } from '../../../../tests/helpers/ledger.js';
import { findAccount } from './accounts.repository.js';
import { ledgerReasons } from './reasons.js';
import { statementPage } from './statement.service.js';

describeEachDialect('statement time filters', (dialect) => {
  let database: TestDatabase;
  let wallet: string;
  const start = Date.UTC(2026, 10, 1);
  const times: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const db = database.handle.db;
    wallet = await userWallet(db, 'usr_times');
    const source = await clearing(db);
    // Uneven gaps, some entries sharing a millisecond.
    let at = start;
    for (let i = 0; i < 45; i++) {
      at += [0, 1, 1_000, 60_000, 3_600_000][i % 5]!;
      times.push(at);
      await post(
        db,
        dialect,
        transfer([
          { accountId: source, amount: -(i + 1) },
          { accountId: wallet, amount: i + 1 },
        ]),
        new Date(at),
      );
    }
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('selects exactly the lines in [from, to), across pages', async () => {
    const account = (await findAccount(database.handle.db, wallet))!;
    const span = times.at(-1)! - start + 10;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -5, max: span }),
        fc.integer({ min: -5, max: span }),
        fc.integer({ min: 1, max: 7 }),
        async (a, b, limit) => {
          const [from, to] = [start + Math.min(a, b), start + Math.max(a, b)];
          const expected = times
            .map((t, i) => ({ t, seq: i + 1 }))
            .filter(({ t }) => t >= from && t < to)
            .map(({ seq }) => seq)
            .reverse();
          const seen: number[] = [];
          let cursor: string | undefined;
          do {
            const page = await statementPage(
              database.handle.db,
              account,
              {
                from: new Date(from).toISOString(),
                to: new Date(to).toISOString(),
                limit,
                ...(cursor ? { cursor } : {}),
              },
              ledgerReasons,
              'en',
            );
            seen.push(...page.items.map((line) => line.seq));
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
