import type { TestProject } from 'vitest/node';
import { findPostgresBinDir, startPostgresCluster } from './postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL server, or '' when PostgreSQL tests are skipped. */
    postgresUrl: string;
  }
}

/**
 * Starts one PostgreSQL cluster for the whole run (each test file then creates its own databases in it).
 * KAMENG_TEST_DATABASE_URL points at an existing server instead. Without either, PostgreSQL tests are
 * skipped with a loud note, unless KAMENG_REQUIRE_POSTGRES=1 (CI), which makes that an error.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.KAMENG_TEST_DATABASE_URL;
  if (external) {
    project.provide('postgresUrl', external);
    return undefined;
  }
  const binDir = findPostgresBinDir();
  if (!binDir) {
    const note =
      'PostgreSQL binaries (initdb, pg_ctl) not found: PostgreSQL tests are SKIPPED. Install postgresql or set KAMENG_PG_BIN.';
    if (process.env.KAMENG_REQUIRE_POSTGRES === '1') throw new Error(note);
    console.warn(`\n*** ${note} ***\n`);
    project.provide('postgresUrl', '');
    return undefined;
  }
  const cluster = await startPostgresCluster(binDir);
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
