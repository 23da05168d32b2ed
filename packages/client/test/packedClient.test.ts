/**
 * The client as someone outside the monorepo gets it: `pnpm pack`, `npm install` of the
 * tarball into a fresh app with `tsc --init` defaults, a type check (and a wrong input that
 * must not compile), then the compiled script under plain node against a real server process.
 */
import { execFile, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { environmentWith } from '@chatbot/config';
import { spawnTypeScript } from '@chatbot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const clientDir = path.join(import.meta.dirname, '..');
const fixtures = path.join(import.meta.dirname, 'fixtures/app');
const serverEntry = path.join(clientDir, '../../apps/server/src/main.ts');
/** Everything a client app's node_modules may hold (TypeScript is the app's own). */
const allowedPackages = [
  '@chatbot/client',
  '@trpc/client',
  '@trpc/server',
  'copy-anything',
  'eventsource',
  'eventsource-parser',
  'is-what',
  'superjson',
  'typescript',
  'ws',
];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-packed-client-'));
const app = path.join(work, 'app');
let server: ChildProcessWithoutNullStreams | undefined;

/** `src/main.ts` of apps/server on embedded defaults and a free port; resolves with its URL. */
async function startServer(): Promise<string> {
  const child = spawnTypeScript(serverEntry, [], {
    env: environmentWith({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: path.join(work, 'data'),
      DATABASE_URL: '',
      REDIS_URL: '',
      OPENAI_API_KEY: '',
      RATE_LIMIT_ENABLED: 'false',
    }),
  });
  server = child;
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = readline.createInterface({ input: child.stdout });
  for await (const line of lines) {
    const url = (JSON.parse(line) as { url?: string }).url;
    if (url) {
      lines.on('line', () => {}); // keep draining its log
      return url;
    }
  }
  throw new Error(`the server exited before listening: ${stderr}`);
}

/** Pack with pnpm (its publishConfig points the exports at dist/) and install with npm. */
async function installPackedClient() {
  await run('pnpm', ['pack', '--pack-destination', work], { cwd: clientDir });
  const tarball = fs.readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack wrote no tarball in ${work}`);
  fs.mkdirSync(app);
  fs.writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'packed-client-app', private: true, type: 'module' }),
  );
  const typescript = (
    JSON.parse(
      fs.readFileSync(path.join(clientDir, 'node_modules/typescript/package.json'), 'utf8'),
    ) as { version: string }
  ).version;
  await run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      path.join(work, tarball),
      `typescript@${typescript}`,
    ],
    { cwd: app },
  );
  await run('npx', ['tsc', '--init'], { cwd: app });
}

/**
 * `tsc -p` over one script with the app's `tsc --init` configuration (module nodenext), or
 * with a bundler's resolution.
 */
async function compile(file: string, resolution: 'nodenext' | 'bundler' = 'nodenext') {
  const config = `tsconfig.${path.basename(file, '.ts')}.${resolution}.json`;
  const bundler = { module: 'preserve', moduleResolution: 'bundler', noEmit: true };
  fs.writeFileSync(
    path.join(app, config),
    JSON.stringify({
      extends: './tsconfig.json',
      files: [file],
      ...(resolution === 'bundler' ? { compilerOptions: bundler } : {}),
    }),
  );
  try {
    await run('npx', ['tsc', '-p', config], { cwd: app });
    return { ok: true, output: '' };
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    return { ok: false, output: `${stdout}${stderr}` };
  }
}

/** The README's "complete example", as printed there: it must compile in a user's app. */
function readmeExample(): string {
  const readme = fs.readFileSync(path.join(clientDir, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('**A complete example**'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error("README.md's client section has no complete example");
  return code;
}

describe('the packed client in an app outside the monorepo', () => {
  let serverUrl = '';

  beforeAll(async () => {
    [serverUrl] = await Promise.all([startServer(), installPackedClient()]);
    for (const file of ['main.ts', 'wrong.ts'])
      fs.copyFileSync(path.join(fixtures, file), path.join(app, file));
    fs.writeFileSync(path.join(app, 'readme.ts'), readmeExample());
    fs.writeFileSync(
      path.join(app, 'server.ts'),
      `export const serverUrl = ${JSON.stringify(serverUrl)};\n`,
    );
  }, 900_000);

  afterAll(() => {
    server?.kill('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('installs no server package', () => {
    const installed = fs
      .readdirSync(path.join(app, 'node_modules'))
      .flatMap((name) =>
        name.startsWith('@')
          ? fs.readdirSync(path.join(app, 'node_modules', name)).map((inner) => `${name}/${inner}`)
          : name.startsWith('.')
            ? []
            : [name],
      );
    expect(installed.filter((name) => !allowedPackages.includes(name))).toEqual([]);
    const declarations = fs.readFileSync(
      path.join(app, 'node_modules/@chatbot/client/dist/index.d.ts'),
      'utf8',
    );
    expect(declarations).not.toMatch(/@chatbot\/|@prisma|prisma|zod/);
    // Only what the package depends on is imported by its declarations.
    const imported = [...declarations.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
    expect(new Set(imported)).toEqual(
      new Set(['@trpc/server', '@trpc/server/unstable-core-do-not-import', '@trpc/client']),
    );
  });

  it('type-checks a script (nodenext and bundler resolution) and refuses a wrong input', async () => {
    for (const [file, resolution] of [
      ['main.ts', 'nodenext'],
      ['main.ts', 'bundler'],
      ['readme.ts', 'nodenext'],
    ] as const) {
      const good = await compile(file, resolution);
      expect(good.output).toBe('');
      expect(good.ok).toBe(true);
    }
    const wrong = await compile('wrong.ts');
    expect(wrong.ok).toBe(false);
    expect(wrong.output).toMatch(/wrong\.ts\(5,\d+\): error TS2322/);
    expect(wrong.output).not.toMatch(/node_modules/);
  }, 600_000);

  it('runs with plain node: register, send, SSE and WebSocket replies, a typed NOT_FOUND', async () => {
    if (!fs.existsSync(path.join(app, 'main.js'))) await compile('main.ts');
    const { stdout } = await run(process.execPath, ['main.js'], { cwd: app });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(result.typed).toEqual([false, false, false]);
    expect(result.userEmail).toMatch(/^packed-/);
    expect(result.sseReply).toContain('You said: hello over SSE');
    expect(result.wsReply).toContain('You said: hello over WebSocket');
    expect(result.notFound).toBe('NOT_FOUND');
    expect(result.refused).toContain('ends in /trpc');
  }, 600_000);
});
