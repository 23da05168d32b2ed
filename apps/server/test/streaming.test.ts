import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assembledText,
  collectEvents,
  endOf,
  sendAndCollect,
  sleep,
  type Received,
} from './events';
import { errorOf, startTestServer, type TestServer } from './harness';

let fake: FakeOpenAI;
let t: TestServer;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  t = await startTestServer({
    OPENAI_BASE_URL: fake.url,
    OPENAI_API_KEY: 'test-key',
    OPENAI_MODELS: 'fake-model',
  });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const chunks = (count: number, word = 'tok') =>
  Array.from({ length: count }, (_, index) => `${word}${index} `);
const types = (events: Received[]) => events.map((event) => event.data.type);

async function newChat(transport: 'sse' | 'ws' = 'sse') {
  const user = await t.signUp({ transport });
  const session = await user.client.sessions.create.mutate({ title: 'Streaming test' });
  return { ...user, session };
}

describe('a streamed reply', () => {
  it.each(['sse', 'ws'] as const)(
    'arrives over %s as new, stream…, update, done, matching the provider and the database',
    async (transport) => {
      const { client, session } = await newChat(transport);
      fake.enqueue({ chunks: ['Hello', ' wor', 'ld', ', how ', 'are you?'], chunkDelayMs: 25 });
      let assistantId: string | undefined;
      const events = collectEvents(client, session.id, { until: endOf(() => assistantId) });
      await events.ready;
      const sent = await client.messages.send.mutate({ sessionId: session.id, content: 'Hi!' });
      assistantId = sent.assistantMessage!.id;
      const received = await events.done;

      expect(types(received).slice(0, 2)).toEqual(['message:new', 'message:new']);
      expect(types(received).slice(-2)).toEqual(['message:update', 'message:done']);
      expect(
        types(received)
          .slice(2, -2)
          .every((type) => type === 'message:stream'),
      ).toBe(true);
      expect(
        types(received).filter((type) => type === 'message:stream').length,
      ).toBeGreaterThanOrEqual(2);
      expect(assembledText(received, assistantId)).toBe('Hello world, how are you?');
      const stored = await t.database.prisma.message.findUniqueOrThrow({
        where: { id: assistantId },
      });
      expect(stored).toMatchObject({
        content: 'Hello world, how are you?',
        status: 'complete',
        model: 'openai:fake-model',
      });
      expect(stored.completionTokens).toBe(5);
    },
  );

  it('sends the system prompt and the history to the model', async () => {
    const { client, session } = await newChat();
    await client.sessions.update.mutate({ id: session.id, systemPrompt: 'Answer in French.' });
    await client.messages.create.mutate({
      sessionId: session.id,
      role: 'assistant',
      content: 'Earlier answer',
    });
    const before = fake.requests.length;
    await sendAndCollect(client, session.id, 'Bonjour');
    expect(fake.requests[before]?.body.messages).toEqual([
      { role: 'system', content: 'Answer in French.' },
      { role: 'assistant', content: 'Earlier answer' },
      { role: 'user', content: 'Bonjour' },
    ]);
  });

  it('gives SSE and WebSocket subscribers identical event sequences', async () => {
    const owner = await t.signUp({ transport: 'sse' });
    const session = await owner.client.sessions.create.mutate({ title: 'Both transports' });
    const wsClient = (await t.signUp({ transport: 'ws', email: undefined })).client;
    // The WebSocket subscriber is the same user, signed in over the other transport.
    const sameUserWs = await (async () => {
      const pair = await t
        .anonymous()
        .auth.login.mutate({ email: owner.email, password: owner.password });
      const { createChatClient } = await import('@chatbot/client');
      return createChatClient({ url: t.trpcUrl, transport: 'ws', token: pair.accessToken });
    })();
    void wsClient;
    fake.enqueue({ chunks: chunks(20), chunkDelayMs: 5 });
    let assistantId: string | undefined;
    const overSse = collectEvents(owner.client, session.id, { until: endOf(() => assistantId) });
    const overWs = collectEvents(sameUserWs, session.id, { until: endOf(() => assistantId) });
    await Promise.all([overSse.ready, overWs.ready]);
    assistantId = (
      await owner.client.messages.send.mutate({ sessionId: session.id, content: 'go' })
    ).assistantMessage!.id;
    const [sse, ws] = await Promise.all([overSse.done, overWs.done]);
    expect(ws).toEqual(sse);
    expect(assembledText(sse, assistantId)).toBe(chunks(20).join(''));
  });

  it.each(['sse', 'ws'] as const)(
    'resumes over %s after a disconnect with no gap and no duplicate',
    async (transport) => {
      const { client, session } = await newChat(transport);
      fake.enqueue({ chunks: chunks(30), chunkDelayMs: 20 });
      let assistantId: string | undefined;
      const witness = collectEvents(client, session.id, { until: endOf(() => assistantId) });
      const first = collectEvents(client, session.id, {
        until: (event, all) => event.data.type === 'message:stream' && all.length >= 6,
      });
      await Promise.all([witness.ready, first.ready]);
      assistantId = (
        await client.messages.send.mutate({ sessionId: session.id, content: 'long one' })
      ).assistantMessage!.id;
      const beforeDrop = await first.done;
      await sleep(150); // events keep coming while this client is away
      const resumed = collectEvents(client, session.id, {
        lastEventId: beforeDrop.at(-1)!.id,
        until: endOf(() => assistantId),
      });
      const afterReconnect = await resumed.done;
      const all = await witness.done;

      expect([...beforeDrop, ...afterReconnect].map((event) => event.id)).toEqual(
        all.map((event) => event.id),
      );
      expect(assembledText([...beforeDrop, ...afterReconnect], assistantId)).toBe(
        chunks(30).join(''),
      );
    },
  );

  it('replays a reply in progress to a new subscriber, so a reload resumes the text', async () => {
    const { client, session } = await newChat();
    fake.enqueue({ chunks: chunks(25), chunkDelayMs: 20 });
    const sent = await client.messages.send.mutate({ sessionId: session.id, content: 'reload me' });
    const assistantId = sent.assistantMessage!.id;
    await sleep(200);
    const late = collectEvents(client, session.id, { until: endOf(() => assistantId) });
    const received = await late.done;
    expect(received[0]?.data).toMatchObject({ type: 'message:new', message: { id: assistantId } });
    expect(assembledText(received, assistantId)).toBe(chunks(25).join(''));
  });
});

