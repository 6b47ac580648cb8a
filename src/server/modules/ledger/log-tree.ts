import { largestPowerOfTwoBelow } from '../../../common/ledger/merkle-log.js';
import type { Db } from '../../platform/context.js';
import { EMPTY_TREE_ROOT, logNodeHash } from './hashing.js';

/**
 * Reads of the RFC 6962 transfer log from its stored hashes: leaves in `ledger_log`, every complete,
 * aligned subtree of 2^level leaves in `ledger_log_nodes`. Any subtree hash MTH(D[a:b]) is then a
 * handful of lookups (RFC 6962's splits always leave a complete left subtree), so roots, inclusion paths
 * (RFC 9162 §2.1.3.1) and consistency proofs (§2.1.4.1) cost O(log n) reads, never a scan of the log.
 */
export class LogTree {
  readonly #db: Db;
  readonly #cache = new Map<string, string>();

  constructor(db: Db) {
    this.#db = db;
  }

  async size(): Promise<number> {
    const row = await this.#db
      .selectFrom('ledger_log')
      .select((eb) => eb.fn.max('log_index').as('last'))
      .executeTakeFirst();
    return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
  }

  async root(size: number): Promise<string> {
    return size === 0 ? EMPTY_TREE_ROOT : this.subtree(0, size);
  }

  /** MTH(D[start:end]). */
  async subtree(start: number, end: number): Promise<string> {
    const width = end - start;
    if (width === 1) return this.#stored(0, start);
    if (isPowerOfTwo(width) && start % width === 0) return this.#stored(Math.log2(width), start / width);
    const k = largestPowerOfTwoBelow(width);
    return logNodeHash(await this.subtree(start, start + k), await this.subtree(start + k, end));
  }

  /** RFC 9162 PATH(m, D[start:end]), leaf first. */
  async inclusionPath(index: number, size: number): Promise<string[]> {
    return this.#path(index, 0, size);
  }

  async #path(m: number, start: number, end: number): Promise<string[]> {
    const width = end - start;
    if (width <= 1) return [];
    const k = largestPowerOfTwoBelow(width);
    return m < k
      ? [...(await this.#path(m, start, start + k)), await this.subtree(start + k, end)]
      : [...(await this.#path(m - k, start + k, end)), await this.subtree(start, start + k)];
  }

  /** RFC 9162 PROOF(m, D[n]): the tree of size n extends the tree of size m. */
  async consistencyProof(m: number, n: number): Promise<string[]> {
    if (m === 0 || m === n) return [];
    return this.#subproof(m, 0, n, true);
  }

  async #subproof(m: number, start: number, end: number, isOriginal: boolean): Promise<string[]> {
    const width = end - start;
    if (m === width) return isOriginal ? [] : [await this.subtree(start, end)];
    const k = largestPowerOfTwoBelow(width);
    return m <= k
      ? [...(await this.#subproof(m, start, start + k, isOriginal)), await this.subtree(start + k, end)]
      : [...(await this.#subproof(m - k, start + k, end, false)), await this.subtree(start, start + k)];
  }

  async #stored(level: number, index: number): Promise<string> {
    const key = `${level}:${index}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const row =
      level === 0
        ? await this.#db
            .selectFrom('ledger_log')
            .select('leaf_hash as hash')
            .where('log_index', '=', index)
            .executeTakeFirst()
        : await this.#db
            .selectFrom('ledger_log_nodes')
            .select('hash')
            .where('level', '=', level)
            .where('node_index', '=', index)
            .executeTakeFirst();
    if (!row) throw new Error(`log hash missing at level ${level}, index ${index}`);
    this.#cache.set(key, row.hash);
    return row.hash;
  }
}

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}
