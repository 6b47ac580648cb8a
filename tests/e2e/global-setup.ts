import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the Chromium executable, or '' when browser tests are skipped. */
    chromium: string;
  }
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function newestMtimeUnder(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeUnder(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** The browser tests run against dist/web, so a build older than its sources would test stale code. */
function buildWebIfStale(): void {
  const index = path.join(repoRoot, 'dist', 'web', 'index.html');
  const builtAt = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sourcesAt = Math.max(
    newestMtimeUnder(path.join(repoRoot, 'src', 'web')),
    newestMtimeUnder(path.join(repoRoot, 'src', 'common')),
  );
  if (builtAt >= sourcesAt) return;
  console.log('\nBuilding the web app for the browser tests (dist/web is missing or older than src/web)…\n');
  const result = spawnSync('npx', ['vite', 'build', '--config', 'src/web/vite.config.ts'], {
    cwd: repoRoot,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${String(result.status)})`);
}

/**
 * Finds Chromium (Debian's /usr/bin/chromium, or KAMENG_CHROMIUM). Without it the browser tests are
 * skipped with a loud note, unless KAMENG_REQUIRE_CHROMIUM=1 (CI), which makes that an error.
 */
export default function setup(project: TestProject): void {
  const chromium = process.env.KAMENG_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    const note = `Chromium not found at ${chromium}: browser tests are SKIPPED. Install chromium or set KAMENG_CHROMIUM.`;
    if (process.env.KAMENG_REQUIRE_CHROMIUM === '1') throw new Error(note);
    console.warn(`\n*** ${note} ***\n`);
    project.provide('chromium', '');
    return;
  }
  buildWebIfStale();
  project.provide('chromium', chromium);
}
