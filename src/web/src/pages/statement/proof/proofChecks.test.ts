import { describe, expect, it } from 'vitest';
import type { SignedCheckpoint } from '../../../../../common/ledger/checkpoint.js';
import type { ProofBundle } from '../../../../../common/ledger/proof-bundle.js';
import { bundleFileName, summarizeProof } from './proofChecks.js';

function checkpoint(sequence: number): SignedCheckpoint {
  return {
    body: {
      format: 'kameng-checkpoint-v1',
      origin: 'test',
      sequence,
      logSize: 20,
      logRoot: '0'.repeat(64),
      sumRoot: '1'.repeat(64),
      totals: { CNY: 37275, ZUAN: 570 },
      accountCount: 5,
      previous: null,
      createdAt: '2026-11-22T03:00:00.000Z',
    },
    signature: 'c2ln',
    keyId: 'abcd',
  };
}

const bundle: ProofBundle = {
  format: 'kameng-proof-bundle-v1',
  generatedAt: '2026-11-22T03:00:00.000Z',
  checkpoint: checkpoint(2),
  previous: { checkpoint: checkpoint(1), consistency: [] },
  balances: [
    {
      leaf: {
        accountId: 'acc_W',
        ownerType: 'user',
        ownerId: 'usr_1',
        kind: 'user_wallet',
        currency: 'CNY',
        balance: 22000,
        entryCount: 7,
        headHash: '2'.repeat(64),
      },
      leafIndex: 0,
      path: [],
    },
  ],
  transfers: [
    {
      logIndex: 3,
      inclusion: [],
      leaf: {
        id: 'demo-transfer-9',
        type: 'transfer',
        outcome: 'accepted',
        pendingId: null,
        correctsId: null,
        causeType: 'refund',
        causeId: 'demo-refund-9',
        reasonCode: 'refund',
        reasonParams: {},
        actorType: 'system',
        actorId: 'system',
        expiresAt: null,
        createdAt: '2026-11-15T12:00:00.000Z',
        entries: [],
      },
    },
  ],
};

describe('summarizeProof', () => {
  it('names each check for people and gathers the transfers into their own list', () => {
    const summary = summarizeProof(bundle, {
      ok: false,
      checks: [
        { id: 'bundle.format', ok: true, detail: 'ok' },
        { id: 'checkpoint.signature', ok: true, detail: 'ok' },
        { id: 'previous.signature', ok: true, detail: 'ok' },
        { id: 'log.consistency', ok: true, detail: 'ok' },
        { id: 'balance:acc_W', ok: true, detail: 'ok' },
        { id: 'transfer:demo-transfer-9', ok: false, detail: 'not in the signed log at index 3' },
      ],
    });
    expect(summary.ok).toBe(false);
    expect(summary.hasPrevious).toBe(true);
    expect(summary.checks).toEqual([
      { kind: 'format', ok: true, detail: 'ok' },
      { kind: 'signature', ok: true, detail: 'ok', sequence: 2 },
      { kind: 'previousSignature', ok: true, detail: 'ok', sequence: 1 },
      { kind: 'consistency', ok: true, detail: 'ok', sequence: 1 },
      { kind: 'balance', ok: true, detail: 'ok', accountKind: 'user_wallet', amount: '¥220.00' },
    ]);
    expect(summary.transfers).toEqual([
      {
        id: 'demo-transfer-9',
        ok: false,
        detail: 'not in the signed log at index 3',
        createdAt: '2026-11-15T12:00:00.000Z',
        causeType: 'refund',
      },
    ]);
  });

  it('still lists a check it has no words for, under its id', () => {
    const summary = summarizeProof(bundle, {
      ok: true,
      checks: [{ id: 'merchant.bond', ok: true, detail: 'ok' }],
    });
    expect(summary.checks).toEqual([{ kind: 'other', ok: true, detail: 'ok', id: 'merchant.bond' }]);
  });

  it('names the download after the checkpoint it proves against', () => {
    expect(bundleFileName(bundle)).toBe('kameng-proof-2.json');
  });
});
