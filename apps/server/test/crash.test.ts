import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import { createChatSession } from '@chatbot/client';
import { environmentWith, readTestEnvironment } from '@chatbot/config';
import { createTestPostgres, spawnTypeScript, type TestPostgres } from '@chatbot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from './events';

const entry = path.join(import.meta.dirname, '../src/main.ts');
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-crash-'));
let fake: FakeOpenAI;
let postgres: TestPostgres | undefined;
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI();
  const serverUrl = readTestEnvironment().databaseUrl;
  if (serverUrl) postgres = await createTestPostgres(serverUrl);
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await fake?.close();
  await postgres?.drop();
  fs.rmSync(folder, { recursive: true, force: true });
});

async function startServer() {
  const child = spawnTypeScript(entry, [], {
    env: environmentWith({
      DATA_DIR: folder,
      DATABASE_URL: postgres?.url ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      OPENAI_BASE_URL: fake.url,
      OPENAI_MODELS: 'fake-model',
      CHECKPOINT_INTERVAL_MS: '200',
    }),
  });
  children.push(child);
  for await (const line of readline.createInterface({ input: child.stdout })) {
    const url = (JSON.parse(line) as { url?: string }).url;
    if (url) return { child, trpcUrl: `${url}/trpc` };
  }
  throw new Error('server exited before listening');
}

describe('a server killed mid-stream', () => {
  it('comes back with the reply marked interrupted, keeping the text up to the last checkpoint', async () => {
    if (postgres) {
      // PostgreSQL is migrated by `pnpm db:migrate` in production; do it here the same way.
      const { applyMigrations } = await import('@chatbot/db/migrate');
      await applyMigrations({ postgresUrl: postgres.url });
    }
    const first = await startServer();
    const chat = createChatSession({ url: first.trpcUrl });
    await chat.register({ email: 'crash@example.com', password: 'a long password' });
    const session = await chat.client.sessions.create.mutate({ title: 'Crash' });
    const tokens = Array.from({ length: 200 }, (_, index) => `w${index} `);
    fake.enqueue({ chunks: tokens, chunkDelayMs: 10 });
    const sent = await chat.client.messages.send.mutate({ sessionId: session.id, content: 'go' });
    await sleep(900); // several checkpoints in
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    chat.close();

    const second = await startServer();
    const again = createChatSession({ url: second.trpcUrl });
    await again.login({ email: 'crash@example.com', password: 'a long password' });
    const messages = (await again.client.messages.list.query({ sessionId: session.id })).items;
    const reply = messages.find((message) => message.id === sent.assistantMessage!.id)!;
    expect(reply.status).toBe('interrupted');
    // At least the first checkpoint (200 ms of ~10 ms tokens), and only text the provider sent.
    expect(reply.content.length).toBeGreaterThanOrEqual(tokens.slice(0, 10).join('').length);
    expect(tokens.join('').startsWith(reply.content)).toBe(true);
    again.close();
    second.child.kill('SIGTERM');
  });
});
