import fs from 'node:fs';
import { verifyProofBundle } from '../common/ledger/proof-bundle.js';
import { proofBundleSchema } from '../common/ledger/schemas.js';
import type { Config } from '../server/config.js';
import {
  describeReport,
  ledgerSigner,
  publishCheckpoint,
  verifyLedger,
} from '../server/modules/ledger/index.js';
import { withContext } from './context.js';

/** `kameng ledger verify`: exit 0 and OK, or exit 2 and the first bad row. */
export async function runLedgerVerify(config: Config, options: { json: boolean }): Promise<number> {
  return withContext(config, async (ctx) => {
    const publicKey = ledgerSigner(ctx.keys).publicKeyBase64;
    let lastReport = 0;
    const report = await verifyLedger(ctx.db, {
      publicKeyBase64: publicKey,
      onProgress: (entries) => {
        if (!options.json && entries - lastReport >= 1_000_000) {
          lastReport = entries;
          process.stderr.write(`… ${entries.toLocaleString('en')} entries\n`);
        }
      },
    });
    console.log(options.json ? JSON.stringify(report) : describeReport(report));
    return report.ok ? 0 : 2;
  });
}

export async function runLedgerCheckpoint(config: Config): Promise<void> {
  await withContext(config, async (ctx) => {
    const { checkpoint, created } = await publishCheckpoint(ctx, ledgerSigner(ctx.keys), { force: false });
    console.log(
      checkpoint
        ? `${created ? 'published' : 'unchanged since'} checkpoint ${checkpoint.sequence}: ${checkpoint.log_size} transfers, log root ${checkpoint.log_root}, sum root ${checkpoint.sum_root}`
        : 'no transfers yet: nothing to checkpoint',
    );
  });
}

/**
 * `kameng proof verify bundle.json --public-key KEY`: checks a downloaded proof bundle with no database
 * and no network. KEY is the base64 key or a file holding it (or the JSON of /api/v1/ledger/public-key).
 */
export async function runProofVerify(bundleFile: string, keyArgument: string): Promise<number> {
  const bundle = proofBundleSchema.safeParse(JSON.parse(fs.readFileSync(bundleFile, 'utf8')));
  if (!bundle.success) {
    console.log(
      `BAD: not a proof bundle: ${bundle.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
    return 2;
  }
  const report = await verifyProofBundle(bundle.data, readPublicKey(keyArgument));
  for (const check of report.checks)
    console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.id}${check.ok ? '' : `: ${check.detail}`}`);
  const body = bundle.data.checkpoint.body;
  console.log(
    report.ok
      ? `OK: ${bundle.data.balances.length} balances and ${bundle.data.transfers.length} transfers are in checkpoint ${body.sequence} (${body.origin}, ${body.createdAt})`
      : 'BAD: the bundle does not verify',
  );
  return report.ok ? 0 : 2;
}

function readPublicKey(argument: string): string {
  const text = fs.existsSync(argument) ? fs.readFileSync(argument, 'utf8').trim() : argument.trim();
  if (text.startsWith('{')) return (JSON.parse(text) as { publicKey: string }).publicKey;
  return text;
}
