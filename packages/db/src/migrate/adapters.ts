import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

type Closer = () => Promise<void>;

/**
 * pglite-prisma-adapter 0.7 starts `executeScript` (how migrations are run) without awaiting
 * it, so a failing migration would report success. Await it and surface the error.
 */
function awaitScripts(adapter: SqlDriverAdapter, pglite: PGlite): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    await pglite.exec(script);
  };
  return adapter;
}

/**
 * A migration-aware adapter factory over a PGlite instance. The shadow database (used to diff
 * migrations against the schema) is a fresh in-memory PGlite, closed when the engine is done.
 */
export function pgliteMigrationAdapter(pglite: PGlite): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  close: Closer;
} {
  const base = new PrismaPGlite(pglite);
  const shadows = new Set<PGlite>();
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => awaitScripts(await base.connect(), pglite),
    connectToShadowDb: async () => {
      const shadow = new PGlite();
      shadows.add(shadow);
      const adapter = awaitScripts(await new PrismaPGlite(shadow).connect(), shadow);
      adapter.dispose = async () => {
        shadows.delete(shadow);
        await shadow.close();
      };
      return adapter;
    },
  };
  const close = async () => {
    await Promise.all([...shadows].map((shadow) => shadow.close()));
    shadows.clear();
  };
  return { factory, close };
}

/**
 * A migration-aware adapter factory for a PostgreSQL server. The engine does not dispose the
 * connections it opens, and the migration advisory lock lives as long as its connection: left
 * open, the next run would wait for the lock's 10 s timeout. `close()` ends them.
 */
export function postgresMigrationAdapter(connectionString: string): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  close: Closer;
} {
  const base = new PrismaPg({ connectionString, max: 2 });
  const opened = new Set<SqlDriverAdapter>();
  const track = async (adapter: Promise<SqlDriverAdapter>) => {
    const connected = await adapter;
    opened.add(connected);
    return connected;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => track(base.connect()),
    connectToShadowDb: () => track(base.connectToShadowDb()),
  };
  const close = async () => {
    await Promise.all([...opened].map((adapter) => adapter.dispose()));
    opened.clear();
  };
  return { factory, close };
}
