import { appRouter } from '@chatbot/api';
import type { AnyProcedure } from '@trpc/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer } from '../harness';
import { registerOverRest, type RestClient } from '../rest/restClient';
import { hostileString, hostileValue, inputFor } from './hostileValues';

/**
 * Property-based hostile input: generated calls to every REST route and every tRPC procedure,
 * valid and invalid, with other users' ids among them. The service must answer each with less
 * than 500, a rejected call must leave the database exactly as it was, and the other user's data
 * must never change.
 */
let t: TestServer;
let owner: { api: RestClient; token: string };
let ids: string[];
let othersUserId: string;

type Schema = { properties?: Record<string, { type?: string | string[] }> };
interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query?: Schema;
  body?: Schema;
}

beforeAll(async () => {
  t = await startTestServer();
  const me = await registerOverRest(t.server.url);
  const other = await registerOverRest(t.server.url);
  owner = { api: me.api, token: me.tokens.accessToken };
  othersUserId = other.tokens.user.id;
  const fixtures = async (api: RestClient) => {
    const group = (await api.post('/groups', { name: 'Folder' })).body;
    const session = (await api.post('/sessions', { title: 'Chat', groupId: group.id })).body;
    const message = (
      await api.post('/messages', { sessionId: session.id, role: 'assistant', content: 'Hi' })
    ).body;
    return [group.id, session.id, message.id] as string[];
  };
  ids = [...(await fixtures(me.api)), ...(await fixtures(other.api)), 'cmissing0000000000000000'];
});
afterAll(async () => {
  await t?.close();
});

/** Every row of every table, in a stable order: equal strings mean an unchanged database. */
async function snapshot(): Promise<string> {
  const prisma = t.database.prisma;
  const byId = { orderBy: { id: 'asc' as const } };
  return JSON.stringify(
    await Promise.all([
      prisma.user.findMany(byId),
      prisma.group.findMany(byId),
      prisma.session.findMany(byId),
      prisma.message.findMany(byId),
      prisma.refreshToken.findMany(byId),
      prisma.account.findMany(byId),
      prisma.loginCode.findMany(byId),
    ]),
    (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
  );
}

/** The other user's rows: nothing the owner sends may change them. */
async function othersData(): Promise<string> {
  const prisma = t.database.prisma;
  const where = { userId: othersUserId };
  return JSON.stringify(
    [
      await prisma.group.findMany({ where, orderBy: { id: 'asc' } }),
      await prisma.session.findMany({ where, orderBy: { id: 'asc' }, include: { messages: true } }),
    ],
    (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
  );
}

/** Replies started by accepted sends write after the call returns: wait for them to end. */
async function settled() {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if ((await t.database.prisma.message.count({ where: { status: 'streaming' } })) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('replies kept streaming');
}

async function checkCall(send: () => Promise<Response>) {
  await settled();
  const before = await snapshot();
  const others = await othersData();
  const response = await send();
  const text = await response.text();
  expect([response.status, text.slice(0, 300)]).toEqual([expect.any(Number), expect.any(String)]);
  expect(response.status, text.slice(0, 300)).toBeLessThan(500);
  if (response.status >= 400) expect(await snapshot()).toBe(before);
  await settled();
  expect(await othersData()).toBe(others);
  return response.status;
}

/** Lone surrogates cannot be percent-encoded; the malformed segments below cover them. */
const wellFormed = (text: string) =>
  text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** A path segment as sent: an id, an encoded hostile string, or malformed percent-encoding. */
const pathSegment = () =>
  fc.oneof(
    fc.constantFrom(...ids),
    hostileString.map((text) => encodeURIComponent(wellFormed(text).slice(0, 2_000))),
    fc.constantFrom('%E0%A4%A', '%ED%A0%80', '%2F..%2F..', '%00', '.', '..'),
  );

/** A stream that opened is fine here (its contract is tested elsewhere): keep only its status. */
async function closeStream(response: Response) {
  const type = response.headers.get('content-type') ?? '';
  // Live streams (SSE, the NDJSON reply): the status is the answer, the rest is a reply to wait on.
  if (!/^(text\/event-stream|application\/x-ndjson)/.test(type)) return response;
  await response.body?.cancel();
  return new Response('', { status: response.status });
}

/** How a value looks in a URL: text as it is, anything else as JSON. */
const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

async function restOperations(): Promise<Operation[]> {
  const document = (await (await fetch(`${t.server.url}/openapi.json`)).json()) as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { name: string; in: string; schema: object }[];
          requestBody?: { content: Record<string, { schema: Schema }> };
          responses: Record<string, { content?: Record<string, unknown> }>;
        }
      >
    >;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    if (path.startsWith('/auth/google') && !path.endsWith('/exchange')) continue; // redirects
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const query = parameters.filter((parameter) => parameter.in === 'query');
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: { properties: Object.fromEntries(query.map((p) => [p.name, p.schema])) },
        body: operation.requestBody?.content['application/json']?.schema,
      });
    }
  }
  return operations;
}

