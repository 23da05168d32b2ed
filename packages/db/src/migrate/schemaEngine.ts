import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import type * as EngineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';

type SchemaEngineModule = typeof EngineBindings;

/**
 * The few WebAssembly globals used here. Node has them; @types/node 20 does not declare them,
 * and lib "dom" would bring the whole browser into server code.
 */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: Record<string, unknown>,
  ) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

let engineModule: Promise<SchemaEngineModule> | undefined;

/**
 * Prisma's schema engine (the part that diffs schemas and applies migrations), compiled to
 * WebAssembly. The native binary the Prisma CLI downloads cannot be fetched on every machine;
 * this one ships inside an npm package and talks to the database through a driver adapter.
 *
 * The package imports its `.wasm` file as an ES module, which Node only allows behind a flag, so
 * the module is instantiated here by hand (once per process: it is a pure library).
 */
function loadEngineModule(): Promise<SchemaEngineModule> {
  engineModule ??= (async () => {
    const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const require = createRequire(import.meta.url);
    const folder = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const wasm = new wasmApi.Module(fs.readFileSync(path.join(folder, 'schema_engine_bg.wasm')));
    const instance = new wasmApi.Instance(wasm, { './schema_engine_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return engineModule;
}

export interface SchemaFile {
  path: string;
  content: string;
}

/**
 * Run `work` with a schema engine connected through `adapterFactory`, and free it afterwards.
 */
export async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schema: SchemaFile,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  const engine = await SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {},
    bound,
  );
  try {
    return await work(engine);
  } catch (error) {
    throw withDriverError(error, bound.errorRegistry);
  } finally {
    engine.free();
  }
}

/**
 * The engine reports a database error as "External error id#N"; the error itself (with the
 * SQL message a person needs) waits in the adapter's registry under that id.
 */
function withDriverError(error: unknown, registry: ErrorRegistry): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const id = /External error id#(\d+)/.exec(message)?.[1];
  const record = id === undefined ? undefined : registry.consumeError(Number(id));
  if (!record) return error;
  const cause = record.error as {
    message?: string;
    originalMessage?: string;
    cause?: { message?: string };
  };
  const detail =
    cause.originalMessage ?? cause.cause?.message ?? cause.message ?? JSON.stringify(cause);
  const migration = /migration_name="([^"]+)"/.exec(message)?.[1];
  return new Error(`${migration ? `Migration ${migration} failed: ` : ''}${detail}`, {
    cause: error,
  });
}

/** The schema filter every command takes; we manage no external tables. */
export const NO_FILTERS = { externalTables: [], externalEnums: [] };
