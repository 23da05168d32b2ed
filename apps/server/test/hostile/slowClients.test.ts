import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../harness';
import { registerOverRest } from '../rest/restClient';

/**
 * A client that opens a stream and never reads while events keep coming: the server must not
 * buffer for it without bound. Past STREAM_MAX_BUFFERED_BYTES unsent, the connection is dropped
 * (the client resumes by event id), whatever the transport.
 */
const LIMIT = 65_536;
const EVENT_BYTES = 16_384;
let t: TestServer;
const serverSockets: net.Socket[] = [];
beforeAll(async () => {
  // The log keeps the whole flood: on Redis the live reader may lag behind the appends, and a
  // trimmed entry would reach the client as a resync instead of bytes to buffer.
  t = await startTestServer({
    STREAM_MAX_BUFFERED_BYTES: String(LIMIT),
    EVENT_LOG_SIZE: '5000',
  });
  t.server.httpServer.on('connection', (socket: net.Socket) => serverSockets.push(socket));
});
afterAll(async () => {
  await t?.close();
});

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The server's end of the connection whose client end is on `localPort`. */
async function serverEndOf(localPort: number) {
  await until(() => serverSockets.some((s) => s.remotePort === localPort), 'the connection');
  return serverSockets.find((socket) => socket.remotePort === localPort)!;
}

/** A GET whose response is never read: the client's socket is paused once the request is out. */
async function unreadGet(path: string, headers: Record<string, string>) {
  const { hostname, port } = new URL(t.server.url);
  const socket = net.connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.pause();
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.write(`GET ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\n${head}\r\n`);
  return { client: socket, server: await serverEndOf(socket.localPort!) };
}

/** Append large events until the server drops the connection; the most it ever held unsent. */
async function flood(sessionId: string, server: net.Socket) {
  let mostBuffered = 0;
  // 64 MiB at most: far beyond what the kernel's socket buffers absorb on loopback.
  for (let count = 0; count < 4_096 && !server.destroyed; count += 1) {
    await t.app.events.append(sessionId, {
      type: 'message:stream',
      messageId: 'flood',
      delta: 'x'.repeat(EVENT_BYTES),
      offset: count * EVENT_BYTES,
    });
    await new Promise((resolve) => setImmediate(resolve));
    mostBuffered = Math.max(mostBuffered, server.writableLength);
  }
  // Delivery may still be on its way (Redis hands events over in batches).
  for (let waited = 0; waited < 10_000 && !server.destroyed; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    mostBuffered = Math.max(mostBuffered, server.writableLength);
  }
  return { mostBuffered, dropped: server.destroyed };
}

async function subscriber() {
  const { api, tokens } = await registerOverRest(t.server.url);
  const session = (await api.post('/sessions', { title: 'Flooded' })).body;
  return { session, token: tokens.accessToken, userId: tokens.user.id as string };
}

const held = (userId: string) => t.app.subscriptionSlots.open(userId);

describe('a stream client that never reads', () => {
  it('is dropped by the plain SSE route before it holds more than the limit', async () => {
    const { session, token, userId } = await subscriber();
    const { client, server } = await unreadGet(`/sse/sessions/${session.id}/stream`, {
      authorization: `Bearer ${token}`,
    });
    await until(() => held(userId) === 1, 'the subscription');
    const { mostBuffered, dropped } = await flood(session.id, server);
    client.destroy();
    expect(dropped).toBe(true);
    expect(mostBuffered).toBeLessThanOrEqual(LIMIT + 2 * EVENT_BYTES);
    await until(() => held(userId) === 0, 'the slot to be freed');
  });

  it("is dropped by tRPC's SSE (httpSubscriptionLink) before it holds more than the limit", async () => {
    const { session, token, userId } = await subscriber();
    const input = encodeURIComponent(JSON.stringify({ json: { sessionId: session.id } }));
    const { client, server } = await unreadGet(`/trpc/messages.onEvent?input=${input}`, {
      authorization: `Bearer ${token}`,
      accept: 'text/event-stream',
    });
    await until(() => held(userId) === 1, 'the subscription');
    const { mostBuffered, dropped } = await flood(session.id, server);
    client.destroy();
    expect(dropped).toBe(true);
    expect(mostBuffered).toBeLessThanOrEqual(LIMIT + 2 * EVENT_BYTES);
    await until(() => held(userId) === 0, 'the slot to be freed');
  });

  it('is dropped by the WebSocket transport before it holds more than the limit', async () => {
    const { session, token, userId } = await subscriber();
    const client = new WebSocket(t.trpcUrl.replace('http', 'ws'), {
      headers: { authorization: `Bearer ${token}` },
    });
    await new Promise((resolve) => client.once('open', resolve));
    client.send(
      JSON.stringify({
        id: 1,
        method: 'subscription',
        params: { path: 'messages.onEvent', input: { json: { sessionId: session.id } } },
      }),
    );
    client.pause();
    const server = await serverEndOf(
      (client as unknown as { _socket: net.Socket })._socket.localPort!,
    );
    await until(() => held(userId) === 1, 'the subscription');
    const { mostBuffered, dropped } = await flood(session.id, server);
    client.terminate();
    expect(dropped).toBe(true);
    expect(mostBuffered).toBeLessThanOrEqual(LIMIT + 2 * EVENT_BYTES);
    await until(() => held(userId) === 0, 'the slot to be freed');
  });
});
