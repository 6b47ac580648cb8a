import pino from 'pino';
import type { Config } from '../server/config.js';
import { connectDatabase } from '../server/db/connect.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { systemClock } from '../server/platform/clock.js';
import { createServiceContext, type ServiceContext } from '../server/platform/context.js';
import { createKeyRing, loadOrCreateMasterKey } from '../server/platform/crypto.js';

/** Opens the configured database (migrated) with the master key, runs `work`, closes everything. */
export async function withContext<T>(config: Config, work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const database = connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const ctx = createServiceContext({
      db: database.db,
      dialect: database.dialect,
      clock: systemClock,
      config,
      keys: createKeyRing(loadOrCreateMasterKey(config.dataDir, config.masterKey).key),
      log: pino({ level: 'warn' }),
    });
    return await work(ctx);
  } finally {
    await database.close();
  }
}
