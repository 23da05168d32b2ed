import { parseConfig } from '@chatbot/config';
import { describe, expect, it } from 'vitest';
import { TINY_PNG } from '../testing/fakeImages';
import { toAnthropicMessages } from './anthropicProvider';
import { createEchoProvider } from './echoProvider';
import { createProviders } from './createProviders';
import { toGeminiContents } from './geminiProvider';

const catalogFor = (env: Record<string, string>) => createProviders(parseConfig(env));

describe('createProviders', () => {
  it('serves the echo model alone when nothing is configured', () => {
    const catalog = catalogFor({});
    expect(catalog.defaultModel).toBe('echo');
    expect(catalog.resolve('echo')?.provider.api).toBe('echo');
  });

  it('builds each native provider with its usual model, and takes DEFAULT_MODEL by its id', () => {
    const catalog = catalogFor({
      OPENAI_API_KEY: 'o',
      ANTHROPIC_API_KEY: 'a',
      GEMINI_API_KEY: 'g',
      DEFAULT_MODEL: 'anthropic:claude-sonnet-4-5',
      AI_PROVIDERS: JSON.stringify([{ name: 'work', type: 'gemini', models: ['gemini-pro'] }]),
    });
    expect(catalog.defaultModel).toBe('anthropic:claude-sonnet-4-5');
    // DEFAULT_MODEL names another provider's model, so OpenAI keeps its own usual one.
    expect(catalog.resolve('openai:gpt-4o-mini')?.provider.api).toBe('openai');
    expect(catalog.resolve('gemini:gemini-2.5-flash')?.provider.api).toBe('gemini');
    expect(catalog.resolve('work:gemini-pro')).toMatchObject({
      model: 'gemini-pro',
      id: 'work:gemini-pro',
    });
  });

  it('still takes a bare DEFAULT_MODEL as the OpenAI model when OPENAI_MODELS is unset', () => {
    const catalog = catalogFor({
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      DEFAULT_MODEL: 'llama3:8b',
    });
    expect(catalog.defaultModel).toBe('openai:llama3:8b');
    expect(catalog.resolve('llama3:8b')?.model).toBe('llama3:8b');
  });
});

describe('conversations in the native formats', () => {
  const turns = [
    { role: 'assistant' as const, content: 'Welcome!' },
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'one' },
    { role: 'user' as const, content: 'two' },
    { role: 'assistant' as const, content: 'ok' },
  ];

  it('gives Anthropic the system prompt apart and alternating turns that start with the user', () => {
    expect(toAnthropicMessages(turns)).toEqual({
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'one\n\ntwo' },
        { role: 'assistant', content: 'ok' },
      ],
    });
    expect(toAnthropicMessages([{ role: 'user', content: 'hi' }]).system).toBeUndefined();
  });

  it('merges an Anthropic user turn with images into blocks, the texts joined', () => {
    const image = { kind: 'image' as const, name: 'a.png', mediaType: 'image/png' as const };
    const { messages } = toAnthropicMessages([
      { role: 'user', content: 'first' },
      { role: 'user', content: 'see', attachments: [{ ...image, data: TINY_PNG }] },
      { role: 'user', content: 'then' },
    ]);
    expect(messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'first' },
          {
            type: 'image',
            source: {
              type: 'base64',
              media_type: 'image/png',
              data: Buffer.from(TINY_PNG).toString('base64'),
            },
          },
          { type: 'text', text: 'see\n\nthen' },
        ],
      },
    ]);
  });

  it('gives Gemini the system instruction apart and calls the assistant `model`', () => {
    expect(toGeminiContents(turns)).toEqual({
      system: 'Be brief.',
      contents: [
        { role: 'model', parts: [{ text: 'Welcome!' }] },
        { role: 'user', parts: [{ text: 'one' }] },
        { role: 'user', parts: [{ text: 'two' }] },
        { role: 'model', parts: [{ text: 'ok' }] },
      ],
    });
  });
});

describe('the echo model', () => {
  it('lists what was attached to the last message, so the default install shows it arrived', async () => {
    const echo = createEchoProvider({ wordDelayMs: 0 });
    const { text } = await echo.complete({
      model: 'echo',
      messages: [
        {
          role: 'user',
          content: 'Here',
          attachments: [
            { kind: 'image', name: 'a.png', mediaType: 'image/png', data: TINY_PNG },
            { kind: 'document', name: 'notes.md', mediaType: 'text/markdown', text: '# hi' },
          ],
        },
      ],
    });
    expect(text).toMatch(/You said: Here \[attachments: a\.png \(image\/png\), notes\.md\]$/);
  });
});
