import {
  PROOF_BUNDLE_FORMAT,
  type BalanceProof,
  type ProofBundle,
  type TransferProof,
} from '../../../common/ledger/proof-bundle.js';
import { toStoredTime } from '../../platform/clock.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { accountsOfOwner } from './accounts.repository.js';
import {
  checkpointBySequence,
  latestCheckpoint,
  presentCheckpoint,
  type CheckpointRow,
} from './checkpoints.service.js';
import { ledgerErrors } from './ledger.errors.js';
import { LogTree } from './log-tree.js';
import { transferRecords } from './sequencer.js';
import {
  fromStoredLeaf,
  leafNode,
  pathTo,
  type StoredLeaf,
  type SumNode,
  type TileRoot,
} from './sum-tree-builder.js';

/**
 * A user's proof bundle against the latest checkpoint: their balances in its sum tree, their most recent
 * transfers in its log, and the log's consistency with the checkpoint before. Accounts opened or
 * transfers made after the checkpoint are simply not in it yet; the next checkpoint covers them.
 */
export async function proofBundleFor(
  ctx: ServiceContext,
  owner: { ownerType: 'user' | 'merchant'; ownerId: string },
  options: { transferLimit: number },
): Promise<ProofBundle> {
  const checkpoint = await latestCheckpoint(ctx.db);
  if (!checkpoint) throw new AppError(ledgerErrors.LEDGER_NO_CHECKPOINT);
  const accounts = await accountsOfOwner(ctx.db, owner.ownerType, owner.ownerId);
  const tileRoots = JSON.parse(checkpoint.tile_roots) as TileRoot[];

  const balances: BalanceProof[] = [];
  for (const account of accounts) {
    const proof = await balanceProof(ctx, checkpoint, tileRoots, account.id);
    if (proof) balances.push(proof);
  }

  const tree = new LogTree(ctx.db);
  const logged = await recentLoggedTransfers(ctx, checkpoint, balances, options.transferLimit);
  const records = await transferRecords(
    ctx.db,
    logged.map((l) => l.transfer_id),
  );
  const transfers: TransferProof[] = [];
  for (const { log_index: logIndex, transfer_id: id } of logged) {
    transfers.push({
      logIndex,
      leaf: records.get(id)!,
      inclusion: await tree.inclusionPath(logIndex, checkpoint.log_size),
    });
  }

  const previousRow =
    checkpoint.sequence > 1 ? await checkpointBySequence(ctx.db, checkpoint.sequence - 1) : undefined;
  return {
    format: PROOF_BUNDLE_FORMAT,
    generatedAt: toStoredTime(ctx.clock.now()),
    checkpoint: presentCheckpoint(checkpoint),
    previous: previousRow
      ? {
          checkpoint: presentCheckpoint(previousRow),
          consistency: JSON.parse(checkpoint.consistency_proof) as string[],
        }
      : null,
    balances,
    transfers,
  };
}

/**
 * The account's most recent transfers that the checkpoint covers: entries up to the entry count its
 * balance leaf records were all committed before the checkpoint, so their transfers are in its log.
 */
async function recentLoggedTransfers(
  ctx: ServiceContext,
  checkpoint: CheckpointRow,
  balances: readonly BalanceProof[],
  limit: number,
): Promise<Array<{ log_index: number; transfer_id: string }>> {
  if (limit === 0) return [];
  const ids = new Set<string>();
  for (const { leaf } of balances) {
    const rows = await ctx.db
      .selectFrom('ledger_entries')
      .select('transfer_id')
      .where('account_id', '=', leaf.accountId)
      .where('seq', '<=', leaf.entryCount)
      .orderBy('seq', 'desc')
      .limit(limit * 2)
      .execute();
    for (const row of rows) ids.add(row.transfer_id);
  }
  if (ids.size === 0) return [];
  return ctx.db
    .selectFrom('ledger_log')
    .select(['log_index', 'transfer_id'])
    .where('transfer_id', 'in', [...ids])
    .where('log_index', '<', checkpoint.log_size)
    .orderBy('log_index', 'desc')
    .limit(limit)
    .execute();
}

async function balanceProof(
  ctx: ServiceContext,
  checkpoint: CheckpointRow,
  tileRoots: readonly TileRoot[],
  accountId: string,
): Promise<BalanceProof | null> {
  const tileIndex = findTile(tileRoots, accountId);
  if (tileIndex < 0) return null;
  const tile = await ctx.db
    .selectFrom('ledger_sum_tiles')
    .select('leaves')
    .where('checkpoint_sequence', '=', checkpoint.sequence)
    .where('tile_index', '=', tileIndex)
    .executeTakeFirst();
  if (!tile) return null;
  const leaves = (JSON.parse(tile.leaves) as StoredLeaf[]).map(fromStoredLeaf);
  const position = leaves.findIndex((leaf) => leaf.accountId === accountId);
  if (position < 0) return null;
  const tileNodes: SumNode[] = tileRoots.map((t) => ({ hash: Buffer.from(t.hash, 'hex'), sums: t.sums }));
  return {
    leaf: leaves[position]!,
    leafIndex: tileIndex * 256 + position,
    path: [...pathTo(leaves.map(leafNode), position), ...pathTo(tileNodes, tileIndex)],
  };
}

/** The last tile whose first account id is ≤ the one sought (tiles are in account order). */
function findTile(tiles: readonly TileRoot[], accountId: string): number {
  let low = 0;
  let high = tiles.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (tiles[middle]!.first <= accountId) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
