// `npm run dev`: the API server under `tsx watch` on :3000 and Vite's dev server (hot reload) on :5173,
// which forwards /api to the API server. Open http://127.0.0.1:5173.
import { spawn } from 'node:child_process';

const children = [
  spawn('npx', ['tsx', 'watch', 'src/cli/index.ts', 'start', '--demo'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: '3000' },
  }),
  spawn('npx', ['vite', '--config', 'src/web/vite.config.ts', '--host', '127.0.0.1', '--port', '5173'], {
    stdio: 'inherit',
  }),
];

function stop(code) {
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
