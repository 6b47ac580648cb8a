import { equalBytes, sha256 } from './bytes.js';

/**
 * Verification of the transfer log, an RFC 6962 / RFC 9162 Merkle tree: leaf = SHA-256(0x00 ‖ leaf),
 * node = SHA-256(0x01 ‖ left ‖ right). The algorithms are RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2
 * (consistency), step by step.
 */
const LEAF = new Uint8Array([0x00]);
const NODE = new Uint8Array([0x01]);

export function hashLeaf(leaf: Uint8Array): Promise<Uint8Array> {
  return sha256(LEAF, leaf);
}

export function hashNode(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(NODE, left, right);
}

function lsb(n: number): boolean {
  return n % 2 === 1;
}

/** RFC 9162 §2.1.3.2: true when `path` proves `leafHash` at `index` in the tree of `size` with `root`. */
export async function verifyInclusion(
  index: number,
  size: number,
  leafHash: Uint8Array,
  path: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      r = await hashNode(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await hashNode(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(r, root);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/** RFC 9162 §2.1.4.2: true when `proof` shows the tree of `size2` extends the tree of `size1`. */
export async function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): Promise<boolean> {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size1 > size2)
    return false;
  if (size1 === size2) return proof.length === 0 && equalBytes(root1, root2);
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (lsb(fn)) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = await hashNode(c, fr);
      sr = await hashNode(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = await hashNode(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return equalBytes(fr, root1) && equalBytes(sr, root2) && sn === 0;
}

/** The root of a whole list of leaf hashes (RFC 6962 §2.1 MTH), for small trees and tests. */
export async function rootOf(leafHashes: readonly Uint8Array[]): Promise<Uint8Array> {
  if (leafHashes.length === 0) return sha256();
  if (leafHashes.length === 1) return leafHashes[0]!;
  const k = largestPowerOfTwoBelow(leafHashes.length);
  return hashNode(await rootOf(leafHashes.slice(0, k)), await rootOf(leafHashes.slice(k)));
}

/** The largest power of two strictly less than n (n ≥ 2): RFC 6962's split point. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
