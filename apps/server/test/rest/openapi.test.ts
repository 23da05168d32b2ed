import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from '../attachmentFiles';
import { startTestServer, type TestServer } from '../harness';
import { registerOverRest, type RestClient } from './restClient';

let t: TestServer;
let document: {
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, Response> }>
  >;
  components: { responses: Record<string, Response> };
};
type Response = { $ref?: string; content?: Record<string, { schema?: object }> };

beforeAll(async () => {
  t = await startTestServer();
  document = (await (await fetch(`${t.server.url}/openapi.json`)).json()) as typeof document;
});
afterAll(async () => {
  await t?.close();
});

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document (an independent validator says so)', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('serves an interactive reference with no external assets', async () => {
    const page = await fetch(`${t.server.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      expect(asset.startsWith('/')).toBe(true);
      const response = await fetch(`${t.server.url}${asset}`);
      expect([asset, response.status]).toEqual([asset, 200]);
    }
  });
});

/** One documented call per operation; `expect` is the status it must answer with. */
interface Sample {
  path: string;
  body?: unknown;
  token?: string | null;
  expect: number;
}

interface Fixtures {
  api: RestClient;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  groupId: string;
  fresh: () => Promise<{ sessionId: string; groupId: string }>;
}

const samples: Record<string, (f: Fixtures) => Promise<Sample> | Sample> = {
  'auth.register': () => ({
    path: '/auth/register',
    body: { email: `doc-${Date.now()}@example.com`, password: 'correct horse battery' },
    token: null,
    expect: 201,
  }),
  'auth.login': () => ({
    path: '/auth/login',
    body: { email: 'nobody@example.com', password: 'wrong password' },
    token: null,
    expect: 401,
  }),
  'auth.refresh': (f) => ({ path: '/auth/refresh', token: f.refreshToken, expect: 200 }),
  'auth.logout': () => ({ path: '/auth/logout', token: 'unknown-token', expect: 200 }),
  'auth.exchangeCode': () => ({
    path: '/auth/google/exchange',
    body: { code: 'never-issued' },
    token: null,
    expect: 401,
  }),
  'auth.me': () => ({ path: '/auth/me', expect: 200 }),
  // A user of its own: the fixtures' user is needed by the samples that follow.
  'auth.deleteAccount': async () => ({
    path: '/auth/me',
    body: { password: 'correct horse battery' },
    token: (await registerOverRest(t.server.url)).tokens.accessToken,
    expect: 200,
  }),
  'groups.list': () => ({ path: '/groups', expect: 200 }),
  'groups.create': () => ({ path: '/groups', body: { name: 'Doc' }, expect: 201 }),
  'groups.update': (f) => ({ path: `/groups/${f.groupId}`, body: { name: 'Docs' }, expect: 200 }),
  'groups.delete': async (f) => ({
    path: `/groups/${(await f.fresh()).groupId}`,
    expect: 200,
  }),
  'groups.sessions': (f) => ({ path: `/groups/${f.groupId}/sessions`, expect: 200 }),
  'groups.list.folders': () => ({ path: '/folders', expect: 200 }),
  'groups.create.folders': () => ({ path: '/folders', body: { name: 'Doc' }, expect: 201 }),
  'groups.update.folders': (f) => ({
    path: `/folders/${f.groupId}`,
    body: { name: 'Docs' },
    expect: 200,
  }),
  'groups.update.folders.favorite': (f) => ({
    path: `/folders/${f.groupId}/favorite`,
    body: { isFavorite: true },
    expect: 200,
  }),
  'groups.delete.folders': async (f) => ({
    path: `/folders/${(await f.fresh()).groupId}`,
    expect: 200,
  }),
  'groups.sessions.folders': (f) => ({ path: `/folders/${f.groupId}/sessions`, expect: 200 }),
  'sessions.setGroup.folders': (f) => ({
    path: `/sessions/${f.sessionId}/folder`,
    body: { folderId: f.groupId },
    expect: 200,
  }),
  'sessions.list': () => ({ path: '/sessions?limit=2', expect: 200 }),
  'sessions.get': (f) => ({ path: `/sessions/${f.sessionId}`, expect: 200 }),
  'sessions.create': () => ({ path: '/sessions', body: { title: 'Doc' }, expect: 201 }),
  'sessions.update': (f) => ({
    path: `/sessions/${f.sessionId}`,
    body: { title: 'Documented' },
    expect: 200,
  }),
  'sessions.setFavorite': (f) => ({
    path: `/sessions/${f.sessionId}/favorite`,
    body: { isFavorite: true },
    expect: 200,
  }),
  'sessions.setGroup': (f) => ({
    path: `/sessions/${f.sessionId}/group`,
    body: { groupId: f.groupId },
    expect: 200,
  }),
  'sessions.delete': async (f) => ({
    path: `/sessions/${(await f.fresh()).sessionId}`,
    expect: 200,
  }),
  'sessions.export.json': (f) => ({ path: `/sessions/${f.sessionId}/export.json`, expect: 200 }),
  'sessions.export.md': (f) => ({ path: `/sessions/${f.sessionId}/export.md`, expect: 200 }),
  'sessions.share': (f) => ({ path: `/sessions/${f.sessionId}/share`, expect: 200 }),
  'sessions.unshare': async (f) => {
    const { sessionId } = await f.fresh();
    await f.api.post(`/sessions/${sessionId}/share`);
    return { path: `/sessions/${sessionId}/share`, expect: 200 };
  },
  'sessions.shares': () => ({ path: '/shares', expect: 200 }),
  'shares.get': async (f) => ({
    path: `/shares/${(await f.api.post(`/sessions/${f.sessionId}/share`)).body.token}`,
    token: null,
    expect: 200,
  }),
  'shares.continue': async (f) => ({
    path: `/shares/${(await f.api.post(`/sessions/${f.sessionId}/share`)).body.token}/continue`,
    expect: 201,
  }),
  'messages.list': (f) => ({ path: `/messages/${f.sessionId}`, expect: 200 }),
  'messages.create': (f) => ({
    path: '/messages',
    body: { sessionId: f.sessionId, role: 'assistant', content: 'documented' },
    expect: 201,
  }),
  'messages.switchBranch': async (f) => ({
    path: `/messages/${await storedMessage(f)}/branch`,
    expect: 200,
  }),
  'messages.delete': async (f) => ({
    path: `/messages/${await storedMessage(f)}`,
    expect: 200,
  }),
  'messages.stream': async (f) => ({
    path: '/messages/stream',
    body: { sessionId: (await f.fresh()).sessionId, prompt: 'documented' },
    expect: 200,
  }),
  'sessions.importFile': () => ({
    path: '/sessions/import',
    body: [
      {
        id: 'documented',
        title: 'Documented',
        current_node: 'q',
        mapping: {
          q: {
            id: 'q',
            parent: null,
            children: [],
            message: { author: { role: 'user' }, content: { content_type: 'text', parts: ['hi'] } },
          },
        },
      },
    ],
    expect: 200,
  }),
  'messages.streamTicket': (f) => ({ path: `/sse/sessions/${f.sessionId}/ticket`, expect: 200 }),
  'models.catalog': () => ({ path: '/ai/models?provider=OPENAI', expect: 200 }),
  'health.check': () => ({ path: '/health', token: null, expect: 200 }),
  // Google sign-in is not configured on this server: both answer the documented 404.
  'google.start': () => ({ path: '/auth/google', token: null, expect: 404 }),
  'google.callback': () => ({ path: '/auth/google/callback?code=x&state=y', expect: 404 }),
  'sse.stream': (f) => ({ path: `/sse/sessions/${f.sessionId}/stream`, expect: 200 }),
  // A JSON body is not multipart: the documented 400 (the upload itself is in attachments.test).
  'attachments.upload': () => ({ path: '/attachments', body: { file: 'x' }, expect: 400 }),
  'attachments.get': async (f) => ({ path: `/attachments/${await uploaded(f)}`, expect: 200 }),
  'attachments.delete': async (f) => ({ path: `/attachments/${await uploaded(f)}`, expect: 200 }),
  // The image itself is in shares.test: a link without it answers the documented 404.
  'shares.files': () => ({ path: `/shares/${'A'.repeat(32)}/files/0-0`, token: null, expect: 404 }),
  'sse.send': async (f) => ({
    path: `/sse/sessions/${(await f.fresh()).sessionId}/messages`,
    body: { content: 'documented' },
    expect: 200,
  }),
};

/** A new upload's id. */
async function uploaded(f: Fixtures): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([PNG]), 'doc.png');
  const response = await fetch(`${t.server.url}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${f.accessToken}` },
    body: form,
  });
  return ((await response.json()) as { id: string }).id;
}

/** A message of a fresh session, stored as given (no reply runs). */
async function storedMessage(f: Fixtures): Promise<string> {
  const { sessionId } = await f.fresh();
  const created = await f.api.post('/messages', { sessionId, role: 'assistant', content: 'doc' });
  return created.body.id as string;
}

const pointer = (path: string) => path.replaceAll('~', '~0').replaceAll('/', '~1');

function responseSchema(response: Response, mediaType: string): object | undefined {
  const resolved = response.$ref
    ? document.components.responses[response.$ref.split('/').at(-1)!]
    : response;
  return resolved?.content?.[mediaType]?.schema;
}

describe('every documented route answers as documented', () => {
  it('has a sample call for every operation (a new route must be added here)', () => {
    const documented = Object.values(document.paths).flatMap((operations) =>
      Object.values(operations).map((operation) => operation.operationId),
    );
    expect(documented.sort()).toEqual(Object.keys(samples).sort());
  });

  it('answers each operation with a documented status and a body matching its schema', async () => {
    const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
    ajv.addSchema(document, 'openapi.json');
    const { api, tokens } = await registerOverRest(t.server.url);
    const fresh = async () => {
      const group = (await api.post('/groups', { name: 'Fresh' })).body;
      const session = (await api.post('/sessions', { title: 'Fresh', groupId: group.id })).body;
      return { sessionId: session.id as string, groupId: group.id as string };
    };
    const fixtures: Fixtures = {
      api,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      ...(await fresh()),
      fresh,
    };

    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const sample = await samples[operation.operationId]!(fixtures);
        const aborted = new AbortController();
        const response = await fetch(`${t.server.url}${sample.path}`, {
          method: method.toUpperCase(),
          redirect: 'manual',
          signal: aborted.signal,
          headers: {
            ...(sample.token === null
              ? {}
              : { authorization: `Bearer ${sample.token ?? tokens.accessToken}` }),
            ...(sample.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: sample.body === undefined ? undefined : JSON.stringify(sample.body),
        });
        const where = `${method.toUpperCase()} ${path} (${operation.operationId})`;
        expect([where, response.status]).toEqual([where, sample.expect]);
        const documented = operation.responses[String(response.status)];
        expect([where, documented !== undefined]).toEqual([where, true]);

        const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!;
        const schema = responseSchema(documented!, mediaType);
        expect([where, mediaType, schema !== undefined]).toEqual([where, mediaType, true]);
        if (mediaType === 'text/event-stream') {
          aborted.abort(); // a live stream: its headers are the contract here
          continue;
        }
        const text = await response.text();
        if (mediaType !== 'application/json' || sample.path.includes('/export.')) continue;
        const ref = documented!.$ref
          ? `openapi.json#/components/responses/${documented!.$ref.split('/').at(-1)}/content/${pointer(mediaType)}/schema`
          : `openapi.json#/paths/${pointer(path)}/${method}/responses/${response.status}/content/${pointer(mediaType)}/schema`;
        const validate = ajv.compile({ $ref: ref });
        const valid = validate(JSON.parse(text));
        expect([where, valid, validate.errors ?? null]).toEqual([where, true, null]);
      }
    }
  });
});
