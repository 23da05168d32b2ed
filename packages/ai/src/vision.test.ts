import { parseConfig } from '@chatbot/config';
import { describe, expect, it } from 'vitest';
import { createEchoProvider } from './echoProvider';
import { createModelCatalog } from './modelCatalog';
import { createProviders } from './createProviders';
import { createOpenAIProvider } from './openaiProvider';
import { assertModelCanSee, defaultVision, ModelCannotSeeImagesError } from './vision';

const retry = { maxRetries: 0 };

describe('which models see images', () => {
  it.each([
    ['openai', 'gpt-4o-mini', true],
    ['openai', 'gpt-4.1-nano', true],
    ['openai', 'gpt-5', true],
    ['openai', 'o3', true],
    ['openai', 'o4-mini', true],
    ['openai', 'o3-mini', false],
    ['openai', 'gpt-3.5-turbo', false],
    ['openai', 'openai/gpt-4o', true],
    ['openai', 'llava:13b', true],
    ['openai', 'llama3:8b', false],
    ['anthropic', 'claude-3-5-sonnet-latest', true],
    ['anthropic', 'claude-sonnet-4-5', true],
    ['anthropic', 'claude-opus-4-1', true],
    ['anthropic', 'claude-2.1', false],
    ['gemini', 'gemini-2.5-flash', true],
    ['gemini', 'text-embedding-004', false],
    ['echo', 'echo', true],
  ] as const)('%s %s: %s', (api, model, sees) => {
    expect(defaultVision(api, model)).toBe(sees);
  });

  it('lists vision per model, with the provider override replacing the guess', async () => {
    const catalog = createProviders(
      parseConfig({
        OPENAI_API_KEY: 'k',
        OPENAI_MODELS: 'gpt-4o,gpt-3.5-turbo',
        ANTHROPIC_API_KEY: 'k',
        ANTHROPIC_VISION_MODELS: 'claude-none',
        AI_PROVIDERS: JSON.stringify([
          {
            name: 'local',
            baseURL: 'http://127.0.0.1:9/v1',
            models: ['my-vlm', 'my-llm'],
            visionModels: ['my-v*'],
          },
        ]),
      }),
    );
    // Nothing listens on the providers: the catalog lists the configured models only.
    const models = await catalog.list();
    expect(models.map(({ id, vision }) => [id, vision])).toEqual([
      ['openai:gpt-4o', true],
      ['openai:gpt-3.5-turbo', false],
      ['anthropic:claude-sonnet-4-5', false],
      ['local:my-vlm', true],
      ['local:my-llm', false],
    ]);
    expect(catalog.resolve('local:my-vlm')?.vision).toBe(true);
  });

  it('the echo model takes everything', async () => {
    const catalog = createModelCatalog([createEchoProvider()]);
    expect((await catalog.list())[0]).toMatchObject({ id: 'echo', vision: true });
  });
});

describe('assertModelCanSee', () => {
  const catalog = createModelCatalog([
    createOpenAIProvider({
      name: 'openai',
      models: ['gpt-4o', 'gpt-3.5-turbo'],
      timeoutMs: 1_000,
      retry,
    }),
  ]);
  const png = { kind: 'image' as const, name: 'cat.png' };
  const notes = { kind: 'document' as const, name: 'notes.md' };

  it('lets images through to a model with vision, and documents to any', () => {
    expect(() => assertModelCanSee(catalog, 'openai:gpt-4o', [png, notes])).not.toThrow();
    expect(() => assertModelCanSee(catalog, 'openai:gpt-3.5-turbo', [notes])).not.toThrow();
    expect(() => assertModelCanSee(catalog, 'unknown-model', [png])).not.toThrow();
  });

  it('refuses images for a model without vision: BAD_REQUEST on attachmentIds, naming the model', () => {
    let error: unknown;
    try {
      assertModelCanSee(catalog, 'gpt-3.5-turbo', [png, notes]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ModelCannotSeeImagesError);
    // The shape core's isDomainError recognises, so the API maps it to BAD_REQUEST.
    expect(error).toMatchObject({
      name: 'DomainError',
      kind: 'BAD_REQUEST',
      field: 'attachmentIds',
      model: 'openai:gpt-3.5-turbo',
      message:
        'The model "openai:gpt-3.5-turbo" cannot see images (cat.png): choose a model with vision, or send the message without them',
    });
  });
});
