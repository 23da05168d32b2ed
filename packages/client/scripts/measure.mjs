/**
 * The client's footprint as a user meets it, against the targets in the README:
 * - install: `pnpm pack`, then `npm install` of the tarball into an empty app (with the app's
 *   own TypeScript, which tRPC names as a peer): node_modules <= 10 MB, TypeScript not counted;
 * - browser: a minimal app bundled by esbuild (browser platform, minified), gzipped <= 25 KB.
 * Writes results/measure.json. Usage: `pnpm --filter @chatbot/client measure`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const targets = { installMB: 10, browserGzipKB: 25 };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-client-measure-'));

/** Bytes of every file under `dir` (what the files hold, not disk blocks). */
function sizeOf(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

const MB = 1024 * 1024;
try {
  execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: root, stdio: 'inherit' });
  const tarball = path.join(
    work,
    fs.readdirSync(work).find((name) => name.endsWith('.tgz')),
  );
  const app = path.join(work, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'measure-app', private: true, type: 'module' }),
  );
  const typescript = JSON.parse(
    fs.readFileSync(path.join(root, 'node_modules/typescript/package.json'), 'utf8'),
  ).version;
  execFileSync(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, `typescript@${typescript}`],
    { cwd: app, stdio: 'inherit' },
  );
  const modules = path.join(app, 'node_modules');
  const total = sizeOf(modules);
  const typescriptBytes = sizeOf(path.join(modules, 'typescript'));

  // The smallest real use: sign in, watch a chat, send a message.
  fs.writeFileSync(
    path.join(app, 'browser.js'),
    `import { createChatSession, watchSession } from '@chatbot/client';
const session = createChatSession({ url: location.origin + '/api/trpc' });
await session.login({ email: 'me@example.com', password: 'secret' });
const chat = await session.client.sessions.create.mutate({});
watchSession(session.client, chat.id, { onChange: (c) => console.log(c.messages.length) });
await session.client.messages.send.mutate({ sessionId: chat.id, content: 'Hello' });
`,
  );
  const bundle = await build({
    entryPoints: [path.join(app, 'browser.js')],
    absWorkingDir: app,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
  });
  const bundledPackages = [
    ...new Set(
      Object.keys(bundle.metafile.inputs).map(
        (input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input,
      ),
    ),
  ].sort();
  const js = bundle.outputFiles[0].contents;

  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    install: {
      nodeModulesMB: +((total - typescriptBytes) / MB).toFixed(2),
      withTypeScriptMB: +(total / MB).toFixed(2),
      packages: fs
        .readdirSync(modules)
        .filter((name) => !name.startsWith('.'))
        .flatMap((name) =>
          name.startsWith('@')
            ? fs.readdirSync(path.join(modules, name)).map((inner) => `${name}/${inner}`)
            : [name],
        ),
      targetMB: targets.installMB,
    },
    browser: {
      minifiedKB: +(js.length / 1024).toFixed(1),
      gzipKB: +(gzipSync(js).length / 1024).toFixed(1),
      targetGzipKB: targets.browserGzipKB,
      bundledPackages,
    },
  };
  fs.mkdirSync(path.join(root, 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'results/measure.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  const met =
    result.install.nodeModulesMB <= targets.installMB &&
    result.browser.gzipKB <= targets.browserGzipKB;
  if (!met) {
    console.error('A target is missed.');
    process.exitCode = 1;
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