describe('cancel, failures and retries', () => {
  it('cancel mid-stream keeps the partial text, marks it cancelled and aborts the provider request', async () => {
    const { client, session } = await newChat();
    fake.enqueue({ chunks: chunks(200), chunkDelayMs: 30 });
    let assistantId: string | undefined;
    const events = collectEvents(client, session.id, {
      until: (event, all) =>
        endOf(() => assistantId)(event) ||
        (assistantId !== undefined &&
          all.filter((e) => e.data.type === 'message:stream').length === 3),
    });
    await events.ready;
    const before = fake.requests.length;
    assistantId = (await client.messages.send.mutate({ sessionId: session.id, content: 'stop me' }))
      .assistantMessage!.id;
    await events.done;
    const cancelled = await client.messages.cancel.mutate({ messageId: assistantId });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.content.length).toBeGreaterThan(0);
    expect(chunks(200).join('').startsWith(cancelled.content)).toBe(true);
    expect(cancelled.content).not.toBe(chunks(200).join(''));
    await sleep(50);
    expect(fake.requests[before]?.aborted).toBe(true);
    // Cancelling again is harmless.
    expect((await client.messages.cancel.mutate({ messageId: assistantId })).status).toBe(
      'cancelled',
    );
  });

  it('retries a 429 and completes', async () => {
    const { client, session } = await newChat();
    fake.enqueue(
      { status: 429, headers: { 'retry-after': '0' } },
      { chunks: ['after ', 'a retry'] },
    );
    const { assistantId, received } = await sendAndCollect(client, session.id, 'x');
    expect(received.at(-1)?.data.type).toBe('message:done');
    expect(assembledText(received, assistantId)).toBe('after a retry');
  });

  it('a 500 that outlasts the retries ends the reply with status error; the app keeps serving', async () => {
    const { client, session } = await newChat();
    fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const { assistantId, received } = await sendAndCollect(client, session.id, 'x');
    expect(received.at(-1)?.data).toEqual({
      type: 'message:error',
      messageId: assistantId,
      error: expect.stringContaining('answered 500'),
    });
    const stored = await t.database.prisma.message.findUniqueOrThrow({
      where: { id: assistantId },
    });
    expect(stored).toMatchObject({ status: 'error', content: '' });
    expect(stored.error).toContain('answered 500');

    fake.enqueue({ chunks: ['fine ', 'again'] });
    let nextId: string | undefined;
    const next = collectEvents(client, session.id, { until: endOf(() => nextId) });
    await next.ready;
    nextId = (await client.messages.send.mutate({ sessionId: session.id, content: 'y' }))
      .assistantMessage!.id;
    expect(assembledText(await next.done, nextId)).toBe('fine again');
  });

  it('a stream dropped mid-way keeps the partial text with status error', async () => {
    const { client, session } = await newChat();
    fake.enqueue({ chunks: chunks(10), chunkDelayMs: 20, dropAfterChunks: 4 });
    const { assistantId, received } = await sendAndCollect(client, session.id, 'x');
    expect(received.at(-1)?.data.type).toBe('message:error');
    const stored = await t.database.prisma.message.findUniqueOrThrow({
      where: { id: assistantId },
    });
    expect(stored.status).toBe('error');
    expect(stored.content).toBe(chunks(4).join(''));
    expect(assembledText(received, assistantId)).toBe(stored.content);
  });

  it('a configuration error (401) is stored as the reply error', async () => {
    const { client, session } = await newChat();
    fake.enqueue({ status: 401 });
    const { assistantId } = await sendAndCollect(client, session.id, 'x');
    const stored = await t.database.prisma.message.findUniqueOrThrow({
      where: { id: assistantId },
    });
    expect(stored.error).toMatch(/rejected the request \(401\): check its API key/);
  });
});

