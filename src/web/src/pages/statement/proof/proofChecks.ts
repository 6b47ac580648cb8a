import type { CheckpointBody } from '../../../../../common/ledger/checkpoint.js';
import type { ProofBundle, ProofReport } from '../../../../../common/ledger/proof-bundle.js';
import { formatMoney, isCurrency } from '../../../../../common/money.js';

/**
 * The verifier's checks, arranged for people: the few about the checkpoint and each balance one by one,
 * the transfers (up to 200) as one line with the list behind it. Ids are the verifier's
 * (`checkpoint.signature`, `balance:<accountId>`, `transfer:<transferId>`); an id this page does not know
 * yet still shows, under its own name, so no check is ever hidden.
 */
export type CheckRow = { ok: boolean; detail: string } & (
  | { kind: 'format' }
  | { kind: 'signature'; sequence: number }
  | { kind: 'previousSignature'; sequence: number }
  | { kind: 'consistency'; sequence: number }
  | { kind: 'balance'; accountKind: string; amount: string }
  | { kind: 'other'; id: string }
);

export interface TransferRow {
  id: string;
  ok: boolean;
  detail: string;
  createdAt: string | null;
  causeType: string | null;
}

export interface ProofSummary {
  ok: boolean;
  checkpoint: CheckpointBody;
  keyId: string;
  hasPrevious: boolean;
  checks: CheckRow[];
  transfers: TransferRow[];
}

export function summarizeProof(bundle: ProofBundle, report: ProofReport): ProofSummary {
  const balances = new Map(bundle.balances.map((proof) => [proof.leaf.accountId, proof.leaf]));
  const transfers = new Map(bundle.transfers.map((proof) => [proof.leaf.id, proof.leaf]));
  const previousSequence = bundle.previous?.checkpoint.body.sequence ?? 0;
  const checks: CheckRow[] = [];
  const transferRows: TransferRow[] = [];

  for (const { id, ok, detail } of report.checks) {
    const [prefix, ...rest] = id.split(':');
    const subject = rest.join(':');
    if (prefix === 'transfer' && subject) {
      const leaf = transfers.get(subject);
      transferRows.push({
        id: subject,
        ok,
        detail,
        createdAt: leaf?.createdAt ?? null,
        causeType: leaf?.causeType ?? null,
      });
    } else if (prefix === 'balance' && subject) {
      const leaf = balances.get(subject);
      const amount = leaf && isCurrency(leaf.currency) ? formatMoney(leaf.balance, leaf.currency) : '';
      checks.push({ kind: 'balance', ok, detail, accountKind: leaf?.kind ?? subject, amount });
    } else if (id === 'bundle.format') {
      checks.push({ kind: 'format', ok, detail });
    } else if (id === 'checkpoint.signature') {
      checks.push({ kind: 'signature', ok, detail, sequence: bundle.checkpoint.body.sequence });
    } else if (id === 'previous.signature') {
      checks.push({ kind: 'previousSignature', ok, detail, sequence: previousSequence });
    } else if (id === 'log.consistency') {
      checks.push({ kind: 'consistency', ok, detail, sequence: previousSequence });
    } else {
      checks.push({ kind: 'other', ok, detail, id });
    }
  }

  return {
    ok: report.ok,
    checkpoint: bundle.checkpoint.body,
    keyId: bundle.checkpoint.keyId,
    hasPrevious: bundle.previous !== null,
    checks,
    transfers: transferRows,
  };
}

/** The file name the download uses and the offline command names, so the two agree. */
export function bundleFileName(bundle: ProofBundle): string {
  return `kameng-proof-${bundle.checkpoint.body.sequence}.json`;
}
