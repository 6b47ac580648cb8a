import { concat, equalBytes, fromHex, sha256, u64, utf8 } from './bytes.js';

/**
 * The proof-of-liabilities tree: a Merkle sum tree over every customer-owned balance. Each node commits
 * to the hashes *and the sums* of both children, and every sum is encoded unsigned, so a prover cannot
 * hide a liability behind a negative leaf or split a total unevenly between siblings (the flaws found in
 * Maxwell's original scheme). Shape: RFC 6962's (split at the largest power of two).
 *   leaf = SHA-256(0x00 ‖ sums ‖ leaf bytes)
 *   node = SHA-256(0x01 ‖ left hash ‖ left sums ‖ right hash ‖ right sums)
 *   sums = CNY then ZUAN, each 8 bytes big-endian unsigned.
 */
export const SUM_CURRENCIES = ['CNY', 'ZUAN'] as const;
export type Sums = { readonly CNY: number; readonly ZUAN: number };

export interface SumNode {
  hash: Uint8Array;
  sums: Sums;
}

export interface SumProofStep {
  /** Which side the sibling is on. */
  side: 'left' | 'right';
  hash: string;
  sums: Sums;
}

export function encodeSums(sums: Sums): Uint8Array {
  return concat(u64(sums.CNY), u64(sums.ZUAN));
}

export function addSums(a: Sums, b: Sums): Sums {
  const total = { CNY: a.CNY + b.CNY, ZUAN: a.ZUAN + b.ZUAN };
  if (!Number.isSafeInteger(total.CNY) || !Number.isSafeInteger(total.ZUAN)) throw new Error('sum overflow');
  return total;
}

export function sumsOf(currency: string, balance: number): Sums {
  return { CNY: currency === 'CNY' ? balance : 0, ZUAN: currency === 'ZUAN' ? balance : 0 };
}

export async function sumLeaf(leafJson: string, sums: Sums): Promise<SumNode> {
  return { hash: await sha256(new Uint8Array([0x00]), encodeSums(sums), utf8(leafJson)), sums };
}

export async function sumParent(left: SumNode, right: SumNode): Promise<SumNode> {
  return {
    hash: await sha256(
      new Uint8Array([0x01]),
      left.hash,
      encodeSums(left.sums),
      right.hash,
      encodeSums(right.sums),
    ),
    sums: addSums(left.sums, right.sums),
  };
}

/**
 * Folds a leaf and its audit path up to the root. Throws on a malformed step (negative or oversized sum,
 * bad hash), so that a forged path can never produce a root at all.
 */
export async function sumRootFromPath(leaf: SumNode, path: readonly SumProofStep[]): Promise<SumNode> {
  let node = leaf;
  for (const step of path) {
    const sibling: SumNode = { hash: fromHex(step.hash), sums: { CNY: step.sums.CNY, ZUAN: step.sums.ZUAN } };
    if (sibling.hash.length !== 32) throw new Error('a sibling hash must be 32 bytes');
    encodeSums(sibling.sums);
    node = step.side === 'left' ? await sumParent(sibling, node) : await sumParent(node, sibling);
  }
  return node;
}

export async function verifySumPath(
  leafJson: string,
  leafSums: Sums,
  path: readonly SumProofStep[],
  root: { hash: Uint8Array; sums: Sums },
): Promise<boolean> {
  try {
    const computed = await sumRootFromPath(await sumLeaf(leafJson, leafSums), path);
    return (
      equalBytes(computed.hash, root.hash) &&
      computed.sums.CNY === root.sums.CNY &&
      computed.sums.ZUAN === root.sums.ZUAN
    );
  } catch {
    return false;
  }
}
