import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type AnthropicRequestBody } from '../testing/fakeAnthropic';
import { startFakeGemini, type GeminiRequestBody } from '../testing/fakeGemini';
import { TINY_PNG } from '../testing/fakeImages';
import { startFakeOpenAI, type OpenAIRequestBody } from '../testing/fakeOpenAI';
import type { FakeProviderServer } from '../testing/fakeProviderServer';
import { createAnthropicProvider } from './anthropicProvider';
import { ProviderConfigurationError, ProviderUnavailableError } from './errors';
import { createGeminiProvider } from './geminiProvider';
import { createModelCatalog } from './modelCatalog';
import { createOpenAIProvider } from './openaiProvider';
import type { ChatProvider, GenerateRequest, ProviderEvent } from './provider';
import type { RetryPolicy } from './retry';

/**
 * ONE contract for every provider: each real SDK against a local server speaking its provider's
 * wire protocol. A provider joins by adding a row here.
 */
/** Any provider's fake, as the contract drives it (its `fallback` takes that provider's body). */
type ContractFake = Omit<FakeProviderServer, 'fallback'>;

interface Subject {
  label: string;
  model: string;
  start(): Promise<ContractFake>;
  create(options: {
    url: string;
    apiKey: string;
    timeoutMs: number;
    retry: RetryPolicy;
  }): ChatProvider;
  /** The last message's content as this provider's wire format has it (its raw parts). */
  lastUserContent(body: unknown): unknown;
  /** An image part in this provider's own format. */
  imagePart(mediaType: string, base64: string): object;
}

const subjects: Subject[] = [
  {
    label: 'OpenAI-compatible (openai SDK)',
    model: 'fake-model',
    start: startFakeOpenAI,
    create: ({ url, ...rest }) =>
      createOpenAIProvider({ name: 'compatible', baseURL: url, models: ['fake-model'], ...rest }),
    lastUserContent: (body) => (body as OpenAIRequestBody).messages.at(-1)?.content,
    imagePart: (mediaType, base64) => ({
      type: 'image_url',
      image_url: { url: `data:${mediaType};base64,${base64}` },
    }),
  },
  {
    label: 'Anthropic Messages API (@anthropic-ai/sdk)',
    model: 'claude-fake',
    start: startFakeAnthropic,
    create: ({ url, ...rest }) =>
      createAnthropicProvider({
        name: 'anthropic',
        baseURL: url,
        models: ['claude-fake'],
        ...rest,
      }),
    lastUserContent: (body) => (body as AnthropicRequestBody).messages.at(-1)?.content,
    imagePart: (mediaType, base64) => ({
      type: 'image',
      source: { type: 'base64', media_type: mediaType, data: base64 },
    }),
  },
  {
    label: 'Gemini API (@google/genai)',
    model: 'gemini-fake',
    start: startFakeGemini,
    create: ({ url, ...rest }) =>
      createGeminiProvider({ name: 'gemini', baseURL: url, models: ['gemini-fake'], ...rest }),
    lastUserContent: (body) => (body as GeminiRequestBody).contents.at(-1)?.parts,
    imagePart: (mediaType, base64) => ({ inlineData: { mimeType: mediaType, data: base64 } }),
  },
];

async function collect(events: AsyncIterable<ProviderEvent>) {
  const deltas: string[] = [];
  let usage;
  for await (const event of events) {
    if (event.type === 'delta') deltas.push(event.text);
    else usage = event.usage;
  }
  return { text: deltas.join(''), deltas, usage };
}

/** Runs a stream to its end or failure, keeping what arrived before a failure. */
async function partial(events: AsyncIterable<ProviderEvent>) {
  const deltas: string[] = [];
  try {
    for await (const event of events) if (event.type === 'delta') deltas.push(event.text);
    return { deltas, error: undefined };
  } catch (error) {
    return { deltas, error };
  }
}

