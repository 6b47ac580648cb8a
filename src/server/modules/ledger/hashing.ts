import { createHash } from 'node:crypto';
import {
  accountHeaderJson,
  entryJson,
  transferLeafJson,
  type AccountHeader,
  type EntryRecord,
  type TransferRecord,
} from '../../../common/ledger/canonical.js';

/**
 * The server's synchronous twins of the browser verifier's hashes: same bytes (src/common/ledger),
 * node:crypto instead of WebCrypto so the hot path does not await per hash. Tests hold the two together.
 */
export function genesisHash(header: AccountHeader): string {
  return createHash('sha256').update(accountHeaderJson(header)).digest('hex');
}

export function entryHash(prevHashHex: string, entry: EntryRecord): string {
  return createHash('sha256').update(Buffer.from(prevHashHex, 'hex')).update(entryJson(entry)).digest('hex');
}

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function transferLeafHash(record: TransferRecord): string {
  return createHash('sha256').update(LEAF_PREFIX).update(transferLeafJson(record)).digest('hex');
}

export function logNodeHash(leftHex: string, rightHex: string): string {
  return createHash('sha256')
    .update(NODE_PREFIX)
    .update(Buffer.from(leftHex, 'hex'))
    .update(Buffer.from(rightHex, 'hex'))
    .digest('hex');
}

export const EMPTY_TREE_ROOT = createHash('sha256').digest('hex');
