import type { RouterOutputs } from '@chatbot/api';

type Model = RouterOutputs['models']['list'][number];

/** How a provider is named in the picker; AI_PROVIDERS entries keep their own names. */
const PROVIDER_LABELS: Record<string, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Google Gemini',
  echo: 'Built-in',
};

export function providerLabel(provider: string): string {
  return PROVIDER_LABELS[provider] ?? provider;
}

/** The models by provider, in the catalog's order. */
export function groupModels(models: readonly Model[]) {
  const groups = new Map<string, Model[]>();
  for (const model of models) {
    const group = groups.get(model.provider) ?? [];
    group.push(model);
    groups.set(model.provider, group);
  }
  return [...groups].map(([provider, items]) => ({ provider, models: items }));
}

/**
 * The `<option>`s of a model picker, one `<optgroup>` per provider. A `current` model the list
 * lacks (one no longer offered, or the list still loading) stays shown, so the select keeps it.
 */
export function ModelOptions({
  models,
  current,
}: {
  models: readonly Model[] | undefined;
  current?: string;
}) {
  const list = models ?? [];
  const missing = current && !list.some((model) => model.id === current);
  return (
    <>
      {missing && <option value={current}>{current}</option>}
      {groupModels(list).map((group) => (
        <optgroup key={group.provider} label={providerLabel(group.provider)}>
          {group.models.map((model) => (
            <option key={model.id} value={model.id}>
              {model.label}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
