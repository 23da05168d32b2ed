/**
 * Writes the router's types as a self-contained declaration file (build/api.d.ts) that the
 * published declarations bundle in place of `@chatbot/api`. The server's AppRouter carries its
 * context (the app, the database client, Prisma's types...), which a client never reads: the
 * types are printed structurally from the type checker, the context left out, so the package
 * names only @trpc/server. Fails when a type from anywhere else would be needed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'scripts/routerTypes.entry.ts');
export const routerTypesFile = join(root, 'build/api.d.ts');

/** Names the printed types may refer to that come from elsewhere, and what they become. */
const substitutes = {
  // A procedure's meta says how it is served as REST; no client type reads it.
  ProcedureMeta: 'object',
};

function load() {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  const program = ts.createProgram([entry], { ...config.options, noEmit: true });
  const errors = ts.getPreEmitDiagnostics(program, program.getSourceFile(entry));
  if (errors.length > 0)
    throw new Error(
      ts.formatDiagnostics(errors, {
        ...ts.sys,
        getCanonicalFileName: (f) => f,
        getNewLine: () => '\n',
      }),
    );
  return program;
}

/** The public modules of @trpc/server whose exports the printed types may name. */
const trpcModules = ['@trpc/server', '@trpc/server/unstable-core-do-not-import'];

/**
 * The checker names tRPC's types by the file and the minified name they are declared under
 * (`import(".../dist/unstable-core-do-not-import-DElJf3aU").Bn`); find the public name
 * (`import("@trpc/server").TRPCDecorateCreateRouterOptions`).
 */
function trpcPublicNames(program, checker) {
  const resolve = (symbol) =>
    symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const exportsOf = (fileName) => {
    const file = program.getSourceFile(fileName);
    const moduleSymbol = file && checker.getSymbolAtLocation(file);
    return moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
  };
  const publicName = new Map();
  for (const module of trpcModules) {
    const resolved = ts.resolveModuleName(module, entry, program.getCompilerOptions(), ts.sys);
    const fileName = resolved.resolvedModule?.resolvedFileName;
    if (!fileName) throw new Error(`cannot resolve ${module} from ${entry}`);
    for (const symbol of exportsOf(fileName)) {
      const target = resolve(symbol);
      // The first module wins, and the TRPC-prefixed alias over the bare one.
      const known = publicName.get(target);
      if (!known || (known.module === module && symbol.name.startsWith('TRPC')))
        publicName.set(
          target,
          known && known.module !== module ? known : { module, name: symbol.name },
        );
    }
  }
  return (from, name) => {
    if (!from.includes('/@trpc/server/')) return undefined;
    const declared = ['.d.mts', '.d.ts', '.d.cts']
      .flatMap((extension) => exportsOf(from + extension))
      .find((symbol) => symbol.name === name);
    const found = declared && publicName.get(resolve(declared));
    if (!found) throw new Error(`${name} of ${from} is not a public export of @trpc/server`);
    return found;
  };
}

export function printRouterTypes() {
  const program = load();
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(source));
  const names = new Set(exported.map((symbol) => symbol.name));
  const flags =
    ts.NodeBuilderFlags.NoTruncation |
    ts.NodeBuilderFlags.InTypeAlias |
    ts.NodeBuilderFlags.IgnoreErrors |
    ts.NodeBuilderFlags.MultilineObjectLiterals;

  const trpcName = trpcPublicNames(program, checker);

  /** tRPC's types by their public name; other named types by their local alias. */
  const localise = (context) => {
    const visit = (node) => {
      if (ts.isImportTypeNode(node)) {
        const from = node.argument.literal.text;
        const name = node.qualifier && ts.isIdentifier(node.qualifier) ? node.qualifier.text : '';
        const trpc = trpcName(from, name);
        if (trpc) {
          const args = node.typeArguments && ts.visitNodes(node.typeArguments, visit);
          return ts.factory.createImportTypeNode(
            ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral(trpc.module)),
            undefined,
            ts.factory.createIdentifier(trpc.name),
            args,
          );
        }
        if (name in substitutes) return ts.factory.createTypeReferenceNode(substitutes[name]);
        if (!names.has(name) || node.typeArguments?.length)
          throw new Error(
            `The router's types name ${name} from ${from}: export it from ` +
              `scripts/routerTypes.entry.ts (or add it to the substitutes) so it is printed.`,
          );
        return ts.factory.createTypeReferenceNode(name);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (node) => ts.visitNode(node, visit);
  };

  const printer = ts.createPrinter({ removeComments: false });
  const out = ts.createSourceFile('api.d.ts', '', ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const declarations = exported.map((symbol) => {
    const alias = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const type = checker.getDeclaredTypeOfSymbol(alias);
    const node = checker.typeToTypeNode(type, source, flags);
    const [printed] = ts.transform(node, [localise]).transformed;
    return `export type ${symbol.name} = ${printer.printNode(ts.EmitHint.Unspecified, printed, out)};`;
  });

  return [
    '// Generated by scripts/routerTypes.mjs from @chatbot/api: do not edit.',
    "import type { TRPCBuiltRouter, inferRouterInputs, inferRouterOutputs } from '@trpc/server';",
    ...declarations,
    '/** The API router as a client sees it (the server context left out). */',
    'export type AppRouter = TRPCBuiltRouter<',
    '  { ctx: object; meta: object; errorShape: ErrorShape; transformer: true },',
    '  RouterRecord',
    '>;',
    'export type RouterInputs = inferRouterInputs<AppRouter>;',
    'export type RouterOutputs = inferRouterOutputs<AppRouter>;',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(dirname(routerTypesFile), { recursive: true });
  writeFileSync(routerTypesFile, printRouterTypes());
  console.log(`wrote ${routerTypesFile}`);
}
