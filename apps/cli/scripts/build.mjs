// Bundles the CLI into one ES module file, dist/chatbot.mjs, run by plain `node`.
//
// Why a bundle (esbuild) and not tsc or tsx: the command must start in well under a second and
// install with nothing else. Through tsx every start compiled ~40 TypeScript files and loaded the
// loader itself; `tsc` output would still need the workspace packages (shipped as .ts source)
// at run time. One bundled file has no runtime dependencies at all (the typed client, tRPC,
// superjson, eventsource, ws and zod are inside it), so the packed tarball installs globally or
// with npx as is. esbuild is already in the tree (tsx and vitest use it).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

await build({
  entryPoints: [path.join(root, 'src/main.ts')],
  outfile: path.join(root, 'dist/chatbot.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // CommonJS dependencies (ws) call require() for Node's built-ins: give the bundle one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  // ws loads these native speed-ups only if installed; without them it works the same.
  external: ['bufferutil', 'utf-8-validate'],
  legalComments: 'none',
  minify: true,
  // Stack traces can be mapped (node --enable-source-maps) without shipping the sources twice.
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
});
