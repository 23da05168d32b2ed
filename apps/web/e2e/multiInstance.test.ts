import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import {
  applyChatEvent,
  createChatClient,
  createChatSession,
  emptyConversation,
  type ChatClient,
  type ChatEvent,
} from '@chatbot/client';
import { environmentWith, readTestEnvironment } from '@chatbot/config';
import { createTestPostgres, spawnTypeScript, type TestPostgres } from '@chatbot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from './webServer';

const { databaseUrl, redisUrl } = readTestEnvironment();
const enabled = Boolean(databaseUrl && redisUrl);
const serverEntry = path.resolve(import.meta.dirname, '../../server/src/main.ts');

let fake: FakeOpenAI;
let postgres: TestPostgres;
let web: WebServer;
const servers: { child: ChildProcessWithoutNullStreams; trpcUrl: string }[] = [];
let shared: Record<string, string>;

async function startServerProcess() {
  const child = spawnTypeScript(serverEntry, [], {
    env: environmentWith({
      ...shared,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
    }),
  });
  for await (const line of readline.createInterface({ input: child.stdout })) {
    const url = (JSON.parse(line) as { url?: string }).url;
    if (url) {
      const server = { child, trpcUrl: `${url}/trpc` };
      servers.push(server);
      return server;
    }
  }
  throw new Error('server exited before listening');
}

beforeAll(async () => {
  if (!enabled) return;
  fake = await startFakeOpenAI();
  postgres = await createTestPostgres(databaseUrl!);
  shared = {
    DATABASE_URL: postgres.url,
    REDIS_URL: redisUrl!,
    REDIS_PREFIX: `multi-${randomUUID()}:`,
    OPENAI_BASE_URL: fake.url,
    OPENAI_MODELS: 'fake-model',
    JWT_SECRET: 'multi-instance-jwt-secret-abcdefghijklmnopqrstu',
    AUTH_SECRET: 'multi-instance-auth-secret-abcdefghijklmnopqrst',
  };
  web = await startWebServer(shared); // migrates the database, as the deployment step does
  await startServerProcess();
  await startServerProcess();
});
afterAll(async () => {
  for (const server of servers) server.child.kill('SIGTERM');
  await web?.stop();
  await postgres?.drop();
  await fake?.close();
});

function collect(client: ChatClient, sessionId: string, done: (event: ChatEvent) => boolean) {
  const events: { id: string; data: ChatEvent }[] = [];
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const finished = new Promise<typeof events>((resolve, reject) => {
    const subscription = client.messages.onEvent.subscribe(
      { sessionId },
      {
        onStarted: () => started(),
        onData: (event) => {
          events.push(event);
          if (done(event.data)) {
            subscription.unsubscribe();
            resolve(events);
          }
        },
        onError: reject,
      },
    );
  });
  return { ready: ready.then(() => new Promise((resolve) => setTimeout(resolve, 100))), finished };
}

describe.runIf(enabled)('two server instances and a web instance on PostgreSQL + Redis', () => {
  it('a message sent through A streams identically to a WebSocket subscriber on B and an SSE subscriber on the web instance', async () => {
    const [a, b] = servers as [(typeof servers)[number], (typeof servers)[number]];
    const chat = createChatSession({ url: a.trpcUrl });
    const user = await chat.register({
      email: `multi-${Date.now()}@example.com`,
      password: 'a long password',
    });
    expect(user.id).toBeTruthy();
    const session = await chat.client.sessions.create.mutate({ title: 'Everywhere' });
    const pair = await createChatClient({ url: b.trpcUrl }).auth.login.mutate({
      email: user.email,
      password: 'a long password',
    });
    const onB = createChatClient({ url: b.trpcUrl, transport: 'ws', token: pair.accessToken });
    const onWeb = createChatClient({
      url: `${web.url}/api/trpc`,
      transport: 'sse',
      token: pair.accessToken,
    });

    const words = Array.from({ length: 25 }, (_, index) => `m${index} `);
    fake.enqueue({ chunks: words, chunkDelayMs: 10 });
    let assistantId: string | undefined;
    const isEnd = (event: ChatEvent) =>
      event.type === 'message:done' && event.messageId === assistantId;
    const viaB = collect(onB, session.id, isEnd);
    const viaWeb = collect(onWeb, session.id, isEnd);
    await Promise.all([viaB.ready, viaWeb.ready]);
    assistantId = (
      await chat.client.messages.send.mutate({ sessionId: session.id, content: 'hello all' })
    ).assistantMessage!.id;
    const [fromB, fromWeb] = await Promise.all([viaB.finished, viaWeb.finished]);

    expect(fromWeb).toEqual(fromB);
    let conversation = emptyConversation();
    for (const event of fromB) conversation = applyChatEvent(conversation, event.data).conversation;
    expect(conversation.messages.find((message) => message.id === assistantId)?.content).toBe(
      words.join(''),
    );
    chat.close();
  });
});
