import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import { readTestEnvironment } from '@chatbot/config';
import { createDatabase, type Database } from '@chatbot/db';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { chatSocket, chunks, doneOf, fakeProviderEnv, userWithSession } from './compatClients';

const { databaseUrl, redisUrl } = readTestEnvironment();
const enabled = Boolean(databaseUrl && redisUrl);

let fake: FakeOpenAI;
let a: TestServer;
let b: TestServer;
let bDatabase: Database;

beforeAll(async () => {
  if (!enabled) return;
  fake = await startFakeOpenAI();
  const env = { ...fakeProviderEnv(fake), REDIS_URL: redisUrl! };
  const redisPrefix = `compat:${randomUUID()}:`;
  a = await startTestServer(env, { redisPrefix });
  // Instance B: its own process state and database connection, the same PostgreSQL and Redis.
  bDatabase = await createDatabase({ kind: 'postgres', url: a.database.url! });
  b = await startTestServer(env, {
    redisPrefix,
    database: Object.assign(bDatabase, { label: 'postgres' }),
  });
});
afterAll(async () => {
  await b?.close();
  await bDatabase?.close();
  await a?.close();
  await fake?.close();
});

describe.skipIf(!enabled)('Socket.IO across instances (PostgreSQL + Redis)', () => {
  it('a message sent on A reaches a socket on B, reply and all', async () => {
    const { client, session, token } = await userWithSession(a);
    const onB = chatSocket(b.server.url, { token });
    await onB.connected();
    expect(await onB.join(session.id)).toMatchObject({ ok: true });
    fake.enqueue({ chunks: chunks(10), chunkDelayMs: 10 });
    let assistantId: string | undefined;
    const done = onB.next(doneOf(() => assistantId));
    assistantId = (await client.messages.send.mutate({ sessionId: session.id, content: 'hi' }))
      .assistantMessage!.id;
    await done;
    onB.close();
    const deltas = onB.received
      .filter((event) => event.name === 'message:stream')
      .map((event) => event.payload.delta as string)
      .join('');
    const stored = await b.database.prisma.message.findUniqueOrThrow({
      where: { id: assistantId },
    });
    expect(stored.content).toBe(chunks(10).join(''));
    expect(deltas).toBe(stored.content);
    expect(onB.received.filter((event) => event.name === 'message:new')).toHaveLength(2);
  });

  it('relays typing from a socket on A to the room on B, not back to its sender', async () => {
    const { session, token } = await userWithSession(a);
    const onA = chatSocket(a.server.url, { token });
    const onB = chatSocket(b.server.url, { token });
    await Promise.all([onA.connected(), onB.connected()]);
    await onA.join(session.id);
    await onB.join(session.id);
    const relayed = onB.next((event) => event.name === 'typing');
    onA.socket.emit('typing', { sessionId: session.id, typing: true });
    await relayed;
    expect(onB.received.filter((event) => event.name === 'typing')).toEqual([
      { name: 'typing', payload: { sessionId: session.id, typing: true } },
    ]);
    expect(onA.received.some((event) => event.name === 'typing')).toBe(false);
    onA.close();
    onB.close();
  });
});
