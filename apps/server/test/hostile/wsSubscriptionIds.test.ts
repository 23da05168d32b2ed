import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../harness';
import { registerOverRest } from '../rest/restClient';

/** Stream slots are freed exactly once, whatever a WebSocket client sends. */
const METRICS_TOKEN = 'metrics-token-for-the-subscription-id-suite';
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    MAX_SUBSCRIPTIONS_PER_USER: '20',
    STREAM_KEEPALIVE_MS: '1000',
    METRICS_TOKEN,
  });
});
afterAll(async () => {
  await t?.close();
});

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Reply {
  id: number | null;
  result?: { type: string };
  error?: { json: { message: string } };
}

/** A raw tRPC WebSocket client, sending frames as written. */
async function rawSocket(token: string) {
  const socket = new WebSocket(t.trpcUrl.replace('http', 'ws'), {
    headers: { authorization: `Bearer ${token}` },
  });
  const replies: Reply[] = [];
  socket.on('message', (data) => {
    const text = data.toString();
    if (text !== 'PING') replies.push(JSON.parse(text) as Reply);
  });
  await new Promise((resolve) => socket.once('open', resolve));
  const subscribe = (id: number, sessionId: string) =>
    socket.send(
      JSON.stringify({
        id,
        method: 'subscription',
        params: { path: 'messages.onEvent', input: { json: { sessionId } } },
      }),
    );
  const close = () =>
    new Promise((resolve) => {
      socket.once('close', resolve);
      socket.close();
    });
  return { socket, replies, subscribe, close };
}

const openGauge = async () => {
  const text = await (
    await fetch(`${t.server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    })
  ).text();
  return Number(/chatbot_open_subscriptions\{transport="ws"\} (\d+)/.exec(text)?.[1] ?? 0);
};

describe('duplicate subscription ids on one WebSocket', () => {
  it('hold no slot beyond the one stream that runs, and none after the disconnect', async () => {
    const { api, tokens } = await registerOverRest(t.server.url);
    const userId = tokens.user.id as string;
    const session = (await api.post('/sessions', { title: 'Ids' })).body;
    const held = () => t.app.subscriptionSlots.open(userId);

    const hostile = await rawSocket(tokens.accessToken);
    for (let frame = 0; frame < 20; frame += 1) hostile.subscribe(1, session.id);
    await until(() => hostile.replies.length >= 20, 'an answer to every frame');
    expect(hostile.replies.filter((reply) => reply.result?.type === 'started')).toHaveLength(1);
    expect(hostile.replies.filter((reply) => reply.error)).toHaveLength(19);
    // Connected still: the refused duplicates give their slots back; the running one keeps its.
    await until(() => held() === 1, 'the refused streams to free their slots');
    expect(await openGauge()).toBe(1);
    await hostile.close();
    await until(() => held() === 0, 'the disconnect to free the last slot');
    expect(await openGauge()).toBe(0);

    // The owner has every slot back.
    const owner = await rawSocket(tokens.accessToken);
    for (let id = 1; id <= 20; id += 1) owner.subscribe(id, session.id);
    await until(() => owner.replies.length >= 20, 'an answer to every subscription');
    expect(owner.replies.filter((reply) => reply.result?.type === 'started')).toHaveLength(20);
    expect(held()).toBe(20);
    expect(await openGauge()).toBe(20);
    await owner.close();
    await until(() => held() === 0, 'every slot to be freed');
    expect(await openGauge()).toBe(0);
  });
});
