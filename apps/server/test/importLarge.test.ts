import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createChatClient } from '@chatbot/client';
import { readTestEnvironment } from '@chatbot/config';
import { chatGptFileChunks } from '@chatbot/core/testing';
import { createTestPostgres, type TestPostgres } from '@chatbot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heapAfterGc } from './heapProbe';
import { startServerProcess, type ServerProcess } from './serverProcess';

/**
 * 2,000 conversations (~50 MB) streamed to a real server process, whose live heap is read
 * mid-import after a forced GC: it must stay far below the file's size (one conversation at a
 * time), whatever the machine's speed.
 */
const CONVERSATIONS = 2_000;
const { databaseUrl } = readTestEnvironment();
let server: ServerProcess;
let postgres: TestPostgres | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  const env: Record<string, string> = {
    RATE_LIMIT_ENABLED: 'false',
    NODE_OPTIONS: '--inspect=127.0.0.1:0',
  };
  if (databaseUrl) {
    postgres = await createTestPostgres(databaseUrl);
    const { applyMigrations } = await import('@chatbot/db/migrate');
    await applyMigrations({ postgresUrl: postgres.url });
    env.DATABASE_URL = postgres.url;
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-import-large-'));
    env.DATA_DIR = dataDir;
  }
  server = await startServerProcess(env);
}, 120_000);

afterAll(async () => {
  server?.child.kill('SIGKILL');
  await server?.exited;
  await postgres?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The file as a request body made on the fly, counting the bytes sent. */
function fileBody(sent: { bytes: number }) {
  const chunks = chatGptFileChunks(CONVERSATIONS, { turns: 4, answerBytes: 6_000 });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else {
        sent.bytes += next.value.byteLength;
        controller.enqueue(next.value);
      }
    },
  });
}

describe('a 50 MB conversations.json', () => {
  it('imports 2,000 conversations through POST /sessions/import with a bounded heap', async () => {
    const inspectorUrl = server.inspectorUrl();
    if (!inspectorUrl) throw new Error(`no inspector URL in:\n${server.lastOutput()}`);
    const anonymous = createChatClient({ url: server.trpcUrl });
    const tokens = await anonymous.auth.register.mutate({
      email: `large-${Date.now()}@example.com`,
      password: 'correct horse battery',
    });
    const baseline = await heapAfterGc(inspectorUrl);

    const sent = { bytes: 0 };
    const response = await fetch(`${server.url}/sessions/import`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.accessToken}`,
        'content-type': 'application/json',
        accept: 'application/x-ndjson',
      },
      body: fileBody(sent),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(200);

    let peakHeap = 0;
    let last: { type: string; imported?: number; failed?: unknown[] } | undefined;
    let lines = 0;
    let pending = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body!) {
      pending += decoder.decode(chunk, { stream: true });
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const line of complete.filter(Boolean)) {
        last = JSON.parse(line) as typeof last;
        lines += 1;
        // Mid-import, a few times: what the server holds while the file streams through.
        if (last?.type === 'progress' && lines % 500 === 0) {
          peakHeap = Math.max(peakHeap, await heapAfterGc(inspectorUrl));
        }
      }
    }
    expect(last).toMatchObject({ type: 'done', imported: CONVERSATIONS, failed: [] });
    expect(sent.bytes).toBeGreaterThan(45_000_000);
    // The whole file (or all its conversations) in memory would add at least its size.
    const growth = peakHeap - baseline;
    console.info(
      `import heap growth ${(growth / 1e6).toFixed(1)} MB for ${(sent.bytes / 1e6).toFixed(1)} MB sent`,
    );
    expect(growth).toBeLessThan(sent.bytes / 4);

    const owned = createChatClient({ url: server.trpcUrl, token: tokens.accessToken });
    const page = await owned.sessions.list.query({ limit: 1 });
    expect(page.items).toHaveLength(1);
  }, 600_000);
});
