import { fromHex, toHex, utf8 } from './bytes.js';
import { balanceLeafJson, transferLeafJson, type BalanceRecord, type TransferRecord } from './canonical.js';
import { keyIdOf, verifyCheckpointSignature, type SignedCheckpoint } from './checkpoint.js';
import { hashLeaf, verifyConsistency, verifyInclusion } from './merkle-log.js';
import { sumsOf, verifySumPath, type SumProofStep } from './sum-tree.js';

/**
 * What a user downloads to check the ledger without trusting it (PRODUCT.md P2, P6): their balances as
 * leaves of the latest checkpoint's sum tree, their transfers as leaves of the log, the checkpoint's
 * signature, and the log's consistency with the previous checkpoint. `verifyProofBundle` needs nothing
 * but the bundle and the platform's public key: it runs in the browser and in `kameng proof verify`.
 */
export const PROOF_BUNDLE_FORMAT = 'kameng-proof-bundle-v1';

export interface BalanceProof {
  leaf: BalanceRecord;
  leafIndex: number;
  path: SumProofStep[];
}

export interface TransferProof {
  logIndex: number;
  leaf: TransferRecord;
  /** Hex hashes, leaf to root (RFC 9162 inclusion path). */
  inclusion: string[];
}

export interface ProofBundle {
  format: typeof PROOF_BUNDLE_FORMAT;
  generatedAt: string;
  checkpoint: SignedCheckpoint;
  previous: { checkpoint: SignedCheckpoint; consistency: string[] } | null;
  balances: BalanceProof[];
  transfers: TransferProof[];
}

export interface ProofCheck {
  /** Stable id, e.g. `checkpoint.signature`, `balance:acc_…`, `transfer:t1`. */
  id: string;
  ok: boolean;
  detail: string;
}

export interface ProofReport {
  ok: boolean;
  checks: ProofCheck[];
}

export async function verifyProofBundle(bundle: ProofBundle, publicKeyBase64: string): Promise<ProofReport> {
  const checks: ProofCheck[] = [];
  const check = async (id: string, run: () => Promise<true | string>): Promise<void> => {
    try {
      const result = await run();
      checks.push({ id, ok: result === true, detail: result === true ? 'ok' : result });
    } catch (error) {
      checks.push({ id, ok: false, detail: error instanceof Error ? error.message : String(error) });
    }
  };
  const body = bundle.checkpoint.body;

  await check('bundle.format', () =>
    Promise.resolve(bundle.format === PROOF_BUNDLE_FORMAT || `unknown format ${String(bundle.format)}`),
  );
  await check('checkpoint.signature', async () => {
    if (bundle.checkpoint.keyId !== (await keyIdOf(publicKeyBase64))) return 'signed by another key';
    return (
      (await verifyCheckpointSignature(bundle.checkpoint, publicKeyBase64)) || 'signature does not verify'
    );
  });

  if (bundle.previous) {
    const previous = bundle.previous;
    await check(
      'previous.signature',
      async () =>
        (await verifyCheckpointSignature(previous.checkpoint, publicKeyBase64)) ||
        'signature does not verify',
    );
    await check('log.consistency', async () => {
      const before = previous.checkpoint.body;
      if (before.sequence >= body.sequence) return 'the previous checkpoint is not older';
      const consistent = await verifyConsistency(
        before.logSize,
        body.logSize,
        fromHex(before.logRoot),
        fromHex(body.logRoot),
        previous.consistency.map(fromHex),
      );
      return (
        consistent || `the log of ${body.logSize} transfers does not extend the log of ${before.logSize}`
      );
    });
  }

  for (const balance of bundle.balances) {
    await check(`balance:${balance.leaf.accountId}`, async () => {
      const leaf = balance.leaf;
      if (!Number.isSafeInteger(leaf.balance) || leaf.balance < 0)
        return 'a balance leaf must be a non-negative integer';
      const included = await verifySumPath(
        balanceLeafJson(leaf),
        sumsOf(leaf.currency, leaf.balance),
        balance.path,
        {
          hash: fromHex(body.sumRoot),
          sums: body.totals,
        },
      );
      return included || 'the balance is not in the signed sum tree';
    });
  }

  for (const transfer of bundle.transfers) {
    await check(`transfer:${transfer.leaf.id}`, async () => {
      const leafHash = await hashLeaf(utf8(transferLeafJson(transfer.leaf)));
      const included = await verifyInclusion(
        transfer.logIndex,
        body.logSize,
        leafHash,
        transfer.inclusion.map(fromHex),
        fromHex(body.logRoot),
      );
      return included || `not in the signed log at index ${transfer.logIndex}`;
    });
  }

  return { ok: checks.every((c) => c.ok), checks };
}

/** Hex SHA-256 of a transfer's leaf: what the log stores for it. */
export async function transferLeafHash(leaf: TransferRecord): Promise<string> {
  return toHex(await hashLeaf(utf8(transferLeafJson(leaf))));
}
