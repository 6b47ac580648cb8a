import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDialect,
  type TestDatabase,
} from '../../../../tests/helpers/databases.js';
import { dropAppendOnly, fund, post, transfer, userWallet } from '../../../../tests/helpers/ledger.js';
import { serviceContextFor } from '../../../../tests/helpers/service-context.js';
import { createKeyRing } from '../../platform/crypto.js';
import type { Dialect } from '../../db/connect.js';
import { openAccount } from './accounts.service.js';
import { publishCheckpoint } from './checkpoints.service.js';
import { ledgerSigner } from './signing.js';
import { verifyLedger } from './verify.service.js';

/**
 * `ledger verify` against a ledger edited behind the engine's back: every edit, deletion and insertion
 * is detected and located. Each case gets its own database because the tampering is irreversible.
 */
async function ledgerWithHistory(
  dialect: Dialect,
): Promise<{ database: TestDatabase; alice: string; bob: string; publicKey: string }> {
  const database = await createTestDatabase(dialect);
  const db = database.handle.db;
  const alice = await userWallet(db, 'usr_alice');
  const bob = await userWallet(db, 'usr_bob');
  await openAccount(db, new Date(), { kind: 'user_zuan', currency: 'ZUAN', ownerId: 'usr_alice' });
  await fund(db, dialect, alice, 1_000);
  for (let i = 0; i < 5; i++)
    await post(
      db,
      dialect,
      transfer([
        { accountId: alice, amount: -10 },
        { accountId: bob, amount: 10 },
      ]),
    );
  const signer = ledgerSigner(createKeyRing(randomBytes(32)));
  await publishCheckpoint(serviceContextFor(database.handle), signer);
  await post(
    db,
    dialect,
    transfer([
      { accountId: bob, amount: -5 },
      { accountId: alice, amount: 5 },
    ]),
  );
  return { database, alice, bob, publicKey: signer.publicKeyBase64 };
}

describeEachDialect('ledger verify', (dialect) => {
  async function tampered(
    tamper: (db: TestDatabase['handle']['db'], ids: { alice: string; bob: string }) => Promise<unknown>,
  ): Promise<{ where: string; what: string }> {
    const { database, alice, bob, publicKey } = await ledgerWithHistory(dialect);
    try {
      for (const table of ['ledger_entries', 'ledger_transfers', 'ledger_log', 'ledger_checkpoints']) {
        await dropAppendOnly(database.handle.db, dialect, table);
      }
      await tamper(database.handle.db, { alice, bob });
      const report = await verifyLedger(database.handle.db, { publicKeyBase64: publicKey });
      expect(report.ok).toBe(false);
      return report.problem!;
    } finally {
      await database.destroy();
    }
  }

  it('says OK for an untouched ledger and counts what it checked', async () => {
    const { database, publicKey } = await ledgerWithHistory(dialect);
    try {
      const report = await verifyLedger(database.handle.db, { publicKeyBase64: publicKey });
      expect(report.problem).toBeNull();
      expect(report.stats).toMatchObject({ accounts: 4, entries: 14, transfers: 7, checkpoint: 1 });
    } finally {
      await database.destroy();
    }
  });

  it('locates an edited amount', async () => {
    const problem = await tampered((db, { bob }) =>
      db
        .updateTable('ledger_entries')
        .set({ amount: 1_000 })
        .where('account_id', '=', bob)
        .where('seq', '=', 3)
        .execute(),
    );
    expect(problem.where).toMatch(/account acc_\w+, seq 3/);
  });

  it('locates an edited balance written consistently into the row (the hash gives it away)', async () => {
    const problem = await tampered(async (db, { alice }) => {
      await db
        .updateTable('ledger_entries')
        .set({ amount: 2_000, balance_after: 2_000 })
        .where('account_id', '=', alice)
        .where('seq', '=', 1)
        .execute();
    });
    expect(problem.where).toContain(', seq 1');
  });

  it('locates a deleted entry', async () => {
    const problem = await tampered((db, { alice }) =>
      db.deleteFrom('ledger_entries').where('account_id', '=', alice).where('seq', '=', 4).execute(),
    );
    expect(problem.what).toBe('seq 4 is missing');
  });

  it('locates an inserted entry', async () => {
    const problem = await tampered(async (db, { bob }) => {
      const last = await db
        .selectFrom('ledger_entries')
        .selectAll()
        .where('account_id', '=', bob)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      await db
        .insertInto('ledger_entries')
        .values({
          ...last,
          seq: last.seq + 1,
          amount: 99_999,
          balance_after: last.balance_after + 99_999,
          prev_hash: last.hash,
          hash: 'f'.repeat(64),
        })
        .execute();
    });
    expect(problem.where).toMatch(/account acc_\w+/);
  });

  it('locates a cached balance that no longer matches the entries', async () => {
    const problem = await tampered(async (db, { bob }) => {
      await sql`update ledger_accounts set balance = balance + 500 where id = ${bob}`.execute(db);
    });
    expect(problem.what).toContain('cached balance');
  });

  it('locates an edited transfer through its log leaf', async () => {
    const problem = await tampered((db) =>
      db
        .updateTable('ledger_transfers')
        .set({ reason_code: 'gift' })
        .where('outcome', '=', 'posted')
        .execute(),
    );
    expect(problem.where).toMatch(/^log index \d+$/);
  });

  it('locates a deleted transfer', async () => {
    const problem = await tampered(async (db) => {
      const entry = await db
        .selectFrom('ledger_entries')
        .select('transfer_id')
        .limit(1)
        .executeTakeFirstOrThrow();
      await db.deleteFrom('ledger_transfers').where('id', '=', entry.transfer_id).execute();
    });
    expect(problem.what).toContain('does not exist');
  });

  it('locates an edited log leaf', async () => {
    const problem = await tampered((db) =>
      db
        .updateTable('ledger_log')
        .set({ leaf_hash: '0'.repeat(64) })
        .where('log_index', '=', 2)
        .execute(),
    );
    expect(problem.where).toBe('log index 2');
  });

  it('detects a checkpoint whose balances were edited', async () => {
    const problem = await tampered(async (db) => {
      const tile = await db.selectFrom('ledger_sum_tiles').selectAll().executeTakeFirstOrThrow();
      const leaves = JSON.parse(tile.leaves) as unknown[][];
      leaves[0]![5] = 123_456;
      await db
        .updateTable('ledger_sum_tiles')
        .set({ leaves: JSON.stringify(leaves) })
        .where('tile_index', '=', tile.tile_index)
        .execute();
    });
    expect(problem.where).toMatch(/^checkpoint 1/);
  });

  it('detects a checkpoint signed by another key', async () => {
    const { database } = await ledgerWithHistory(dialect);
    try {
      const other = ledgerSigner(createKeyRing(randomBytes(32))).publicKeyBase64;
      const report = await verifyLedger(database.handle.db, { publicKeyBase64: other });
      expect(report.problem).toEqual({ where: 'checkpoint 1', what: 'its signature does not verify' });
    } finally {
      await database.destroy();
    }
  });
});