describe('regenerate, edit and delete', () => {
  async function exchange(
    client: TestServer['anonymous'] extends () => infer C ? C : never,
    sessionId: string,
    content: string,
  ) {
    let assistantId: string | undefined;
    const events = collectEvents(client, sessionId, { until: endOf(() => assistantId) });
    await events.ready;
    assistantId = (await client.messages.send.mutate({ sessionId, content })).assistantMessage!.id;
    await events.done;
    return assistantId;
  }

  it('regenerate adds a new version of the reply and keeps the old one', async () => {
    const { client, session } = await newChat();
    const firstReply = await exchange(client, session.id, 'question');
    let newId: string | undefined;
    const events = collectEvents(client, session.id, { until: endOf(() => newId) });
    await events.ready;
    fake.enqueue({ chunks: ['another ', 'answer'] });
    const placeholder = await client.messages.regenerate.mutate({ messageId: firstReply });
    newId = placeholder.id;
    const received = await events.done;
    expect(types(received).slice(0, 2)).toEqual(['message:new', 'session:branch']);
    expect(types(received)).not.toContain('message:delete');
    const list = await client.messages.list.query({ sessionId: session.id });
    expect(list.items.map((message) => [message.role, message.content])).toEqual([
      ['user', 'question'],
      ['assistant', 'another answer'],
    ]);
    expect(list.items[1]?.id).toBe(newId);
    expect(list.items[1]?.siblingIds).toEqual([firstReply, newId]);
    expect(
      await errorOf(client.messages.regenerate.mutate({ messageId: list.items[0]!.id })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'messageId',
    });
  });

  it('edit-and-resend adds a new version of the user message; the old branch stays', async () => {
    const { client, session } = await newChat();
    await exchange(client, session.id, 'first question');
    await exchange(client, session.id, 'second question');
    const [firstUser] = (await client.messages.list.query({ sessionId: session.id })).items;
    let newId: string | undefined;
    const events = collectEvents(client, session.id, { until: endOf(() => newId) });
    await events.ready;
    newId = (
      await client.messages.edit.mutate({ messageId: firstUser!.id, content: 'edited question' })
    ).id;
    const received = await events.done;
    expect(types(received).slice(0, 3)).toEqual(['message:new', 'message:new', 'session:branch']);
    const list = await client.messages.list.query({ sessionId: session.id });
    expect(list.items.map((message) => [message.role, message.content])).toEqual([
      ['user', 'edited question'],
      ['assistant', 'Fake reply to: edited question'],
    ]);
    expect(list.items[0]?.siblingIds).toEqual([firstUser!.id, list.items[0]!.id]);
  });

  it('deleting a session cancels its reply and tells subscribers', async () => {
    const { client, session } = await newChat();
    fake.enqueue({ chunks: chunks(50), chunkDelayMs: 30 });
    const events = collectEvents(client, session.id, {
      until: (event) => event.data.type === 'session:delete',
    });
    await events.ready;
    const before = fake.requests.length;
    await client.messages.send.mutate({ sessionId: session.id, content: 'x' });
    await fake.waitForRequests(before + 1);
    await sleep(100);
    await client.sessions.delete.mutate({ id: session.id });
    const received = await events.done;
    expect(received.at(-1)?.data).toEqual({ type: 'session:delete', sessionId: session.id });
    await sleep(50);
    expect(fake.requests[before]?.aborted).toBe(true);
  });
});

describe('auto-title and access', () => {
  it('titles an untitled chat after the first exchange and announces it', async () => {
    const user = await t.signUp();
    const session = await user.client.sessions.create.mutate();
    fake.enqueue({ chunks: ['Sure, ', 'here.'] }, { chunks: ['"Weekend ', 'trip ideas"'] });
    const events = collectEvents(user.client, session.id, {
      until: (event) => event.data.type === 'session:update',
    });
    await events.ready;
    await user.client.messages.send.mutate({
      sessionId: session.id,
      content: 'Ideas for a weekend trip?',
    });
    const received = await events.done;
    expect(received.at(-1)?.data).toMatchObject({
      type: 'session:update',
      session: { id: session.id, title: 'Weekend trip ideas' },
    });
    expect((await user.client.sessions.get.query({ id: session.id })).title).toBe(
      'Weekend trip ideas',
    );
  });

  it('another user cannot subscribe to the session', async () => {
    const { session } = await newChat();
    const intruder = await t.signUp();
    const subscription = collectEvents(intruder.client, session.id, {
      until: () => true,
      timeoutMs: 5_000,
    });
    await expect(subscription.done).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
  });
});
