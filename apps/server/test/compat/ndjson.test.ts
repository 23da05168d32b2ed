import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { chunks, eventually, fakeProviderEnv, userWithSession } from './compatClients';

let fake: FakeOpenAI;
let t: TestServer;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  t = await startTestServer(fakeProviderEnv(fake));
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

function postStream(body: unknown, token?: string, signal?: AbortSignal) {
  return fetch(`${t.server.url}/messages/stream`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
    signal,
  });
}

// The lines are what the wire carries; the tests assert their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type NdjsonLine = any;

/** Read the body as it comes: each read's text, and the lines parsed. */
async function readLines(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const reads: string[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    reads.push(decoder.decode(value, { stream: true }));
  }
  const text = reads.join('');
  expect(text.endsWith('\n')).toBe(true);
  const lines = text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as NdjsonLine);
  return { reads, lines };
}

const messagesOf = (sessionId: string) =>
  t.database.prisma.message.findMany({ where: { sessionId }, orderBy: { createdAt: 'asc' } });

describe('POST /messages/stream (NDJSON)', () => {
  it('stores both messages and streams the reply line by line, then done', async () => {
    const { session, token } = await userWithSession(t);
    fake.enqueue({ chunks: chunks(8), chunkDelayMs: 30 });
    const response = await postStream({ sessionId: session.id, prompt: 'Hi!' }, token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const { reads, lines } = await readLines(response);
    // Streamed, not buffered: the lines came over several reads.
    expect(reads.length).toBeGreaterThanOrEqual(2);

    const [user, reply] = await messagesOf(session.id);
    expect(user).toMatchObject({ role: 'user', content: 'Hi!' });
    expect(reply).toMatchObject({ role: 'assistant', status: 'complete' });
    expect(reply!.content).toBe(chunks(8).join(''));
    expect(lines.at(-1)).toEqual({ done: true, messageId: reply!.id });
    const deltas = lines.slice(0, -1);
    for (const line of deltas) expect(Object.keys(line)).toEqual(['delta']);
    expect(deltas.map((line) => line.delta).join('')).toBe(reply!.content);
  });

  it('ends with {"error":"stream_error"} when the provider fails', async () => {
    const { session, token } = await userWithSession(t);
    fake.enqueue({ status: 401 });
    const response = await postStream({ sessionId: session.id, prompt: 'x' }, token);
    const { lines } = await readLines(response);
    expect(lines.at(-1)).toEqual({ error: 'stream_error' });
  });

  it('refuses a missing sessionId or prompt (400), a stranger (404), no token (401); stores nothing', async () => {
    const owner = await userWithSession(t);
    const stranger = await userWithSession(t);
    const sessionId = owner.session.id;
    for (const body of [{ sessionId }, { prompt: 'x' }, { sessionId, prompt: '' }]) {
      const response = await postStream(body, owner.token);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: expect.any(String) });
    }
    const foreign = await postStream({ sessionId, prompt: 'x' }, stranger.token);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ error: expect.any(String) });
    expect((await postStream({ sessionId, prompt: 'x' })).status).toBe(401);
    expect(await messagesOf(sessionId)).toEqual([]);
  });

  it('leaves GET /messages/{sessionId} to the REST route', async () => {
    const { api, session } = await userWithSession(t);
    expect((await api.get(`/messages/${session.id}`)).status).toBe(200);
  });

  it('goes on without a client that disconnects early: the reply is stored complete', async () => {
    const { session, token } = await userWithSession(t);
    fake.enqueue({ chunks: chunks(20), chunkDelayMs: 20 });
    const abort = new AbortController();
    const response = await postStream({ sessionId: session.id, prompt: 'go' }, token, abort.signal);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"delta"');
    abort.abort();
    const reply = await eventually(async () => {
      const [, assistant] = await messagesOf(session.id);
      return assistant?.status === 'complete' ? assistant : undefined;
    });
    expect(reply.content).toBe(chunks(20).join(''));
  });
});
