import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import newman, { type NewmanRunOptions, type NewmanRunSummary } from 'newman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';

const collectionFile = fileURLToPath(
  new URL('./original.postman_collection.json', import.meta.url),
);

interface CollectionItem {
  name: string;
  item?: CollectionItem[];
}

/** The collection's requests by name, in the order a run sends them. */
const requestNames = (items: CollectionItem[]): string[] =>
  items.flatMap((item) => (item.item ? requestNames(item.item) : [item.name]));

function runCollection(collection: unknown, baseUrl: string) {
  return new Promise<NewmanRunSummary>((resolve, reject) => {
    newman.run(
      {
        collection: collection as NewmanRunOptions['collection'],
        envVar: [{ key: 'baseUrl', value: baseUrl }],
        reporters: [],
        timeoutRequest: 10_000,
      },
      (error, summary) => (error ? reject(error) : resolve(summary)),
    );
  });
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

describe('a Postman collection written for the original backend', () => {
  it('runs green under newman: every request sent, every request tested, no failure', async () => {
    const collection = JSON.parse(fs.readFileSync(collectionFile, 'utf8')) as {
      item: CollectionItem[];
    };
    const names = requestNames(collection.item);
    const { run } = await runCollection(collection, t.server.url);

    const failures = run.failures.map(
      ({ source, error }) =>
        `${source?.name ?? 'collection'}: ${error.test ?? error.name}: ${error.message}`,
    );
    expect(failures, `newman failures:\n${failures.join('\n')}`).toEqual([]);
    // Each request once, in order (the reply poll may repeat itself), none skipped.
    const executed = run.executions.map((execution) => execution.item.name);
    expect([...new Set(executed)]).toEqual(names);
    expect(run.stats.requests.total).toBe(executed.length);
    expect(run.stats.requests.failed).toBe(0);
    // A request whose script asserts nothing would pass without proving anything.
    const untested = run.executions.filter((execution) => execution.assertions.length === 0);
    expect(untested.map((execution) => execution.item.name)).toEqual([]);
    expect(run.stats.assertions.total).toBeGreaterThanOrEqual(2 * names.length);
    expect(run.stats.assertions.failed).toBe(0);
  });
});
