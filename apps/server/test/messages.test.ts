import type { ChatClient } from '@chatbot/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembledText, collectEvents } from './events';
import { errorOf, startTestServer, type TestServer } from './harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

/** Wait until the session has no reply in progress, and return its messages. */
async function settled(client: ChatClient, sessionId: string) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const page = await client.messages.list.query({ sessionId, limit: 200 });
    if (page.items.every((message) => message.status !== 'streaming')) return page.items;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('reply did not finish');
}

describe('messages', () => {
  it('send stores the user message and a streaming placeholder, then the echo reply completes', async () => {
    const { client } = await t.signUp();
    const session = await client.sessions.create.mutate();
    const result = await client.messages.send.mutate({
      sessionId: session.id,
      content: 'Hello there',
    });
    expect(result.userMessage).toMatchObject({
      role: 'user',
      content: 'Hello there',
      status: 'complete',
    });
    expect(result.assistantMessage).toMatchObject({
      role: 'assistant',
      content: '',
      status: 'streaming',
      model: 'echo',
    });

    const messages = await settled(client, session.id);
    expect(messages.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    expect(messages[1]?.content).toMatch(/^I am the echo model.*You said: Hello there$/);
    expect(messages[1]?.completionTokens).toBeGreaterThan(0);
    expect(
      (await client.sessions.get.query({ id: session.id })).lastMessageAt.getTime(),
    ).toBeGreaterThanOrEqual(result.userMessage.createdAt.getTime());
  });

  it('a second send while a reply streams is a CONFLICT, and nothing is stored for it', async () => {
    const { client } = await t.signUp();
    const session = await client.sessions.create.mutate();
    await client.messages.send.mutate({ sessionId: session.id, content: 'first' });
    const error = await errorOf(
      client.messages.send.mutate({ sessionId: session.id, content: 'second' }),
    );
    expect(error).toMatchObject({ code: 'CONFLICT', field: 'sessionId' });
    expect(error.message).toMatch(/still being generated/);
    const messages = await settled(client, session.id);
    expect(messages.map((message) => message.content.slice(0, 5))).toEqual(['first', 'I am ']);
  });

  it('a repeated clientId returns the first result instead of storing a second message', async () => {
    const { client } = await t.signUp();
    const session = await client.sessions.create.mutate();
    const input = { sessionId: session.id, content: 'only once', clientId: 'retry-123' };
    const first = await client.messages.send.mutate(input);
    const [again, concurrent] = await Promise.all([
      client.messages.send.mutate(input),
      client.messages.send.mutate(input),
    ]);
    expect(again.userMessage.id).toBe(first.userMessage.id);
    expect(again.assistantMessage?.id).toBe(first.assistantMessage?.id);
    expect(concurrent.userMessage.id).toBe(first.userMessage.id);
    await settled(client, session.id);
    expect(await t.database.prisma.message.count({ where: { sessionId: session.id } })).toBe(2);
  });

  it('create with role assistant stores it as given; with role user it starts the reply', async () => {
    const { client } = await t.signUp();
    const session = await client.sessions.create.mutate();
    const stored = await client.messages.create.mutate({
      sessionId: session.id,
      role: 'assistant',
      content: 'Imported',
    });
    expect(stored).toMatchObject({ role: 'assistant', status: 'complete', content: 'Imported' });
    const user = await client.messages.create.mutate({
      sessionId: session.id,
      role: 'user',
      content: 'Question',
    });
    expect(user).toMatchObject({ role: 'user', content: 'Question' });
    const messages = await settled(client, session.id);
    expect(messages.map((message) => message.role)).toEqual(['assistant', 'user', 'assistant']);
  });

  it('lists history by cursor: newest page first, chronological inside each page', async () => {
    const { client } = await t.signUp();
    const session = await client.sessions.create.mutate();
    for (let index = 0; index < 7; index += 1) {
      await client.messages.create.mutate({
        sessionId: session.id,
        role: 'assistant',
        content: `m${index}`,
      });
    }
    const newest = await client.messages.list.query({ sessionId: session.id, limit: 3 });
    expect(newest.items.map((message) => message.content)).toEqual(['m4', 'm5', 'm6']);
    const older = await client.messages.list.query({
      sessionId: session.id,
      limit: 3,
      cursor: newest.nextCursor!,
    });
    expect(older.items.map((message) => message.content)).toEqual(['m1', 'm2', 'm3']);
    const oldest = await client.messages.list.query({
      sessionId: session.id,
      limit: 3,
      cursor: older.nextCursor!,
    });
    expect(oldest).toMatchObject({
      items: [expect.objectContaining({ content: 'm0' })],
      nextCursor: null,
    });
  });

  it.each([
    ['empty content', { content: '' }, 'content'],
    ['whitespace content', { content: ' \n ' }, 'content'],
    ['oversized content', { content: 'x'.repeat(100_001) }, 'content'],
    ['a malformed clientId', { content: 'hi', clientId: 'has spaces' }, 'clientId'],
  ])('send refuses %s', async (_label, input, field) => {
    const { client } = await t.signUp();
    const session = await client.sessions.create.mutate();
    expect(
      await errorOf(client.messages.send.mutate({ sessionId: session.id, ...input })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      field,
    });
    expect(await t.database.prisma.message.count({ where: { sessionId: session.id } })).toBe(0);
  });

  it('refuses unknown sessions and cursors with NOT_FOUND', async () => {
    const { client } = await t.signUp();
    const missing = 'cnotthereatall0000000000';
    expect(
      await errorOf(client.messages.send.mutate({ sessionId: missing, content: 'x' })),
    ).toMatchObject({
      code: 'NOT_FOUND',
      field: 'sessionId',
    });
    const session = await client.sessions.create.mutate();
    expect(
      await errorOf(client.messages.list.query({ sessionId: session.id, cursor: missing })),
    ).toMatchObject({
      code: 'NOT_FOUND',
      field: 'cursor',
    });
  });
});

describe('the echo model', () => {
  it('streams its reply word by word, says what it is, and titles the chat from the first words', async () => {
    const { client } = await t.signUp();
    const session = await client.sessions.create.mutate();
    const events = collectEvents(client, session.id, {
      until: (event) => event.data.type === 'session:update',
    });
    await events.ready;
    const assistantId = (
      await client.messages.send.mutate({
        sessionId: session.id,
        content: 'Plan a picnic for six people please',
      })
    ).assistantMessage!.id;
    const received = await events.done;
    const text = assembledText(received, assistantId);
    expect(text).toBe(
      'I am the echo model: no AI provider is configured, so I repeat what you said. You said: Plan a picnic for six people please',
    );
    expect(received.filter((event) => event.data.type === 'message:stream').length).toBeGreaterThan(
      3,
    );
    expect(received.at(-1)?.data).toMatchObject({
      type: 'session:update',
      session: { title: 'Plan a picnic for six people' },
    });
  });
});

describe('models and health', () => {
  it('lists just the echo model when no provider is configured', async () => {
    const { client } = await t.signUp();
    expect(await client.models.list.query()).toEqual([
      { id: 'echo', provider: 'echo', api: 'echo', label: 'echo', isDefault: true, vision: true },
    ]);
  });

  it('health.check reports the database', async () => {
    expect(await t.anonymous().health.check.query()).toEqual({ status: 'ok', database: 'ok' });
  });
});
