import { describe, expect, it } from 'vitest';
import { providerFamilyOf, toModelCatalog } from './models';

const model = (id: string, provider: string, api: 'openai' | 'anthropic' | 'echo' = 'openai') => ({
  id,
  provider,
  api,
  label: id,
  isDefault: false,
  vision: false,
});

describe('the original backend model catalog', () => {
  it('puts every provider under OPENAI, GOOGLE or ANTHROPIC (echo and compatible endpoints: OPENAI)', () => {
    expect(providerFamilyOf('echo')).toBe('OPENAI');
    expect(providerFamilyOf('openai')).toBe('OPENAI');
    expect(providerFamilyOf('ollama')).toBe('OPENAI');
    expect(providerFamilyOf('anthropic')).toBe('ANTHROPIC');
    expect(providerFamilyOf('gemini')).toBe('GOOGLE');
    expect(providerFamilyOf('work', 'anthropic')).toBe('ANTHROPIC');
    expect(providerFamilyOf('lab', 'gemini')).toBe('GOOGLE');
  });

  it('groups the models by family and filters to one', () => {
    const models = [model('echo', 'echo', 'echo'), model('claude-x', 'anthropic', 'anthropic')];
    const catalog = toModelCatalog(models);
    expect(catalog.modelsByProvider.map((group) => group.provider)).toEqual([
      'OPENAI',
      'ANTHROPIC',
    ]);
    expect(catalog.models).toHaveLength(2);
    expect(toModelCatalog(models, 'ANTHROPIC').models).toEqual([
      {
        id: 'claude-x',
        provider: 'ANTHROPIC',
        label: 'claude-x',
        isDefault: false,
        vision: false,
        source: 'anthropic',
      },
    ]);
  });
});
