import type net from 'node:net';
import { appRouter, createContextFactory, withStreamSettings } from '@chatbot/api';
import type { ChatEvent } from '@chatbot/core/realtime';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectEvents } from './events';
import { startTestServer, type TestServer } from './harness';
import { registerOverRest } from './rest/restClient';

/**
 * The server writes tRPC subscriptions' SSE itself (src/http/sse/trpcSubscriptions.ts). tRPC's
 * own handler, over the same app and router, is the oracle: the bytes must be the same, so
 * `httpSubscriptionLink` cannot tell them apart.
 */
let t: TestServer;
let trpcOwn: (request: Request) => Promise<Response>;
/** The server's end of each subscription request, newest last. */
const serverSockets: net.Socket[] = [];
beforeAll(async () => {
  t = await startTestServer({ STREAM_KEEPALIVE_MS: '1000' });
  const router = withStreamSettings(appRouter, t.app.config.streaming);
  const createContext = createContextFactory(t.app);
  trpcOwn = (req) =>
    fetchRequestHandler({ endpoint: '/trpc', req, router, createContext: (o) => createContext(o) });
  t.server.httpServer.on('request', (req) => {
    if (req.url?.includes('messages.onEvent')) serverSockets.push(req.socket);
  });
});
afterAll(async () => {
  await t?.close();
});

async function owner() {
  const { api, tokens } = await registerOverRest(t.server.url);
  const session = (await api.post('/sessions', { title: 'SSE writer' })).body as { id: string };
  return { token: tokens.accessToken as string, userId: tokens.user.id as string, session };
}

const stream = (event: Partial<ChatEvent> & { delta: string }): ChatEvent =>
  ({ type: 'message:stream', messageId: 'm1', offset: 0, ...event }) as ChatEvent;

/** The first `frames` SSE frames of a response (each ends with tRPC's blank lines). */
async function firstFrames(response: Response, frames: number): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.split('\n\n\n').length - 1 < frames) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel();
  return text.split('\n\n\n').slice(0, frames).join('\n\n\n') + '\n\n\n';
}

function subscribeUrl(input: unknown, extra = '') {
  return `/trpc/messages.onEvent?input=${encodeURIComponent(JSON.stringify({ json: input }))}${extra}`;
}

async function bothWays(path: string, headers: Record<string, string>, frames: number) {
  const ours = await fetch(`${t.server.url}${path}`, { headers });
  const theirs = await trpcOwn(new Request(`http://localhost${path}`, { headers }));
  return {
    ours: {
      status: ours.status,
      type: ours.headers.get('content-type'),
      body: await firstFrames(ours, frames),
    },
    theirs: {
      status: theirs.status,
      type: theirs.headers.get('content-type'),
      body: await firstFrames(theirs, frames),
    },
  };
}

describe('tRPC subscriptions over SSE, written by the server', () => {
  it("write the very bytes tRPC's own handler writes for a resumed stream", async () => {
    const { token, session } = await owner();
    const first = await t.app.events.append(session.id, stream({ delta: 'before' }));
    // A Date goes through superjson, as message DTOs do.
    await t.app.events.append(session.id, stream({ delta: 'héllo "quoted"\nline' }));
    await t.app.events.append(session.id, {
      type: 'session:update',
      session: { id: session.id, title: 'T', updatedAt: new Date(0) },
    } as unknown as ChatEvent);
    const path = subscribeUrl({ sessionId: session.id, lastEventId: first.id });
    const { ours, theirs } = await bothWays(path, { authorization: `Bearer ${token}` }, 3);
    expect(ours).toEqual(theirs);
    expect(ours.body).toMatch(
      /^event: connected\ndata: \{"reconnectAfterInactivityMs":2000\}\n\n\n/,
    );
  });

  it('resume with the Last-Event-ID header the same way', async () => {
    const { token, session } = await owner();
    const first = await t.app.events.append(session.id, stream({ delta: 'a' }));
    await t.app.events.append(session.id, stream({ delta: 'b' }));
    const { ours, theirs } = await bothWays(
      subscribeUrl({ sessionId: session.id }),
      { authorization: `Bearer ${token}`, 'last-event-id': first.id },
      2,
    );
    expect(ours).toEqual(theirs);
    expect(ours.body).toContain('"delta":"b"');
    expect(ours.body).not.toContain('"delta":"a"');
  });

  it.each([
    ['no token', {}, (id: string) => ({ sessionId: id }), 'UNAUTHORIZED'],
    ['bad input', { auth: true }, () => ({ sessionId: '' }), 'BAD_REQUEST'],
    ['another user’s session', { auth: true }, () => ({ sessionId: 'not-mine' }), 'NOT_FOUND'],
  ] as const)('refuse (%s) with the same serialized-error event', async (_, opts, input, code) => {
    const { token, session } = await owner();
    const headers: Record<string, string> =
      'auth' in opts ? { authorization: `Bearer ${token}` } : {};
    const { ours, theirs } = await bothWays(subscribeUrl(input(session.id)), headers, 2);
    expect(ours).toEqual(theirs);
    expect(ours.body).toContain('event: serialized-error');
    expect(ours.body).toContain(`"code":"${code}"`);
  });

  it('send a ping on a quiet stream, and free the stream slot when the client leaves', async () => {
    const { token, session, userId } = await owner();
    const leave = new AbortController();
    const response = await fetch(`${t.server.url}${subscribeUrl({ sessionId: session.id })}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: leave.signal,
    });
    expect(t.app.subscriptionSlots.open(userId)).toBe(1);
    const frames = await firstFrames(response, 2);
    expect(frames).toContain('event: ping\ndata: \n\n\n');
    leave.abort();
    await until(() => t.app.subscriptionSlots.open(userId) === 0, 'the slot to be freed');
  });

  it('reach the typed client (httpSubscriptionLink), which resumes exactly once after a drop', async () => {
    const user = await t.signUp({ transport: 'sse' });
    const session = await user.client.sessions.create.mutate({ title: 'Dropped' });
    const deltas = Array.from({ length: 10 }, (_, index) => `d${index}`);
    serverSockets.length = 0;
    const events = collectEvents(user.client, session.id, {
      until: (_, all) => all.length === deltas.length,
      timeoutMs: 30_000,
    });
    await events.ready;
    for (const delta of deltas.slice(0, 5))
      await t.app.events.append(session.id, stream({ delta }));
    // Once the client holds the first five, the server end goes away mid-stream (no `return`
    // event): the client must come back on its own, after the last id it received.
    await until(() => events.received.length === 5, 'the first five events');
    expect(serverSockets).toHaveLength(1);
    serverSockets[0]!.destroy();
    for (const delta of deltas.slice(5)) await t.app.events.append(session.id, stream({ delta }));
    const received = await events.done;
    expect(serverSockets).toHaveLength(2);
    expect(received.map((event) => (event.data as { delta: string }).delta)).toEqual(deltas);
    expect(new Set(received.map((event) => event.id)).size).toBe(deltas.length);
  });
});

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
