import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readTestEnvironment } from '@chatbot/config';

/** Whether redis-server can be started here; CI must have it (its suites fail without). */
export function redisServerAvailable(): boolean {
  const found = spawnSync('redis-server', ['--version']).status === 0;
  if (!found && readTestEnvironment().isCI)
    throw new Error('redis-server is missing (apt-get install redis-server)');
  return found;
}
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, up: boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open === up) return;
    if (Date.now() > deadline) throw new Error(`port ${port} did not go ${up ? 'up' : 'down'}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A redis-server of the test's own, on a free loopback port, that the test may stop and start
 * again (never the shared one on 6379).
 */
export async function startOwnRedis() {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    if (child && child.exitCode === null && child.signalCode === null) return;
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await waitForPort(port, true);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGTERM');
    await exited;
    await waitForPort(port, false);
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}

const postgresBin = (() => {
  try {
    const versions = fs.readdirSync('/usr/lib/postgresql').sort();
    const bin = path.join('/usr/lib/postgresql', versions.at(-1) ?? '', 'bin');
    return fs.existsSync(path.join(bin, 'initdb')) ? bin : undefined;
  } catch {
    return undefined;
  }
})();

/** Whether a PostgreSQL cluster of our own can be made here (Debian's server package, as root). */
export function postgresServerAvailable(): boolean {
  const found = Boolean(postgresBin) && process.getuid?.() === 0;
  if (!found && readTestEnvironment().isCI)
    throw new Error('PostgreSQL server binaries are missing');
  return found;
}

/**
 * A PostgreSQL cluster of the test's own on a free loopback port (trust auth, no fsync), that the
 * test may stop and start again. Runs as the `postgres` user, as PostgreSQL requires.
 */
export async function startOwnPostgres() {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-pg-'));
  fs.chownSync(dir, ...postgresIds());
  const asPostgres = (args: string[]) => {
    const result = spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`${args[0]} failed: ${result.stderr || result.stdout}`);
  };
  asPostgres([
    path.join(postgresBin!, 'initdb'),
    '-D',
    dir,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
  ]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = async () => {
    asPostgres([
      path.join(postgresBin!, 'pg_ctl'),
      '-D',
      dir,
      '-o',
      options,
      '-l',
      path.join(dir, 'log'),
      '-w',
      'start',
    ]);
    await waitForPort(port, true);
  };
  const stop = async () => {
    asPostgres([path.join(postgresBin!, 'pg_ctl'), '-D', dir, '-m', 'fast', '-w', 'stop']);
    await waitForPort(port, false);
  };
  await start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async destroy() {
      await stop().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresIds(): [number, number] {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  return [Number(uid), Number(gid)];
}
