import { createHash } from 'node:crypto';
import { balanceLeafJson, type BalanceRecord } from '../../../common/ledger/canonical.js';
import { largestPowerOfTwoBelow } from '../../../common/ledger/merkle-log.js';
import { encodeSums, sumsOf, type Sums, type SumProofStep } from '../../../common/ledger/sum-tree.js';

/**
 * Server side of the proof-of-liabilities sum tree (format in src/common/ledger/sum-tree.ts). Leaves are
 * grouped in tiles of 256: a tile is a complete aligned subtree (RFC 6962's splits are powers of two), so
 * the tree over tile roots has the same root as the tree over all leaves, and a proof needs one tile.
 */
export const TILE_SIZE = 256;

export interface SumNode {
  hash: Buffer;
  sums: Sums;
}

export function leafNode(record: BalanceRecord): SumNode {
  const sums = sumsOf(record.currency, record.balance);
  return {
    hash: createHash('sha256')
      .update(Buffer.from([0x00]))
      .update(encodeSums(sums))
      .update(balanceLeafJson(record))
      .digest(),
    sums,
  };
}

export function parentNode(left: SumNode, right: SumNode): SumNode {
  const sums = { CNY: left.sums.CNY + right.sums.CNY, ZUAN: left.sums.ZUAN + right.sums.ZUAN };
  const hash = createHash('sha256')
    .update(Buffer.from([0x01]))
    .update(left.hash)
    .update(encodeSums(left.sums))
    .update(right.hash)
    .update(encodeSums(right.sums))
    .digest();
  return { hash, sums };
}

export function rootNode(nodes: readonly SumNode[]): SumNode {
  if (nodes.length === 0) return { hash: createHash('sha256').digest(), sums: { CNY: 0, ZUAN: 0 } };
  if (nodes.length === 1) return nodes[0]!;
  const k = largestPowerOfTwoBelow(nodes.length);
  return parentNode(rootNode(nodes.slice(0, k)), rootNode(nodes.slice(k)));
}

/** The audit path of node `index` among `nodes`, leaf first. */
export function pathTo(nodes: readonly SumNode[], index: number): SumProofStep[] {
  if (nodes.length <= 1) return [];
  const k = largestPowerOfTwoBelow(nodes.length);
  const step = (side: 'left' | 'right', node: SumNode): SumProofStep => ({
    side,
    hash: node.hash.toString('hex'),
    sums: node.sums,
  });
  return index < k
    ? [...pathTo(nodes.slice(0, k), index), step('right', rootNode(nodes.slice(k)))]
    : [...pathTo(nodes.slice(k), index - k), step('left', rootNode(nodes.slice(0, k)))];
}

/** A tile as stored: its leaves, compactly, in account order. */
export type StoredLeaf = [string, string, string, string, string, number, number, string];

export function toStoredLeaf(r: BalanceRecord): StoredLeaf {
  return [r.accountId, r.ownerType, r.ownerId, r.kind, r.currency, r.balance, r.entryCount, r.headHash];
}

export function fromStoredLeaf(l: StoredLeaf): BalanceRecord {
  return {
    accountId: l[0],
    ownerType: l[1],
    ownerId: l[2],
    kind: l[3],
    currency: l[4],
    balance: l[5],
    entryCount: l[6],
    headHash: l[7],
  };
}

export interface TileRoot {
  /** The first account id in the tile: tiles are found by binary search. */
  first: string;
  count: number;
  hash: string;
  sums: Sums;
}
