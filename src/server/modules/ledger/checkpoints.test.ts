import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDialect,
  type TestDatabase,
} from '../../../../tests/helpers/databases.js';
import { dropAppendOnly, fund, post, transfer, userWallet } from '../../../../tests/helpers/ledger.js';
import { serviceContextFor } from '../../../../tests/helpers/service-context.js';
import { verifyCheckpointSignature } from '../../../common/ledger/checkpoint.js';
import { verifyProofBundle, type ProofBundle } from '../../../common/ledger/proof-bundle.js';
import { createKeyRing } from '../../platform/crypto.js';
import { ManualClock } from '../../platform/clock.js';
import type { ServiceContext } from '../../platform/context.js';
import { isAppError } from '../../platform/errors.js';
import { openAccount } from './accounts.service.js';
import { latestCheckpoint, presentCheckpoint, publishCheckpoint } from './checkpoints.service.js';
import { ledgerErrors } from './ledger.errors.js';
import { proofBundleFor } from './proofs.service.js';
import { rebuildLogNodes, withLogLock } from './sequencer.js';
import { ledgerSigner, type LedgerSigner } from './signing.js';
import { leafNode, rootNode } from './sum-tree-builder.js';

describeEachDialect('checkpoints and proofs', (dialect) => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let signer: LedgerSigner;
  const clock = new ManualClock('2026-11-22T08:00:00.000Z');
  const db = () => database.handle.db;
  const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    ctx = serviceContextFor(database.handle, { clock, dataDir: database.dataDir });
    signer = ledgerSigner(createKeyRing(randomBytes(32)));
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('publishes nothing while the ledger is empty', async () => {
    expect(await publishCheckpoint(ctx, signer)).toEqual({ checkpoint: null, created: false });
  });

  it('signs the first checkpoint over the log and every customer balance', async () => {
    const alice = await userWallet(db(), 'usr_alice');
    const zuan = (
      await openAccount(db(), clock.now(), { kind: 'user_zuan', currency: 'ZUAN', ownerId: 'usr_alice' })
    ).id;
    const issuance = (await openAccount(db(), clock.now(), { kind: 'zuan_issuance', currency: 'ZUAN' })).id;
    await fund(db(), dialect, alice, 12_345);
    await post(
      db(),
      dialect,
      transfer([
        { accountId: issuance, amount: -500 },
        { accountId: zuan, amount: 500 },
      ]),
    );
    const { checkpoint, created } = await publishCheckpoint(ctx, signer);
    expect(created).toBe(true);
    const signed = presentCheckpoint(checkpoint!);
    expect(signed.body).toMatchObject({
      sequence: 1,
      logSize: 2,
      totals: { CNY: 12_345, ZUAN: 500 },
      accountCount: 2,
      previous: null,
    });
    expect(await verifyCheckpointSignature(signed, signer.publicKeyBase64)).toBe(true);
    const forged = clone(signed);
    forged.body.totals = { ...forged.body.totals, CNY: forged.body.totals.CNY + 1 };
    expect(await verifyCheckpointSignature(forged, signer.publicKeyBase64)).toBe(false);
  });

  it('publishes nothing new when nothing changed, and proves each new checkpoint consistent with the last', async () => {
    expect((await publishCheckpoint(ctx, signer)).created).toBe(false);
    const bob = await userWallet(db(), 'usr_bob');
    await fund(db(), dialect, bob, 700);
    const checkpoint = (await publishCheckpoint(ctx, signer)).checkpoint!;
    expect(checkpoint.sequence).toBe(2);
    expect(JSON.parse(checkpoint.body)).toMatchObject({
      previous: { sequence: 1, logSize: 2 },
      logSize: 3,
      totals: { CNY: 13_045 },
    });
    expect(JSON.parse(checkpoint.consistency_proof)).not.toEqual([]);
  });

  it('sums hundreds of accounts in tiles to the same root as one tree over all of them', async () => {
    for (let i = 0; i < 600; i++) {
      const id = await userWallet(db(), `usr_many_${String(i).padStart(4, '0')}`);
      if (i % 3 === 0) await fund(db(), dialect, id, i + 1);
    }
    const checkpoint = (await publishCheckpoint(ctx, signer)).checkpoint!;
    const accounts = await db()
      .selectFrom('ledger_accounts')
      .selectAll()
      .where('kind', 'in', ['user_wallet', 'user_zuan', 'merchant_payable', 'merchant_deposit'])
      .orderBy('id')
      .execute();
    const whole = rootNode(
      accounts.map((a) =>
        leafNode({
          accountId: a.id,
          ownerType: a.owner_type,
          ownerId: a.owner_id,
          kind: a.kind,
          currency: a.currency,
          balance: a.balance,
          entryCount: a.entry_count,
          headHash: a.head_hash,
        }),
      ),
    );
    expect(checkpoint.sum_root).toBe(whole.hash.toString('hex'));
    expect(JSON.parse(checkpoint.tile_roots)).toHaveLength(Math.ceil(accounts.length / 256));
    expect(checkpoint.account_count).toBe(accounts.length);
  });

  let bundle: ProofBundle;

  it('gives a user a bundle that proves their balances and transfers, verified without the database', async () => {
    const carol = await userWallet(db(), 'usr_carol');
    const dave = await userWallet(db(), 'usr_dave');
    await fund(db(), dialect, carol, 1_000);
    await post(
      db(),
      dialect,
      transfer([
        { accountId: carol, amount: -250 },
        { accountId: dave, amount: 250 },
      ]),
    );
    await publishCheckpoint(ctx, signer);
    bundle = await proofBundleFor(ctx, { ownerType: 'user', ownerId: 'usr_carol' }, { transferLimit: 50 });
    expect(bundle.balances.map((b) => b.leaf.balance)).toEqual([750]);
    expect(bundle.transfers).toHaveLength(2);
    expect(bundle.previous).not.toBeNull();
    const report = await verifyProofBundle(bundle, signer.publicKeyBase64);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('rejects every kind of forged bundle', async () => {
    const refuses = async (name: string, forge: (b: ProofBundle) => void, key = signer.publicKeyBase64) => {
      const forged = clone(bundle);
      forge(forged);
      const report = await verifyProofBundle(forged, key);
      expect(report.ok, name).toBe(false);
    };
    await refuses('a wrong sibling in the balance path', (b) => {
      b.balances[0]!.path[0]!.hash = '00'.repeat(32);
    });
    await refuses('a wrong sum in the balance path', (b) => {
      b.balances[0]!.path[0]!.sums = {
        ...b.balances[0]!.path[0]!.sums,
        CNY: b.balances[0]!.path[0]!.sums.CNY + 1,
      };
    });
    await refuses('a negative sum hiding a liability', (b) => {
      b.balances[0]!.path[0]!.sums = { ...b.balances[0]!.path[0]!.sums, CNY: -5 };
    });
    await refuses('a swapped order of siblings', (b) => {
      const path = b.balances[0]!.path;
      [path[0], path[1]] = [path[1]!, path[0]!];
    });
    await refuses('a flipped side', (b) => {
      const step = b.balances[0]!.path[0]!;
      step.side = step.side === 'left' ? 'right' : 'left';
    });
    await refuses('a truncated balance path', (b) => {
      b.balances[0]!.path.pop();
    });
    await refuses('an inflated balance', (b) => {
      b.balances[0]!.leaf.balance += 1;
    });
    await refuses('a negative balance leaf', (b) => {
      b.balances[0]!.leaf.balance = -1;
    });
    await refuses('a truncated inclusion path', (b) => {
      b.transfers[0]!.inclusion.pop();
    });
    await refuses('an edited transfer', (b) => {
      b.transfers[0]!.leaf.reasonCode = 'gift';
    });
    await refuses('a transfer at another index', (b) => {
      b.transfers[0]!.logIndex += 1;
    });
    await refuses('the roots of another checkpoint', (b) => {
      b.checkpoint.body = b.previous!.checkpoint.body;
    });
    await refuses('a checkpoint body edited after signing', (b) => {
      b.checkpoint.body.totals = { ...b.checkpoint.body.totals, CNY: 1 };
    });
    await refuses('a broken consistency proof', (b) => {
      b.previous!.consistency[0] = 'ff'.repeat(32);
    });
    await refuses(
      'another key',
      () => undefined,
      ledgerSigner(createKeyRing(randomBytes(32))).publicKeyBase64,
    );
  });

  it('refuses to sign once the log no longer extends the previous checkpoint', async () => {
    // A thorough forger rewrites an old leaf and rebuilds every hash above it.
    await dropAppendOnly(db(), dialect, 'ledger_log');
    await db()
      .updateTable('ledger_log')
      .set({ leaf_hash: 'ab'.repeat(32) })
      .where('log_index', '=', 0)
      .execute();
    const size = Number((await latestCheckpoint(db()))!.log_size);
    await withLogLock(db(), dialect, (trx) => rebuildLogNodes(trx, size));
    await fund(db(), dialect, await userWallet(db(), 'usr_late'), 5);
    await expect(publishCheckpoint(ctx, signer)).rejects.toSatisfy((e) =>
      isAppError(e, ledgerErrors.LEDGER_CHECKPOINT_INCONSISTENT),
    );
    expect((await latestCheckpoint(db()))!.sequence).toBe(4);
  });
});
