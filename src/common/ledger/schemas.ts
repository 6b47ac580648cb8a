import { z } from 'zod';
import { CHECKPOINT_FORMAT } from './checkpoint.js';
import { PROOF_BUNDLE_FORMAT } from './proof-bundle.js';

/**
 * zod shapes of the ledger's public documents: checkpoints and proof bundles. The server answers with
 * them (and OpenAPI documents them); `kameng proof verify` checks a downloaded bundle against them before
 * verifying it. The browser verifier needs only the TypeScript types.
 */
const hex32 = z.string().regex(/^[0-9a-f]{64}$/);
const safeInt = z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const sums = z.object({ CNY: safeInt, ZUAN: safeInt });

export const checkpointBodySchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  origin: z.string(),
  sequence: safeInt,
  logSize: safeInt,
  logRoot: hex32,
  sumRoot: hex32,
  totals: sums,
  accountCount: safeInt,
  previous: z.object({ sequence: safeInt, logSize: safeInt, logRoot: hex32 }).nullable(),
  createdAt: z.string(),
});

export const signedCheckpointSchema = z
  .object({ body: checkpointBodySchema, signature: z.string(), keyId: z.string() })
  .meta({ id: 'SignedCheckpoint' });

const balanceRecord = z.object({
  accountId: z.string(),
  ownerType: z.string(),
  ownerId: z.string(),
  kind: z.string(),
  currency: z.string(),
  balance: safeInt,
  entryCount: safeInt,
  headHash: hex32,
});

const transferRecord = z.object({
  id: z.string(),
  type: z.string(),
  outcome: z.string(),
  pendingId: z.string().nullable(),
  correctsId: z.string().nullable(),
  causeType: z.string(),
  causeId: z.string(),
  reasonCode: z.string(),
  reasonParams: z.record(z.string(), z.union([z.string(), safeInt])),
  actorType: z.string(),
  actorId: z.string(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  entries: z.array(z.tuple([z.string(), safeInt, hex32]).readonly()).readonly(),
});

export const proofBundleSchema = z
  .object({
    format: z.literal(PROOF_BUNDLE_FORMAT),
    generatedAt: z.string(),
    checkpoint: signedCheckpointSchema,
    previous: z.object({ checkpoint: signedCheckpointSchema, consistency: z.array(hex32) }).nullable(),
    balances: z.array(
      z.object({
        leaf: balanceRecord,
        leafIndex: safeInt,
        path: z.array(z.object({ side: z.enum(['left', 'right']), hash: hex32, sums })),
      }),
    ),
    transfers: z.array(z.object({ logIndex: safeInt, leaf: transferRecord, inclusion: z.array(hex32) })),
  })
  .meta({ id: 'ProofBundle' });
