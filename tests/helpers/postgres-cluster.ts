import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A throwaway PostgreSQL cluster for the test run: initdb into a temp dir, pg_ctl start on a free port on
 * 127.0.0.1 with its socket in the same dir, stop and delete afterwards. As root (CI), the cluster belongs
 * to the `postgres` user, because initdb and postgres refuse to run as root.
 */
const run = promisify(execFile);

export interface PostgresCluster {
  /** Superuser URL to the `postgres` database, over TCP on 127.0.0.1. */
  readonly url: string;
  /** The directory holding the server's Unix-domain socket. */
  readonly socketDir: string;
  stop(): Promise<void>;
}

export function findPostgresBinDir(): string | null {
  const fromEnv = process.env.KAMENG_PG_BIN;
  if (fromEnv && fs.existsSync(path.join(fromEnv, 'initdb'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * `durable`: keep PostgreSQL's crash-safety settings (fsync, synchronous commit, full page writes), as a
 * production server has them; benchmarks use it, because skipping the flush at commit flatters every
 * number. Tests leave it off: their cluster lives for one run and is never recovered.
 */
export async function startPostgresCluster(
  binDir: string,
  options: { durable?: boolean; sharedBuffers?: string } = {},
): Promise<PostgresCluster> {
  const isRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  if (isRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    fs.chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const asOwner = (command: string, args: string[]) =>
    isRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(binDir, command), ...args])
      : run(path.join(binDir, command), args);

  await asOwner('initdb', [
    '-D',
    dataDir,
    '-U',
    'kameng',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const port = await freePort();
  const serverOptions = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    '-c max_connections=400',
    `-c shared_buffers=${options.sharedBuffers ?? '64MB'}`,
  ].join(' ');
  await asOwner('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', '60', 'start']);

  return {
    url: `postgres://kameng@127.0.0.1:${port}/postgres`,
    socketDir: dir,
    async stop() {
      try {
        await asOwner('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
