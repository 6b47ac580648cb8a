// `npm start`: builds what is missing or older than its sources, then runs `kameng start --demo`
// in this same process (so Ctrl-C and SIGTERM reach the server's graceful shutdown directly).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isStale(output, sources) {
  const file = path.join(root, output);
  if (!fs.existsSync(file)) return true;
  const built = fs.statSync(file).mtimeMs;
  return sources.some((source) => newestMtime(path.join(root, source)) > built);
}

function run(script) {
  console.log(`> npm run ${script}`);
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (isStale('dist/cli/index.js', ['src/server', 'src/common', 'src/cli'])) run('build:server');
if (isStale('dist/web/index.html', ['src/web', 'src/common'])) run('build:web');

process.argv = [
  process.argv[0],
  path.join(root, 'dist/cli/index.js'),
  'start',
  '--demo',
  ...process.argv.slice(2),
];
await import(path.join(root, 'dist/cli/index.js'));
