import type { Selectable } from 'kysely';
import { fromHex } from '../../../common/ledger/bytes.js';
import type { BalanceRecord } from '../../../common/ledger/canonical.js';
import {
  CHECKPOINT_FORMAT,
  checkpointMessage,
  type CheckpointBody,
  type SignedCheckpoint,
} from '../../../common/ledger/checkpoint.js';
import { verifyConsistency } from '../../../common/ledger/merkle-log.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db, ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { ACCOUNT_KINDS, isAccountKind } from './account-kinds.js';
import { ledgerErrors } from './ledger.errors.js';
import type { LedgerCheckpointsTable } from './ledger.tables.js';
import { LogTree } from './log-tree.js';
import { sequenceQueued, withLogLock } from './sequencer.js';
import type { LedgerSigner } from './signing.js';
import {
  leafNode,
  rootNode,
  TILE_SIZE,
  toStoredLeaf,
  type SumNode,
  type TileRoot,
} from './sum-tree-builder.js';

/**
 * A checkpoint signs the whole ledger at one instant (docs/LEDGER.md "Checkpoints"): in one REPEATABLE
 * READ snapshot taken under the log lock it sequences every committed transfer, so the log it signs and
 * the balances it sums describe the same set of transfers. Before signing, it proves to itself that the
 * log still extends the previous checkpoint; if history was rewritten it refuses and raises the alarm.
 */
export type CheckpointRow = Selectable<LedgerCheckpointsTable>;

/** Sum-tree tiles are kept for this many recent checkpoints; the signed roots are kept forever. */
const TILES_KEPT_FOR = 10;

export function presentCheckpoint(row: CheckpointRow): SignedCheckpoint {
  return { body: JSON.parse(row.body) as CheckpointBody, signature: row.signature, keyId: row.key_id };
}

