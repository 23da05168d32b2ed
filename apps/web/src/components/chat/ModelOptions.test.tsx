import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ModelOptions } from './ModelOptions';

const model = (provider: string, api: 'openai' | 'anthropic' | 'gemini', label: string) => ({
  id: `${provider}:${label}`,
  provider,
  api,
  label,
  isDefault: false,
  vision: false,
});

const models = [
  model('openai', 'openai', 'gpt-4o-mini'),
  model('anthropic', 'anthropic', 'claude-sonnet-4-5'),
  model('openai', 'openai', 'gpt-4o'),
  model('local', 'openai', 'llama3:8b'),
];

const html = (current?: string) =>
  renderToStaticMarkup(
    createElement('select', { value: current, readOnly: true }, [
      createElement(ModelOptions, { key: 'options', models, current }),
    ]),
  );

describe('the model picker', () => {
  it('groups the models by provider, each model once, valued by its id', () => {
    const markup = html('openai:gpt-4o');
    const groups = [...markup.matchAll(/<optgroup label="([^"]+)">(.*?)<\/optgroup>/g)];
    expect(groups.map((group) => group[1])).toEqual(['OpenAI', 'Anthropic', 'local']);
    expect(groups[0]?.[2]).toBe(
      '<option value="openai:gpt-4o-mini">gpt-4o-mini</option>' +
        '<option value="openai:gpt-4o" selected="">gpt-4o</option>',
    );
    expect(groups[2]?.[2]).toBe('<option value="local:llama3:8b">llama3:8b</option>');
  });

  it("keeps a chat's model that the list no longer offers", () => {
    expect(html('gpt-3.5')).toContain('<option value="gpt-3.5" selected="">gpt-3.5</option>');
    expect(html('openai:gpt-4o')).not.toContain('<option value="gpt-3.5"');
  });
});
