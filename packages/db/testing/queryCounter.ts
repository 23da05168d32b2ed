import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlQueryable,
  Transaction,
} from '@prisma/driver-adapter-utils';

export interface RecordedQuery {
  sql: string;
  at: number;
}

/**
 * A driver adapter wrapper that records every SQL statement Prisma sends, inside transactions
 * too. For tests and benchmarks that count database writes instead of guessing them.
 */
export function createQueryCounter() {
  const queries: RecordedQuery[] = [];
  const record = (query: SqlQuery) => queries.push({ sql: query.sql, at: performance.now() });

  function wrapQueryable<T extends SqlQueryable>(target: T): T {
    const queryRaw = target.queryRaw.bind(target);
    const executeRaw = target.executeRaw.bind(target);
    target.queryRaw = (query) => {
      record(query);
      return queryRaw(query);
    };
    target.executeRaw = (query) => {
      record(query);
      return executeRaw(query);
    };
    return target;
  }

  function wrapAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
    wrapQueryable(adapter);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) =>
      wrapQueryable<Transaction>(await startTransaction(isolationLevel));
    return adapter;
  }

  return {
    queries,
    wrap(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
      return {
        provider: factory.provider,
        adapterName: factory.adapterName,
        connect: async () => wrapAdapter(await factory.connect()),
      };
    },
    /** INSERT / UPDATE / DELETE statements on `table` since `since` (performance.now()). */
    writesTo(table: string, since = 0) {
      const pattern = new RegExp(
        `^\\s*(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+("public"\\.)?"${table}"`,
        'i',
      );
      return queries.filter((query) => query.at >= since && pattern.test(query.sql));
    },
  };
}
