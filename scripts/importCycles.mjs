#!/usr/bin/env node
/**
 * Fails when any import loop exists, across the whole repository: within a package or across
 * packages, type-only imports included (a type loop still ties two files together for a reader).
 * Imports are resolved by TypeScript itself, with each project's own tsconfig.
 *
 *   node scripts/importCycles.mjs          (part of `pnpm lint`)
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..');
const projects = ['apps', 'packages']
  .flatMap((folder) =>
    fs.readdirSync(path.join(root, folder)).map((name) => path.join(root, folder, name)),
  )
  .concat(path.join(root, 'bench'))
  .filter((dir) => fs.existsSync(path.join(dir, 'tsconfig.json')));

/** file -> files it imports (resolved to real paths inside the repository, not node_modules). */
const graph = new Map();

for (const dir of projects) {
  const configPath = path.join(dir, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dir);
  const host = ts.createCompilerHost(parsed.options);
  for (const file of parsed.fileNames) {
    const real = fs.realpathSync(file);
    // Prisma's generated client is not ours to arrange.
    if (graph.has(real) || real.includes(`${path.sep}generated${path.sep}`)) continue;
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    const edges = new Set();
    const visit = (node) => {
      const specifier =
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
          ? node.moduleSpecifier.text
          : undefined;
      if (specifier) {
        const resolved = ts.resolveModuleName(specifier, file, parsed.options, host).resolvedModule
          ?.resolvedFileName;
        if (resolved && !resolved.includes('node_modules/.pnpm') && !resolved.endsWith('.d.ts')) {
          const target = fs.realpathSync(resolved);
          const ours =
            target.startsWith(root) &&
            !target.includes(`${path.sep}node_modules${path.sep}`) &&
            !target.includes(`${path.sep}generated${path.sep}`);
          if (ours) edges.add(target);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    graph.set(real, edges);
  }
}

// Tarjan's strongly connected components: every component of more than one file is a loop.
let index = 0;
const indices = new Map();
const lowLinks = new Map();
const stack = [];
const onStack = new Set();
const loops = [];

function strongConnect(file) {
  indices.set(file, index);
  lowLinks.set(file, index);
  index += 1;
  stack.push(file);
  onStack.add(file);
  for (const next of graph.get(file) ?? []) {
    if (!indices.has(next)) {
      strongConnect(next);
      lowLinks.set(file, Math.min(lowLinks.get(file), lowLinks.get(next)));
    } else if (onStack.has(next)) {
      lowLinks.set(file, Math.min(lowLinks.get(file), indices.get(next)));
    }
  }
  if (lowLinks.get(file) === indices.get(file)) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.has(file)) loops.push(component);
  }
}

for (const file of graph.keys()) if (!indices.has(file)) strongConnect(file);

const relative = (file) => path.relative(root, file);
if (loops.length > 0) {
  console.error(`import loops: ${loops.length}`);
  for (const loop of loops) console.error(`  ${loop.map(relative).sort().join('\n    <-> ')}`);
  process.exit(1);
}
console.log(`import loops: none (${graph.size} files)`);
