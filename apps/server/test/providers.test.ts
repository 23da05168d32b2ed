import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembledText, collectEvents, endOf } from './events';
import { errorOf, startTestServer, type TestServer } from './harness';

let primary: FakeOpenAI;
let secondary: FakeOpenAI;
let t: TestServer;
beforeAll(async () => {
  [primary, secondary] = await Promise.all([startFakeOpenAI(), startFakeOpenAI()]);
  secondary.models = ['local-llama'];
  t = await startTestServer({
    OPENAI_BASE_URL: primary.url,
    OPENAI_API_KEY: 'primary-key',
    OPENAI_MODELS: 'fake-model',
    AI_PROVIDERS: JSON.stringify([
      { name: 'local', baseURL: secondary.url, models: ['local-llama'] },
    ]),
  });
});
afterAll(async () => {
  await t?.close();
  await Promise.all([primary?.close(), secondary?.close()]);
});

describe('several providers', () => {
  it('lists configured models and what each endpoint reports, with the default marked', async () => {
    const { client } = await t.signUp();
    expect(await client.models.list.query()).toEqual([
      { id: 'fake-model', provider: 'openai', label: 'fake-model', isDefault: true },
      { id: 'fake-model-2', provider: 'openai', label: 'fake-model-2', isDefault: false },
      { id: 'local-llama', provider: 'local', label: 'local-llama', isDefault: false },
    ]);
    expect((await client.sessions.create.mutate()).model).toBe('fake-model');
  });

  it("routes a session's replies to the provider of its model", async () => {
    const { client } = await t.signUp();
    const session = await client.sessions.create.mutate({ title: 'Local', model: 'local-llama' });
    const before = secondary.requests.length;
    let assistantId: string | undefined;
    const events = collectEvents(client, session.id, { until: endOf(() => assistantId) });
    await events.ready;
    assistantId = (
      await client.messages.send.mutate({ sessionId: session.id, content: 'hi local' })
    ).assistantMessage!.id;
    expect(assembledText(await events.done, assistantId)).toBe('Fake reply to: hi local');
    expect(secondary.requests[before]?.body.model).toBe('local-llama');
    expect(
      await errorOf(client.sessions.update.mutate({ id: session.id, model: 'echo' })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'model',
    });
  });
});
