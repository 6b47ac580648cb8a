import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDialect,
  type TestDatabase,
} from '../../../../tests/helpers/databases.js';
import { fund, userWallet } from '../../../../tests/helpers/ledger.js';
import { fromHex, toHex, utf8 } from '../../../common/ledger/bytes.js';
import { transferLeafJson } from '../../../common/ledger/canonical.js';
import { hashLeaf, rootOf, verifyConsistency, verifyInclusion } from '../../../common/ledger/merkle-log.js';
import { LogTree } from './log-tree.js';
import { sequenceQueued, transferRecords, withLogLock } from './sequencer.js';

// An independent RFC 6962 implementation (Sigstore's transparency-log verifier) to check ours against.
const require = createRequire(import.meta.url);
const sigstore = require('@sigstore/verify/dist/tlog/merkle.js') as {
  verifyMerkleInclusion(
    entry: { canonicalizedBody: Buffer; inclusionProof: { logIndex: string; hashes: Buffer[] } },
    checkpoint: { logSize: bigint; logHash: Buffer },
  ): void;
};

describeEachDialect('the transfer log (RFC 6962)', (dialect) => {
  let database: TestDatabase;
  let a: string;
  let b: string;
  const db = () => database.handle.db;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    a = await userWallet(db(), 'usr_log_a');
    b = await userWallet(db(), 'usr_log_b');
  });
  afterAll(async () => {
    await database.destroy();
  });

  async function addTransfers(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await fund(db(), dialect, i % 2 ? a : b, 1 + i);
  }
  async function sequence(): Promise<number> {
    return withLogLock(db(), dialect, (trx) => sequenceQueued(trx, new Date()));
  }
  async function leafHashes(): Promise<Uint8Array[]> {
    const rows = await db().selectFrom('ledger_log').select(['leaf_hash']).orderBy('log_index').execute();
    return rows.map((r) => fromHex(r.leaf_hash));
  }

  it('appends transfers with dense indices and hashes each leaf from the canonical record', async () => {
    await addTransfers(5);
    expect(await sequence()).toBe(5);
    const rows = await db().selectFrom('ledger_log').selectAll().orderBy('log_index').execute();
    expect(rows.map((r) => r.log_index)).toEqual([0, 1, 2, 3, 4]);
    const records = await transferRecords(
      db(),
      rows.map((r) => r.transfer_id),
    );
    for (const row of rows) {
      // The browser's WebCrypto hash of the same bytes equals the server's.
      expect(toHex(await hashLeaf(utf8(transferLeafJson(records.get(row.transfer_id)!))))).toBe(
        row.leaf_hash,
      );
    }
    expect(await db().selectFrom('ledger_log_queue').selectAll().execute()).toEqual([]);
  });

  it('computes the same root from stored subtrees as from the leaves, across many sequencing rounds', async () => {
    for (const batch of [1, 2, 1, 7, 16, 3, 33]) {
      await addTransfers(batch);
      const size = await sequence();
      const tree = new LogTree(db());
      expect(await tree.root(size), `size ${size}`).toBe(toHex(await rootOf(await leafHashes())));
    }
  });

  it('proves inclusion of every leaf, checked by our verifier and by Sigstore’s', async () => {
    const tree = new LogTree(db());
    const size = await tree.size();
    const leaves = await leafHashes();
    const root = await tree.root(size);
    const records = await db()
      .selectFrom('ledger_log')
      .select(['log_index', 'transfer_id'])
      .orderBy('log_index')
      .execute();
    const bodies = await transferRecords(
      db(),
      records.map((r) => r.transfer_id),
    );
    for (const { log_index: index, transfer_id: id } of records) {
      const path = await tree.inclusionPath(index, size);
      expect(
        await verifyInclusion(index, size, leaves[index]!, path.map(fromHex), fromHex(root)),
        `leaf ${index}`,
      ).toBe(true);
      expect(() =>
        sigstore.verifyMerkleInclusion(
          {
            canonicalizedBody: Buffer.from(transferLeafJson(bodies.get(id)!)),
            inclusionProof: { logIndex: String(index), hashes: path.map((h) => Buffer.from(h, 'hex')) },
          },
          { logSize: BigInt(size), logHash: Buffer.from(root, 'hex') },
        ),
      ).not.toThrow();
    }
  });

  it('proves consistency between any two sizes', async () => {
    const tree = new LogTree(db());
    const size = await tree.size();
    const leaves = await leafHashes();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: size }), fc.integer({ min: 1, max: size }), async (x, y) => {
        const [m, n] = x <= y ? [x, y] : [y, x];
        const proof = (await tree.consistencyProof(m, n)).map(fromHex);
        const oldRoot = await rootOf(leaves.slice(0, m));
        const newRoot = await rootOf(leaves.slice(0, n));
        expect(await verifyConsistency(m, n, oldRoot, newRoot, proof), `${m} → ${n}`).toBe(true);
        if (m < n && proof.length > 0) {
          // A changed proof, or a claim about a different old tree, is refused.
          const tampered = [new Uint8Array(32).fill(7), ...proof.slice(1)];
          expect(await verifyConsistency(m, n, oldRoot, newRoot, tampered)).toBe(false);
          const rewritten = [new Uint8Array(32).fill(9), ...leaves.slice(1, m)];
          expect(await verifyConsistency(m, n, await rootOf(rewritten), newRoot, proof)).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('refuses adversarial inclusion proofs', async () => {
    const tree = new LogTree(db());
    const size = await tree.size();
    const leaves = await leafHashes();
    const root = fromHex(await tree.root(size));
    const index = Math.floor(size / 2);
    const path = (await tree.inclusionPath(index, size)).map(fromHex);
    const leaf = leaves[index]!;
    expect(await verifyInclusion(index, size, leaf, path, root)).toBe(true);
    const wrongSibling = path.map((h, i) => (i === 1 ? new Uint8Array(32).fill(1) : h));
    expect(await verifyInclusion(index, size, leaf, wrongSibling, root)).toBe(false);
    expect(await verifyInclusion(index, size, leaf, path.slice(0, -1), root)).toBe(false);
    expect(await verifyInclusion(index, size, leaf, [...path, path[0]!], root)).toBe(false);
    expect(await verifyInclusion(index, size, leaf, [path[1]!, path[0]!, ...path.slice(2)], root)).toBe(
      false,
    );
    expect(await verifyInclusion(index + 1, size, leaf, path, root)).toBe(false);
    expect(await verifyInclusion(index, size, leaves[index + 1]!, path, root)).toBe(false);
    expect(await verifyInclusion(size, size, leaf, path, root)).toBe(false);
    expect(await verifyInclusion(-1, size, leaf, path, root)).toBe(false);
    const otherRoot = fromHex(await tree.root(size - 1));
    expect(await verifyInclusion(index, size, leaf, path, otherRoot)).toBe(false);
  });

  // SQLite serializes sequencers with its write lock (BEGIN IMMEDIATE, tested with migrations); PostgreSQL
  // needs the advisory lock, tested here with two real connections.
  if (dialect === 'postgres')
    it('serializes sequencers: two at once never assign one index twice', async () => {
      await addTransfers(40);
      const second = database.connectAgain(2);
      try {
        const run = (handle: typeof database.handle) =>
          withLogLock(handle.db, dialect, (trx) => sequenceQueued(trx, new Date()));
        await Promise.all([run(database.handle), run(second)]);
      } finally {
        await second.close();
      }
      const indices = (
        await db().selectFrom('ledger_log').select('log_index').orderBy('log_index').execute()
      ).map((r) => r.log_index);
      expect(indices).toEqual(indices.map((_, i) => i));
      const tree = new LogTree(db());
      expect(await tree.root(indices.length)).toBe(toHex(await rootOf(await leafHashes())));
    });
});
