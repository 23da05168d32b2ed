import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import { createQueryCounter } from '@chatbot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembledText, collectEvents, endOf } from './events';
import { startTestServer, type TestServer } from './harness';

const counter = createQueryCounter();
let fake: FakeOpenAI;
let t: TestServer;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  t = await startTestServer(
    { OPENAI_BASE_URL: fake.url, OPENAI_MODELS: 'fake-model', CHECKPOINT_INTERVAL_MS: '1000' },
    { wrapAdapter: counter.wrap },
  );
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('database writes for a streamed reply', () => {
  it('1,000 tokens over ~5 s cost at most 2 + 5 / checkpoint-interval writes to the reply', async () => {
    const user = await t.signUp();
    const session = await user.client.sessions.create.mutate({ title: 'Titled, so no auto-title' });
    const tokens = Array.from({ length: 1000 }, (_, index) => `t${index} `);
    fake.enqueue({ chunks: tokens, chunkDelayMs: 5 });
    let assistantId: string | undefined;
    const events = collectEvents(user.client, session.id, {
      until: endOf(() => assistantId),
      timeoutMs: 30_000,
    });
    await events.ready;
    const since = performance.now();
    const started = Date.now();
    assistantId = (
      await user.client.messages.send.mutate({ sessionId: session.id, content: 'count my writes' })
    ).assistantMessage!.id;
    const received = await events.done;
    const seconds = (Date.now() - started) / 1000;

    expect(assembledText(received, assistantId)).toBe(tokens.join(''));
    // The user's message is one insert; everything else written to Message is the reply's.
    const replyWrites = counter.writesTo('Message', since).length - 1;
    expect(seconds).toBeGreaterThan(4);
    expect(replyWrites).toBeLessThanOrEqual(2 + Math.ceil(seconds / 1));
    // Checkpoints did happen (at least one per elapsed second, less the first and last).
    expect(replyWrites).toBeGreaterThanOrEqual(2 + Math.floor(seconds) - 2);
    // And many tokens share each event on the wire.
    expect(received.filter((event) => event.data.type === 'message:stream').length).toBeLessThan(
      1000,
    );
  });
});
