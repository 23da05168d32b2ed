import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import {
  chatSocket,
  chunks,
  doneOf,
  fakeProviderEnv,
  userWithSession,
  type SocketEvent,
} from './compatClients';

let fake: FakeOpenAI;
let t: TestServer;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  t = await startTestServer({
    ...fakeProviderEnv(fake),
    CORS_ORIGINS: 'https://app.example',
    MAX_SUBSCRIPTIONS_PER_USER: '3',
  });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const FOUR = ['message:new', 'message:stream', 'message:update', 'message:done'];
const deltasOf = (events: SocketEvent[], messageId: string) =>
  events
    .filter((event) => event.name === 'message:stream' && event.payload.messageId === messageId)
    .map((event) => event.payload.delta as string)
    .join('');
const storedReply = (id: string) => t.database.prisma.message.findUniqueOrThrow({ where: { id } });

describe('Socket.IO /chat', () => {
  it('join, then message:new ×2, message:stream…, message:update, message:done as plain payloads', async () => {
    const { client, session, token } = await userWithSession(t);
    const chat = chatSocket(t.server.url, { token });
    await chat.connected();
    expect(await chat.join(session.id)).toMatchObject({ ok: true });
    fake.enqueue({ chunks: ['Hello', ' wor', 'ld', ', how ', 'are you?'], chunkDelayMs: 10 });
    let assistantId: string | undefined;
    const done = chat.next(doneOf(() => assistantId));
    const sent = await client.messages.send.mutate({ sessionId: session.id, content: 'Hi!' });
    assistantId = sent.assistantMessage!.id;
    await done;
    chat.close();

    const ours = chat.received.filter((event) => FOUR.includes(event.name));
    const runs = ours.map((event) => event.name).filter((name, i, all) => name !== all[i - 1]);
    expect(runs).toEqual(FOUR);
    const [userNew, replyNew] = ours;
    expect(userNew!.payload).toMatchObject({
      id: sent.userMessage.id,
      sessionId: session.id,
      role: 'user',
      content: 'Hi!',
    });
    expect(userNew!.payload.createdAt).toBeDefined();
    expect(userNew!.payload.type).toBeUndefined();
    expect(replyNew!.payload).toMatchObject({ id: assistantId, role: 'assistant', content: '' });
    const stored = await storedReply(assistantId);
    expect(stored.content).toBe('Hello world, how are you?');
    expect(deltasOf(ours, assistantId)).toBe(stored.content);
    const update = ours.find((event) => event.name === 'message:update')!;
    expect(update.payload).toMatchObject({ id: assistantId, content: stored.content });
    expect(ours.at(-1)!.payload).toMatchObject({ messageId: assistantId });
    // Every event says where it is in the log, to resume from.
    for (const event of ours) expect(event.payload.eventId).toEqual(expect.any(String));
  });

  it("refuses a stranger's join with an error ack and an exception, and sends it nothing", async () => {
    const owner = await userWithSession(t);
    const stranger = await userWithSession(t);
    const spy = chatSocket(t.server.url, { token: stranger.token });
    await spy.connected();
    expect(await spy.join(owner.session.id)).toEqual({ ok: false, error: 'Session not found' });

    const watcher = chatSocket(t.server.url, { token: owner.token });
    await watcher.connected();
    await watcher.join(owner.session.id);
    fake.enqueue({ chunks: chunks(5), chunkDelayMs: 5 });
    let assistantId: string | undefined;
    const done = watcher.next(doneOf(() => assistantId));
    assistantId = (
      await owner.client.messages.send.mutate({ sessionId: owner.session.id, content: 'x' })
    ).assistantMessage!.id;
    await done;
    spy.close();
    watcher.close();
    expect(spy.received.map((event) => event.name)).toEqual(['exception']);
    expect(spy.received[0]!.payload).toMatchObject({ message: 'Session not found' });
  });

  it('refuses anonymous sockets, bad tokens and refresh tokens at the handshake', async () => {
    const { tokens } = await userWithSession(t);
    expect(await chatSocket(t.server.url, {}).refused()).toBe('Unauthorized');
    expect(await chatSocket(t.server.url, { token: 'not-a-token' }).refused()).toBe('Unauthorized');
    expect(await chatSocket(t.server.url, { token: tokens.refreshToken }).refused()).toBe(
      'Unauthorized',
    );
  });

  it('accepts the token as a Bearer header or ?token=', async () => {
    const { session, token } = await userWithSession(t);
    const byHeader = chatSocket(t.server.url, {
      extraHeaders: { authorization: `Bearer ${token}` },
    });
    const byQuery = chatSocket(t.server.url, { query: { token } });
    await Promise.all([byHeader.connected(), byQuery.connected()]);
    expect(await byHeader.join(session.id)).toMatchObject({ ok: true });
    expect(await byQuery.join(session.id)).toMatchObject({ ok: true });
    byHeader.close();
    byQuery.close();
  });

  it("follows the server's CORS rule in the handshake", async () => {
    const { token } = await userWithSession(t);
    const allowed = chatSocket(t.server.url, {
      token,
      extraHeaders: { origin: 'https://app.example' },
    });
    await allowed.connected();
    allowed.close();
    const refused = chatSocket(t.server.url, {
      token,
      extraHeaders: { origin: 'https://evil.example' },
    });
    await refused.refused();
  });

  it('relays typing to the rest of the room only', async () => {
    const { session, token } = await userWithSession(t);
    const one = chatSocket(t.server.url, { token });
    const two = chatSocket(t.server.url, { token });
    const outsider = chatSocket(t.server.url, { token });
    await Promise.all([one.connected(), two.connected(), outsider.connected()]);
    await one.join(session.id);
    await two.join(session.id);
    const relayed = two.next((event) => event.name === 'typing');
    // Not joined: ignored.
    outsider.socket.emit('typing', { sessionId: session.id, typing: true });
    one.socket.emit('typing', { sessionId: session.id, typing: true });
    await relayed;
    expect(two.received.filter((event) => event.name === 'typing')).toEqual([
      { name: 'typing', payload: { sessionId: session.id, typing: true } },
    ]);
    expect(one.received.some((event) => event.name === 'typing')).toBe(false);
    for (const socket of [one, two, outsider]) socket.close();
  });

  it('resumes after a disconnect with lastEventId: no event twice, none missing', async () => {
    const { client, session, token } = await userWithSession(t);
    const first = chatSocket(t.server.url, { token });
    await first.connected();
    await first.join(session.id);
    fake.enqueue({ chunks: chunks(30), chunkDelayMs: 15 });
    const someDeltas = first.next(
      () => first.received.filter((event) => event.name === 'message:stream').length >= 3,
    );
    const assistantId = (
      await client.messages.send.mutate({ sessionId: session.id, content: 'go' })
    ).assistantMessage!.id;
    await someDeltas;
    first.close();
    // Resume from the first delta, as a client that saw only that much would. (Its last event
    // will not do: on a busy machine the whole reply, done included, can arrive in one read.)
    const firstDelta = first.received.findIndex((event) => event.name === 'message:stream');
    const before = first.received.slice(0, firstDelta + 1);
    const lastEventId = before.at(-1)!.payload.eventId as string;

    const second = chatSocket(t.server.url, { token });
    await second.connected();
    const done = second.next(doneOf(() => assistantId));
    expect(await second.join(session.id, lastEventId)).toMatchObject({ ok: true });
    await done;
    second.close();

    const all = [...before, ...second.received];
    const ids = all.map((event) => event.payload.eventId as string);
    expect(new Set(ids).size).toBe(ids.length);
    const stored = await storedReply(assistantId);
    expect(stored.content).toBe(chunks(30).join(''));
    expect(deltasOf(all, assistantId)).toBe(stored.content);
    expect(second.received.some((event) => event.name === 'message:done')).toBe(true);
  });

  it('frees the stream slot on leave and on disconnect', async () => {
    const { session, token } = await userWithSession(t);
    const max = t.config.streaming.maxSubscriptionsPerUser;
    const sockets = Array.from({ length: max + 1 }, () => chatSocket(t.server.url, { token }));
    await Promise.all(sockets.map((socket) => socket.connected()));
    for (const socket of sockets.slice(0, max)) {
      expect(await socket.join(session.id)).toMatchObject({ ok: true });
    }
    const extra = sockets.at(-1)!;
    expect(await extra.join(session.id)).toMatchObject({ ok: false });
    await sockets[0]!.socket.emitWithAck('leave', { sessionId: session.id });
    sockets[1]!.close();
    // Released as the server notices; a join succeeds once both slots are back.
    let answer = await extra.join(session.id);
    for (let tries = 0; !answer.ok && tries < 100; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      answer = await extra.join(session.id);
    }
    expect(answer).toMatchObject({ ok: true });
    for (const socket of sockets) socket.close();
  });
});
