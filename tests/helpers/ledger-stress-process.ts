/** A stress worker in its own process: `node --import tsx tests/helpers/ledger-stress-process.ts`. */
import { connectDatabase } from '../../src/server/db/connect.js';
import { runStressWorker } from './ledger-stress.js';

const handle = connectDatabase({
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: process.env.KAMENG_DATA_DIR ?? '',
  poolSize: 2,
});
const counts = await runStressWorker({
  db: handle.db,
  dialect: handle.dialect,
  hotAccounts: (process.env.HOT_ACCOUNTS ?? '').split(','),
  worker: process.env.WORKER_ID ?? `p${process.pid}`,
  durationMs: Number(process.env.DURATION_MS ?? 2_000),
});
await handle.close();
process.stdout.write(`${JSON.stringify(counts)}\n`);
