import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { loadConfig } from '../../src/server/config.js';
import type { DatabaseHandle } from '../../src/server/db/connect.js';
import { ManualClock, type Clock } from '../../src/server/platform/clock.js';
import { createServiceContext, type ServiceContext } from '../../src/server/platform/context.js';
import { createKeyRing } from '../../src/server/platform/crypto.js';

/** A ServiceContext on a test database, for platform tests that need no HTTP. */
export function serviceContextFor(
  handle: DatabaseHandle,
  options: { clock?: Clock; dataDir?: string } = {},
): ServiceContext {
  return createServiceContext({
    db: handle.db,
    dialect: handle.dialect,
    clock: options.clock ?? new ManualClock('2026-11-22T08:00:00.000Z'),
    config: loadConfig({
      KAMENG_DATA_DIR: options.dataDir ?? '/tmp/kameng-unused',
      KAMENG_LOG_LEVEL: 'silent',
      KAMENG_SANDBOX_PAYMENTS: 'true',
    }),
    keys: createKeyRing(randomBytes(32)),
    log: pino({ level: 'silent' }),
  });
}
