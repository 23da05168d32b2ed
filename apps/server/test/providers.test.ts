import {
  startFakeAnthropic,
  startFakeGemini,
  startFakeOpenAI,
  type FakeAnthropic,
  type FakeGemini,
  type FakeOpenAI,
} from '@chatbot/ai/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembledText, sendAndCollect } from './events';
import { errorOf, startTestServer, type TestServer } from './harness';
import { registerOverRest } from './rest/restClient';

let primary: FakeOpenAI;
let secondary: FakeOpenAI;
let anthropic: FakeAnthropic;
let gemini: FakeGemini;
let t: TestServer;
beforeAll(async () => {
  [primary, secondary, anthropic, gemini] = await Promise.all([
    startFakeOpenAI(),
    startFakeOpenAI(),
    startFakeAnthropic(),
    startFakeGemini(),
  ]);
  secondary.models = ['local-llama'];
  anthropic.models = ['claude-fake'];
  gemini.models = ['gemini-fake', 'gemini-fake-2'];
  t = await startTestServer({
    OPENAI_BASE_URL: primary.url,
    OPENAI_API_KEY: 'primary-key',
    OPENAI_MODELS: 'fake-model',
    ANTHROPIC_BASE_URL: anthropic.url,
    ANTHROPIC_API_KEY: 'anthropic-key',
    ANTHROPIC_MODELS: 'claude-fake',
    ANTHROPIC_VISION_MODELS: 'claude-fake',
    GEMINI_BASE_URL: gemini.url,
    GOOGLE_API_KEY: 'google-key',
    GEMINI_MODELS: 'gemini-fake',
    AI_PROVIDERS: JSON.stringify([
      { name: 'local', baseURL: secondary.url, models: ['local-llama'] },
    ]),
  });
});
afterAll(async () => {
  await t?.close();
  await Promise.all([primary, secondary, anthropic, gemini].map((fake) => fake?.close()));
});

describe('several providers', () => {
  it('lists configured models and what each endpoint reports, ids naming the provider', async () => {
    const { client } = await t.signUp();
    const model = (provider: string, api: string, label: string, vision = false) => ({
      id: `${provider}:${label}`,
      provider,
      api,
      label,
      isDefault: label === 'fake-model',
      vision,
    });
    // Vision: Gemini models by default, the fake Claude by ANTHROPIC_VISION_MODELS.
    expect(await client.models.list.query()).toEqual([
      model('openai', 'openai', 'fake-model'),
      model('openai', 'openai', 'fake-model-2'),
      model('anthropic', 'anthropic', 'claude-fake', true),
      model('gemini', 'gemini', 'gemini-fake', true),
      model('gemini', 'gemini', 'gemini-fake-2', true),
      model('local', 'openai', 'local-llama'),
    ]);
    expect((await client.sessions.create.mutate()).model).toBe('openai:fake-model');
  });

  it("routes a session's replies to the provider of its model", async () => {
    const { client } = await t.signUp();
    // A bare model name, as stored before ids named their provider, still finds its provider.
    const session = await client.sessions.create.mutate({ title: 'Local', model: 'local-llama' });
    expect(session.model).toBe('local:local-llama');
    const before = secondary.requests.length;
    const { assistantId, received } = await sendAndCollect(client, session.id, 'hi local');
    expect(assembledText(received, assistantId)).toBe('Fake reply to: hi local');
    expect(secondary.requests[before]?.body.model).toBe('local-llama');
    expect(
      await errorOf(client.sessions.update.mutate({ id: session.id, model: 'echo' })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'model',
    });
  });

  it.each([
    ['anthropic:claude-fake', () => anthropic, 'ANTHROPIC'],
    ['gemini:gemini-fake-2', () => gemini, 'GOOGLE'],
  ] as const)(
    'streams %s through its native API with the system prompt and history, storing the usage',
    async (model, fake, family) => {
      const { client } = await t.signUp();
      const session = await client.sessions.create.mutate({
        title: 'Native',
        model,
        systemPrompt: 'Answer in French.',
      });
      expect(session).toMatchObject({ model, provider: family });
      await sendAndCollect(client, session.id, 'first');
      const before = fake().requests.length;
      fake().enqueue({
        chunks: ['Bon', 'jour'],
        usage: { prompt_tokens: 21, completion_tokens: 2 },
      });
      const { assistantId, received } = await sendAndCollect(client, session.id, 'second');
      expect(assembledText(received, assistantId)).toBe('Bonjour');
      expect(fake().requests[before]?.conversation).toEqual({
        model: model.split(':')[1],
        system: 'Answer in French.',
        turns: [
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'Fake reply to: first' },
          { role: 'user', content: 'second' },
        ],
      });
      const stored = (await client.messages.list.query({ sessionId: session.id })).items.find(
        (message) => message.id === assistantId,
      );
      expect(stored).toMatchObject({
        status: 'complete',
        content: 'Bonjour',
        model,
        promptTokens: 21,
        completionTokens: 2,
      });
    },
  );

  it("lists the native providers under the original backend's families", async () => {
    const { api } = await registerOverRest(t.server.url);
    const google = await api.get('/ai/models?provider=GOOGLE');
    expect(google.body.models.map((model: { id: string }) => model.id)).toEqual([
      'gemini:gemini-fake',
      'gemini:gemini-fake-2',
    ]);
    const switched = await api.post('/sessions', { title: 'Claude', provider: 'ANTHROPIC' });
    expect(switched.body).toMatchObject({ provider: 'ANTHROPIC', model: 'anthropic:claude-fake' });
  });

  it('marks a reply `error` with a configuration message when a native provider refuses the key', async () => {
    const { client } = await t.signUp();
    const session = await client.sessions.create.mutate({ model: 'anthropic:claude-fake' });
    anthropic.enqueue({ status: 401 });
    const { assistantId } = await sendAndCollect(client, session.id, 'hi');
    const stored = (await client.messages.list.query({ sessionId: session.id })).items.find(
      (message) => message.id === assistantId,
    );
    expect(stored?.status).toBe('error');
    expect(stored?.error).toMatch(/"anthropic" provider rejected the request \(401\)/);
  });
});
