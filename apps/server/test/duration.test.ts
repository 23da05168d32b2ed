import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembledText, collectEvents, endOf } from './events';
import { startTestServer, type TestServer } from './harness';

let fake: FakeOpenAI;
let t: TestServer;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  t = await startTestServer({
    OPENAI_BASE_URL: fake.url,
    OPENAI_MODELS: 'fake-model',
    STREAM_MAX_DURATION_MS: '1000',
    STREAM_KEEPALIVE_MS: '1000',
  });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('the maximum stream duration', () => {
  it('ends an SSE stream after it; the client reconnects and resumes without a gap or duplicate', async () => {
    const user = await t.signUp({ transport: 'sse' });
    const session = await user.client.sessions.create.mutate({ title: 'Long' });
    const tokens = Array.from({ length: 60 }, (_, index) => `x${index} `);
    fake.enqueue({ chunks: tokens, chunkDelayMs: 40 }); // ~2.4 s: two reconnects
    let connections = 0;
    t.server.httpServer.on('request', (req) => {
      if (req.url?.includes('messages.onEvent')) connections += 1;
    });
    let assistantId: string | undefined;
    const events = collectEvents(user.client, session.id, {
      until: endOf(() => assistantId),
      timeoutMs: 20_000,
    });
    await events.ready;
    assistantId = (await user.client.messages.send.mutate({ sessionId: session.id, content: 'go' }))
      .assistantMessage!.id;
    const received = await events.done;
    const ids = received.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(assembledText(received, assistantId)).toBe(tokens.join(''));
    expect(connections).toBeGreaterThanOrEqual(2); // it did reconnect, with the last event id
  });
});