export async function latestCheckpoint(db: Db): Promise<CheckpointRow | undefined> {
  return db
    .selectFrom('ledger_checkpoints')
    .selectAll()
    .orderBy('sequence', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function checkpointBySequence(db: Db, sequence: number): Promise<CheckpointRow | undefined> {
  return db.selectFrom('ledger_checkpoints').selectAll().where('sequence', '=', sequence).executeTakeFirst();
}

export async function listCheckpoints(
  db: Db,
  options: { before?: number | undefined; limit: number },
): Promise<CheckpointRow[]> {
  let query = db
    .selectFrom('ledger_checkpoints')
    .selectAll()
    .orderBy('sequence', 'desc')
    .limit(options.limit);
  if (options.before !== undefined) query = query.where('sequence', '<', options.before);
  return query.execute();
}

export async function publishCheckpoint(
  ctx: ServiceContext,
  signer: LedgerSigner,
  options: { force?: boolean } = {},
): Promise<
  { checkpoint: CheckpointRow; created: true } | { checkpoint: CheckpointRow | null; created: false }
> {
  return withLogLock(
    ctx.db,
    ctx.dialect,
    async (trx) => {
      const now = ctx.clock.now();
      const size = await sequenceQueued(trx, now);
      const previous = await latestCheckpoint(trx);
      // Nothing new to attest (and, on a fresh shop, nothing at all): no new checkpoint.
      if (previous && previous.log_size === size && !options.force)
        return { checkpoint: previous, created: false };
      if (!previous && size === 0 && !options.force) return { checkpoint: null, created: false };

      const tree = new LogTree(trx);
      const logRoot = await tree.root(size);
      let consistency: string[] = [];
      if (previous) {
        let extends_ = false;
        try {
          consistency = await tree.consistencyProof(previous.log_size, size);
          const rebuilt = await tree.root(previous.log_size);
          extends_ =
            rebuilt === previous.log_root &&
            (await verifyConsistency(
              previous.log_size,
              size,
              fromHex(previous.log_root),
              fromHex(logRoot),
              consistency.map(fromHex),
            ));
        } catch (error) {
          ctx.log.error({ err: error }, 'could not rebuild the previous log tree');
        }
        if (!extends_) {
          ctx.log.fatal(
            { previous: previous.sequence, size },
            'LEDGER LOG NO LONGER EXTENDS THE PREVIOUS CHECKPOINT',
          );
          throw new AppError(ledgerErrors.LEDGER_CHECKPOINT_INCONSISTENT);
        }
      }

      const sequence = (previous?.sequence ?? 0) + 1;
      const sum = await buildSumTree(trx, sequence);
      const body: CheckpointBody = {
        format: CHECKPOINT_FORMAT,
        origin: ctx.config.publicUrl ?? ctx.config.shopName,
        sequence,
        logSize: size,
        logRoot,
        sumRoot: sum.root.hash.toString('hex'),
        totals: sum.root.sums,
        accountCount: sum.accountCount,
        previous: previous
          ? { sequence: previous.sequence, logSize: previous.log_size, logRoot: previous.log_root }
          : null,
        createdAt: toStoredTime(now),
      };
      const row: CheckpointRow = {
        sequence,
        log_size: size,
        log_root: logRoot,
        sum_root: body.sumRoot,
        totals: JSON.stringify(body.totals),
        account_count: sum.accountCount,
        consistency_proof: JSON.stringify(consistency),
        tile_roots: JSON.stringify(sum.tileRoots),
        body: JSON.stringify(body),
        signature: signer.sign(checkpointMessage(body)),
        key_id: signer.keyId,
        created_at: body.createdAt,
      };
      await trx.insertInto('ledger_checkpoints').values(row).execute();
      await trx
        .deleteFrom('ledger_sum_tiles')
        .where('checkpoint_sequence', '<=', sequence - TILES_KEPT_FOR)
        .execute();
      return { checkpoint: row, created: true };
    },
    'repeatable read',
  );
}

const LIABILITY_KINDS = Object.entries(ACCOUNT_KINDS)
  .filter(([, spec]) => spec.liability)
  .map(([kind]) => kind);

/** Streams every customer-owned account in id order into tiles of 256 leaves, stored as it goes. */
async function buildSumTree(
  trx: Trx,
  sequence: number,
): Promise<{ root: SumNode; tileRoots: TileRoot[]; accountCount: number }> {
  const tileRoots: TileRoot[] = [];
  const tileNodes: SumNode[] = [];
  const pendingTiles: Array<{ checkpoint_sequence: number; tile_index: number; leaves: string }> = [];
  let tile: BalanceRecord[] = [];
  let accountCount = 0;
  let after = '';

  const closeTile = async (force: boolean) => {
    if (tile.length === 0) return;
    const nodes = tile.map(leafNode);
    const root = rootNode(nodes);
    tileNodes.push(root);
    tileRoots.push({
      first: tile[0]!.accountId,
      count: tile.length,
      hash: root.hash.toString('hex'),
      sums: root.sums,
    });
    pendingTiles.push({
      checkpoint_sequence: sequence,
      tile_index: tileRoots.length - 1,
      leaves: JSON.stringify(tile.map(toStoredLeaf)),
    });
    tile = [];
    if (pendingTiles.length >= 64 || force) {
      await trx.insertInto('ledger_sum_tiles').values(pendingTiles.splice(0)).execute();
    }
  };

  for (;;) {
    const page = await trx
      .selectFrom('ledger_accounts')
      .select(['id', 'owner_type', 'owner_id', 'kind', 'currency', 'balance', 'entry_count', 'head_hash'])
      .where('kind', 'in', LIABILITY_KINDS)
      .where('id', '>', after)
      .orderBy('id')
      .limit(10_000)
      .execute();
    for (const account of page) {
      if (!isAccountKind(account.kind)) continue;
      tile.push({
        accountId: account.id,
        ownerType: account.owner_type,
        ownerId: account.owner_id,
        kind: account.kind,
        currency: account.currency,
        balance: account.balance,
        entryCount: account.entry_count,
        headHash: account.head_hash,
      });
      accountCount++;
      if (tile.length === TILE_SIZE) await closeTile(false);
    }
    if (page.length < 10_000) break;
    after = page.at(-1)!.id;
  }
  await closeTile(true);
  if (pendingTiles.length > 0)
    await trx.insertInto('ledger_sum_tiles').values(pendingTiles.splice(0)).execute();
  return { root: rootNode(tileNodes), tileRoots, accountCount };
}