describe.each(subjects)('the provider contract: $label', (subject) => {
  let fake: ContractFake;
  let provider: ChatProvider;
  const make = (overrides: { timeoutMs?: number; maxRetries?: number } = {}) =>
    subject.create({
      url: fake.url,
      apiKey: 'test-key',
      timeoutMs: overrides.timeoutMs ?? 5_000,
      retry: { maxRetries: overrides.maxRetries ?? 2, baseDelayMs: 5, maxDelayMs: 20 },
    });
  beforeAll(async () => {
    fake = await subject.start();
    provider = make();
  });
  afterAll(async () => {
    await fake?.close();
  });

  const request = (content = 'hello', signal?: AbortSignal): GenerateRequest => ({
    model: subject.model,
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is 2+2?' },
      { role: 'assistant', content: 'Four.' },
      { role: 'user', content },
    ],
    signal,
  });

  it('streams the deltas in order, reports usage, and sends the system prompt and history', async () => {
    const before = fake.requests.length;
    fake.enqueue({
      chunks: ['Hel', 'lo ', 'there'],
      usage: { prompt_tokens: 17, completion_tokens: 3 },
    });
    expect(await collect(provider.stream(request('and 3+3?')))).toEqual({
      text: 'Hello there',
      deltas: ['Hel', 'lo ', 'there'],
      usage: { promptTokens: 17, completionTokens: 3 },
    });
    const sent = fake.requests[before]!;
    expect(sent.stream).toBe(true);
    expect(
      sent.headers['authorization'] ?? sent.headers['x-api-key'] ?? sent.headers['x-goog-api-key'],
    ).toMatch(/test-key/);
    expect(sent.conversation).toEqual({
      model: subject.model,
      system: 'Be brief.',
      turns: [
        { role: 'user', content: 'What is 2+2?' },
        { role: 'assistant', content: 'Four.' },
        { role: 'user', content: 'and 3+3?' },
      ],
    });
  });

  it("sends a user turn's images in the provider's own format and its documents inlined", async () => {
    const before = fake.requests.length;
    fake.enqueue({ chunks: ['Seen'] });
    const base64 = Buffer.from(TINY_PNG).toString('base64');
    const sent = request();
    sent.messages[3] = {
      role: 'user',
      content: 'What do these show?',
      attachments: [
        { kind: 'image', name: 'dot.png', mediaType: 'image/png', data: TINY_PNG },
        {
          kind: 'document',
          name: 'notes.md',
          mediaType: 'text/markdown',
          text: '# Milk\n2 litres',
        },
      ],
    };
    expect((await collect(provider.stream(sent))).text).toBe('Seen');
    const received = fake.requests[before]!;
    const text = 'Attached file notes.md:\n```\n# Milk\n2 litres\n```\n\nWhat do these show?';
    expect(received.conversation.turns).toEqual([
      { role: 'user', content: 'What is 2+2?' },
      { role: 'assistant', content: 'Four.' },
      { role: 'user', content: text, images: [{ mediaType: 'image/png', data: base64 }] },
    ]);
    expect(subject.lastUserContent(received.body)).toEqual(
      expect.arrayContaining([subject.imagePart('image/png', base64)]),
    );
  });

  it('fails without retrying when the provider refuses an image (bytes not of the stated type)', async () => {
    const before = fake.requests.length;
    const sent = request();
    sent.messages[3] = {
      role: 'user',
      content: 'And this?',
      attachments: [{ kind: 'image', name: 'fake.jpg', mediaType: 'image/jpeg', data: TINY_PNG }],
    };
    const { error } = await partial(provider.stream(sent));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toMatch(/400.*does not match the provided media type/);
    expect(fake.requests.length - before).toBe(1);
  });

  it("fails clearly when an image is over the provider's size limit", async () => {
    const before = fake.requests.length;
    // A PNG signature then 21 MB: over every provider's limit (5, 20, 20 MB).
    const huge = new Uint8Array(21 * 1024 * 1024);
    huge.set(TINY_PNG.subarray(0, 8));
    const sent = request();
    sent.messages[3] = {
      role: 'user',
      content: 'Big one',
      attachments: [{ kind: 'image', name: 'huge.png', mediaType: 'image/png', data: huge }],
    };
    // 28 MB of JSON is slow to send and parse on a loaded machine: no idle timeout, no retry.
    const patient = make({ timeoutMs: 60_000, maxRetries: 0 });
    const { error } = await partial(patient.stream(sent));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toMatch(/400.*(exceeds|limit)/);
    expect(fake.requests.length - before).toBe(1);
  }, 60_000);

  it('completes a whole reply at once', async () => {
    fake.enqueue({ chunks: ['A ', 'title'] });
    expect((await provider.complete(request())).text).toBe('A title');
  });

  it('retries 429, 5xx and a refused stream before the first token, then succeeds', async () => {
    const before = fake.requests.length;
    fake.enqueue(
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 503 },
      { chunks: ['never '], dropAfterChunks: 0 },
    );
    const retrying = make({ maxRetries: 3 });
    fake.enqueue({ chunks: ['ok'] });
    expect((await collect(retrying.stream(request()))).text).toBe('ok');
    expect(fake.requests.length - before).toBe(4);
  });

  it('gives up after the retries are spent, with a clear error', async () => {
    const before = fake.requests.length;
    fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const { error } = await partial(provider.stream(request()));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toMatch(/provider answered 500/);
    expect(fake.requests.length - before).toBe(3);
  });

  it.each([401, 403])('reports %i as a configuration error, without retrying', async (status) => {
    const before = fake.requests.length;
    fake.enqueue({ status });
    const { error } = await partial(provider.stream(request()));
    expect(error).toBeInstanceOf(ProviderConfigurationError);
    expect((error as Error).message).toMatch(
      new RegExp(`rejected the request \\(${status}\\): check its API key`),
    );
    expect(fake.requests.length - before).toBe(1);
  });

  it('keeps the partial text and fails, without retrying, when the connection drops mid-stream', async () => {
    const before = fake.requests.length;
    fake.enqueue({ chunks: ['one ', 'two ', 'three'], dropAfterChunks: 2 });
    const { deltas, error } = await partial(provider.stream(request()));
    expect(deltas).toEqual(['one ', 'two ']);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(fake.requests.length - before).toBe(1);
  });

  it("keeps the partial text and fails, without retrying, on the provider's error event mid-stream", async () => {
    const before = fake.requests.length;
    fake.enqueue({ chunks: ['one ', 'two ', 'three'], errorAfterChunks: 1 });
    const { deltas, error } = await partial(provider.stream(request()));
    expect(deltas).toEqual(['one ']);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(fake.requests.length - before).toBe(1);
  });

  it('aborts the HTTP request when the signal fires', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const index = fake.requests.length;
    fake.enqueue({ chunks: ['a ', 'b ', 'c '], pause: { chunks: 1, until: held } });
    const controller = new AbortController();
    const run = partial(
      (async function* () {
        for await (const event of provider.stream(request('hi', controller.signal))) {
          yield event;
          if (event.type === 'delta') controller.abort();
        }
      })(),
    );
    try {
      const { deltas, error } = await run;
      expect(deltas).toEqual(['a ']);
      expect(error).toBeDefined();
      expect((await fake.waitForEnd(index)).aborted).toBe(true);
      expect(fake.requests.length).toBe(index + 1); // a cancel is never retried
    } finally {
      release();
    }
  });

  it.each([
    ['before the first token', 0],
    ['between tokens', 1],
  ])('times out a provider that goes silent %s', async (_when, chunks) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const index = fake.requests.length;
    fake.enqueue({ chunks: ['a ', 'b '], pause: { chunks, until: held } });
    try {
      const { deltas, error } = await partial(
        make({ timeoutMs: 200, maxRetries: 0 }).stream(request()),
      );
      expect(deltas).toEqual(['a ', 'b '].slice(0, chunks));
      expect(error).toBeInstanceOf(ProviderUnavailableError);
      expect((error as Error).message).toMatch(/timed out/);
      expect((await fake.waitForEnd(index)).aborted).toBe(true);
    } finally {
      release();
    }
  });

  it("lists the configured models and the provider's own list in the catalog", async () => {
    fake.models = [subject.model, `${subject.model}-2`];
    const catalog = createModelCatalog([provider]);
    const remoteId = `${provider.name}:${subject.model}-2`;
    expect(catalog.resolve(remoteId)).toBeUndefined();
    const models = await catalog.list();
    expect(models.map((model) => model.id)).toEqual([
      `${provider.name}:${subject.model}`,
      remoteId,
    ]);
    expect(catalog.resolve(remoteId)).toMatchObject({ provider, model: `${subject.model}-2` });
    expect(models[0]).toMatchObject({ isDefault: true, label: subject.model });
  });

  it('answers no remote list, rather than failing, when the provider refuses', async () => {
    const unreachable = subject.create({
      url: 'http://127.0.0.1:9',
      apiKey: 'k',
      timeoutMs: 1_000,
      retry: { maxRetries: 0 },
    });
    expect(await unreachable.listRemoteModels?.()).toBeUndefined();
  });
});
