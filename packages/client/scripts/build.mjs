/**
 * Builds the published package: dist/index.js (ESM, dependencies left as imports),
 * dist/webSocket*.js (what `#websocket` picks per platform) and one dist/index.d.ts with the
 * router's types inlined. tsup: esbuild for the JavaScript and a declaration bundler in one
 * tool that runs on Node 20 (`tsc -b` alone cannot inline @chatbot/api's types).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { printRouterTypes, routerTypesFile } from './routerTypes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

mkdirSync(dirname(routerTypesFile), { recursive: true });
writeFileSync(routerTypesFile, printRouterTypes());

await build({
  entry: {
    index: 'src/index.ts',
    webSocket: 'src/webSocket.ts',
    'webSocket.node': 'src/webSocket.node.ts',
  },
  format: ['esm'],
  platform: 'neutral',
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
  // Resolved by the installed package's `imports`: `ws` in Node, the global in browsers.
  external: ['#websocket'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  silent: true,
});

// Nothing from the server may be named by what is published.
const published = ['index.js', 'index.d.ts', 'webSocket.js', 'webSocket.node.js'];
const allowed = /^(@trpc\/(client|server)(\/.*)?|superjson|eventsource|ws|#websocket|\.\/.*)$/;
for (const file of published) {
  const text = readFileSync(join(root, 'dist', file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s*|import\(\s*)["']([^"']+)["']/g)].map(
    (m) => m[1],
  );
  const stray = specifiers.filter((specifier) => !allowed.test(specifier));
  if (stray.length > 0) throw new Error(`dist/${file} imports ${[...new Set(stray)].join(', ')}`);
}
console.log(`built ${published.map((file) => `dist/${file}`).join(', ')}`);
