import { createEchoProvider, createModelCatalog, type ChatProvider } from '@chatbot/ai';
import { failureOf } from '@chatbot/core/testing';
import { describe, expect, it } from 'vitest';
import { chooseModel, defaultChoice } from './modelChoice';

/** A provider that only has a name and models: choosing never streams. */
const named = (name: string, models: string[], api?: ChatProvider['api']): ChatProvider => ({
  ...createEchoProvider(),
  name,
  api,
  models,
});

const catalog = createModelCatalog(
  [
    named('openai', ['gpt-small', 'gpt-large']),
    named('gemini', ['gemini-flash', 'gemini-pro']),
    named('anthropic', ['claude-haiku']),
  ],
  'gemini:gemini-pro',
);

describe('chooseModel', () => {
  it('gives a provider family alone (or with model "") its default model', async () => {
    // The catalog's default is a GOOGLE model, so GOOGLE gets it; the others get their first.
    expect(await chooseModel(catalog, { provider: 'GOOGLE', model: '' })).toEqual({
      model: 'gemini:gemini-pro',
      provider: 'GOOGLE',
    });
    expect(await chooseModel(catalog, { provider: 'ANTHROPIC', model: '' })).toEqual({
      model: 'anthropic:claude-haiku',
      provider: 'ANTHROPIC',
    });
    expect(await chooseModel(catalog, { provider: 'OPENAI' })).toEqual({
      model: 'openai:gpt-small',
      provider: 'OPENAI',
    });
  });

  it('gives model "" alone the default of the current family', async () => {
    expect(await chooseModel(catalog, { model: '' }, 'ANTHROPIC')).toEqual({
      model: 'anthropic:claude-haiku',
      provider: 'ANTHROPIC',
    });
  });

  it('names the family of a named model, and refuses one of another family', async () => {
    expect(await chooseModel(catalog, { model: 'claude-haiku' })).toEqual({
      model: 'anthropic:claude-haiku',
      provider: 'ANTHROPIC',
    });
    expect(
      await failureOf(chooseModel(catalog, { provider: 'OPENAI', model: 'gemini-flash' })),
    ).toEqual({ kind: 'BAD_REQUEST', field: 'model' });
    expect(await failureOf(chooseModel(catalog, { model: 'gpt-unknown' }))).toEqual({
      kind: 'BAD_REQUEST',
      field: 'model',
    });
  });

  it('stores the id that names the provider, however the model was spelled', async () => {
    for (const spelling of ['claude-haiku', 'anthropic/claude-haiku', 'anthropic:claude-haiku']) {
      expect(await chooseModel(catalog, { model: spelling })).toEqual({
        model: 'anthropic:claude-haiku',
        provider: 'ANTHROPIC',
      });
    }
  });

  it('knows the family of a native provider by its protocol, whatever its name', async () => {
    const work = createModelCatalog([
      named('work', ['sonnet'], 'anthropic'),
      named('lab', ['flash'], 'gemini'),
    ]);
    expect(await chooseModel(work, { model: 'work:sonnet' })).toEqual({
      model: 'work:sonnet',
      provider: 'ANTHROPIC',
    });
    expect(await chooseModel(work, { provider: 'GOOGLE', model: '' })).toEqual({
      model: 'lab:flash',
      provider: 'GOOGLE',
    });
  });

  it('refuses a family with no configured model, on the provider field', async () => {
    const echoOnly = createModelCatalog([createEchoProvider()]);
    expect(await failureOf(chooseModel(echoOnly, { provider: 'GOOGLE', model: '' }))).toEqual({
      kind: 'BAD_REQUEST',
      field: 'provider',
    });
    // The echo model is listed under OPENAI, which is all the original frontend knows.
    expect(defaultChoice(echoOnly)).toEqual({ model: 'echo', provider: 'OPENAI' });
  });

  it('leaves a request that names neither unchanged', async () => {
    expect(await chooseModel(catalog, {})).toBeUndefined();
  });
});
