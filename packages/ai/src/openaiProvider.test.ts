import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderConfigurationError, ProviderUnavailableError } from './errors';
import { createModelCatalog } from './modelCatalog';
import { createOpenAIProvider } from './openaiProvider';
import type { ChatProvider, ProviderEvent } from './provider';
import { startFakeOpenAI, type FakeOpenAI } from '../testing/fakeOpenAI';

let fake: FakeOpenAI;
let provider: ChatProvider;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  provider = createOpenAIProvider({
    name: 'fake',
    baseURL: fake.url,
    apiKey: 'test-key',
    models: ['fake-model'],
    timeoutMs: 5_000,
    retry: { maxRetries: 2, baseDelayMs: 10 },
  });
});
afterAll(async () => {
  await fake?.close();
});

const request = (content = 'hello') => ({
  model: 'fake-model',
  messages: [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content },
  ],
});

async function collect(events: AsyncIterable<ProviderEvent>) {
  let text = '';
  let usage;
  for await (const event of events) {
    if (event.type === 'delta') text += event.text;
    else usage = event.usage;
  }
  return { text, usage };
}

describe('the OpenAI-compatible provider', () => {
  it('streams a reply through the real SDK, with usage, sending the whole conversation', async () => {
    const before = fake.requests.length;
    fake.enqueue({
      chunks: ['Hel', 'lo ', 'there'],
      usage: { prompt_tokens: 7, completion_tokens: 3 },
    });
    expect(await collect(provider.stream(request()))).toEqual({
      text: 'Hello there',
      usage: { promptTokens: 7, completionTokens: 3 },
    });
    const sent = fake.requests[before]!;
    expect(sent.body).toMatchObject({
      model: 'fake-model',
      stream: true,
      messages: request().messages,
    });
  });

  it('completes without streaming', async () => {
    fake.enqueue({ chunks: ['A ', 'title'] });
    expect((await provider.complete(request())).text).toBe('A title');
  });

  it('retries 429 and 5xx before the first token, then succeeds', async () => {
    const before = fake.requests.length;
    fake.enqueue(
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 503 },
      { chunks: ['ok'] },
    );
    expect((await collect(provider.stream(request()))).text).toBe('ok');
    expect(fake.requests.length - before).toBe(3);
  });

  it('gives up after the retries are spent, with a clear error', async () => {
    const before = fake.requests.length;
    fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const failure = collect(provider.stream(request()));
    await expect(failure).rejects.toBeInstanceOf(ProviderUnavailableError);
    await expect(failure).rejects.toThrow('The "fake" provider answered 500');
    expect(fake.requests.length - before).toBe(3);
  });

  it('surfaces 401/403 as a configuration error, without retrying', async () => {
    const before = fake.requests.length;
    fake.enqueue({ status: 401 });
    await expect(collect(provider.stream(request()))).rejects.toBeInstanceOf(
      ProviderConfigurationError,
    );
    fake.enqueue({ status: 403 });
    await expect(collect(provider.stream(request()))).rejects.toThrow(
      /rejected the request \(403\): check its API key/,
    );
    expect(fake.requests.length - before).toBe(2);
  });

  it('does not retry once text has arrived: a dropped stream fails after the partial text', async () => {
    const before = fake.requests.length;
    fake.enqueue({ chunks: ['one ', 'two ', 'three'], dropAfterChunks: 2, chunkDelayMs: 50 });
    const seen: string[] = [];
    const run = (async () => {
      for await (const event of provider.stream(request()))
        if (event.type === 'delta') seen.push(event.text);
    })();
    await expect(run).rejects.toBeInstanceOf(Error);
    expect(seen).toEqual(['one ', 'two ']);
    expect(fake.requests.length - before).toBe(1);
  });

  it('aborts the HTTP request when the signal fires', async () => {
    fake.enqueue({ chunks: ['a ', 'b ', 'c ', 'd '], chunkDelayMs: 200 });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const event of provider.stream({ ...request(), signal: controller.signal })) {
        if (event.type === 'delta') {
          seen.push(event.text);
          controller.abort();
        }
      }
    })();
    await expect(run).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual(['a ']);
    expect(fake.requests.at(-1)?.aborted).toBe(true);
  });

  it('times out a provider that never answers', async () => {
    const slow = createOpenAIProvider({
      name: 'slow',
      baseURL: fake.url,
      models: ['fake-model'],
      timeoutMs: 200,
      retry: { maxRetries: 0 },
    });
    fake.enqueue({ firstChunkDelayMs: 2_000 });
    await expect(collect(slow.stream(request()))).rejects.toThrow(/timed out|Could not reach/);
  });

  it('lists configured and remote models in the catalog', async () => {
    const catalog = createModelCatalog([provider]);
    expect(catalog.resolve('fake-model-2')).toBeUndefined();
    const models = await catalog.list();
    expect(models.map((model) => model.id)).toEqual(['fake-model', 'fake-model-2']);
    expect(catalog.resolve('fake-model-2')?.provider).toBe(provider);
    expect(models[0]?.isDefault).toBe(true);
  });
});