describe('hostile input', () => {
  it('every REST route answers generated input with < 500 and rejects it without writing', async () => {
    const operations = await restOperations();
    const statuses = new Map<number, number>();
    const call = fc.constantFrom(...operations).chain((operation) =>
      fc.record({
        operation: fc.constant(operation),
        input: inputFor(
          operation.method === 'GET' || operation.method === 'DELETE'
            ? operation.query
            : operation.body,
          ids,
        ),
        path: fc.tuple(...operation.pathParams.map(() => pathSegment())),
      }),
    );
    await fc.assert(
      fc.asyncProperty(call, async ({ operation, input, path }) => {
        let url = operation.path;
        operation.pathParams.forEach((name, index) => {
          url = url.replace(`{${name}}`, path[index]!);
        });
        const hasBody = operation.method === 'POST' || operation.method === 'PATCH';
        if (!hasBody) {
          const query = new URLSearchParams(
            Object.entries(input).map(([key, value]): [string, string] => [
              key,
              asText(value).slice(0, 2_000),
            ]),
          );
          url += query.size ? `?${query}` : '';
        }
        const status = await checkCall(() =>
          fetch(`${t.server.url}${url}`, {
            method: operation.method,
            headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
            body: hasBody ? JSON.stringify(input) : undefined,
            signal: AbortSignal.timeout(5_000),
          }).then(closeStream),
        );
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }),
      { numRuns: 250 },
    );
    // The generator reached both sides of the line: accepted calls and refused ones.
    expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
    expect([...statuses.keys()].some((status) => status >= 400)).toBe(true);
  });

  it('every tRPC procedure answers generated input with < 500 and rejects it without writing', async () => {
    const procedures = Object.entries(
      appRouter._def.procedures as unknown as Record<string, AnyProcedure>,
    )
      .filter(([, procedure]) => procedure._def.type !== 'subscription')
      .map(([name, procedure]) => {
        const parser = (procedure._def.inputs as z.ZodType[])[0];
        return {
          name,
          type: procedure._def.type,
          schema: parser
            ? (z.toJSONSchema(parser, { io: 'input', unrepresentable: 'any' }) as Schema)
            : undefined,
        };
      });
    const call = fc.constantFrom(...procedures).chain((procedure) =>
      fc.record({
        procedure: fc.constant(procedure),
        input: fc.oneof(
          { weight: 5, arbitrary: inputFor(procedure.schema, ids) },
          { weight: 1, arbitrary: hostileValue },
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(call, async ({ procedure, input }) => {
        const encoded = JSON.stringify({ json: input });
        const url = `${t.trpcUrl}/${procedure.name}`;
        await checkCall(() =>
          procedure.type === 'query'
            ? fetch(`${url}?input=${encodeURIComponent(encoded.slice(0, 50_000))}`, {
                headers: { authorization: `Bearer ${owner.token}` },
              })
            : fetch(url, {
                method: 'POST',
                headers: {
                  authorization: `Bearer ${owner.token}`,
                  'content-type': 'application/json',
                },
                body: encoded,
              }),
        );
      }),
      { numRuns: 250 },
    );
  });

  it('bodies that are not JSON, or not objects, are 4xx on every route that takes one', async () => {
    const operations = (await restOperations()).filter((operation) => operation.body);
    const garbage = fc.oneof(
      fc.string({ maxLength: 100 }),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      fc.constantFrom('[]', 'null', '"text"', '1e999', '{"a":', '\u0000'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...operations), garbage, async (operation, body) => {
        const url = operation.pathParams.reduce(
          (path, name) => path.replace(`{${name}}`, ids[1]!),
          operation.path,
        );
        await checkCall(() =>
          fetch(`${t.server.url}${url}`, {
            method: operation.method,
            headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(5_000),
          }).then(closeStream),
        );
      }),
      { numRuns: 100 },
    );
  });
});
