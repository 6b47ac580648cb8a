import { canonicalJson } from './canonical.js';
import { fromBase64, sha256, toHex, utf8, type Bytes } from './bytes.js';
import type { Sums } from './sum-tree.js';

/**
 * A checkpoint is a signed statement of the whole ledger at one moment: the size and root of the transfer
 * log and the root and totals of the balance sum tree. The signature is Ed25519 (RFC 8032) over
 * `kameng-checkpoint-v1\n` followed by the canonical JSON of the body.
 */
export const CHECKPOINT_FORMAT = 'kameng-checkpoint-v1';

export interface CheckpointBody {
  format: typeof CHECKPOINT_FORMAT;
  /** Which shop: its public URL or name. */
  origin: string;
  sequence: number;
  logSize: number;
  /** Hex SHA-256. */
  logRoot: string;
  sumRoot: string;
  totals: Sums;
  accountCount: number;
  /** The checkpoint this one was proven consistent with, if any. */
  previous: { sequence: number; logSize: number; logRoot: string } | null;
  createdAt: string;
}

export interface SignedCheckpoint {
  body: CheckpointBody;
  /** Base64 Ed25519 signature. */
  signature: string;
  keyId: string;
}

export function checkpointMessage(body: CheckpointBody): Bytes {
  return utf8(
    `${CHECKPOINT_FORMAT}\n${canonicalJson({ ...body, totals: { ...body.totals }, previous: body.previous && { ...body.previous } })}`,
  );
}

/** A short, stable name for a public key: the first 8 bytes of its SHA-256, in hex. */
export async function keyIdOf(publicKeyBase64: string): Promise<string> {
  return toHex((await sha256(fromBase64(publicKeyBase64))).slice(0, 8));
}

export async function verifyCheckpointSignature(
  checkpoint: SignedCheckpoint,
  publicKeyBase64: string,
): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey(
      'raw',
      fromBase64(publicKeyBase64),
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    return await crypto.subtle.verify(
      { name: 'Ed25519' },
      key,
      fromBase64(checkpoint.signature),
      checkpointMessage(checkpoint.body),
    );
  } catch {
    return false;
  }
}
