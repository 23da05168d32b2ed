import { z } from 'zod';

export const modelOutput = z.object({
  /** `provider:model` (e.g. `anthropic:claude-sonnet-4-5`); the echo model is `echo`. */
  id: z.string(),
  provider: z.string(),
  /** The provider's wire protocol: `openai` for any OpenAI-compatible endpoint. */
  api: z.enum(['openai', 'anthropic', 'gemini', 'echo']),
  label: z.string(),
  isDefault: z.boolean(),
  /** Whether the model takes images; documents go to every model as text. */
  vision: z.boolean(),
});
export type ModelDTO = z.infer<typeof modelOutput>;

/** The original backend's providers; every model we serve is listed under one of them. */
export const providerFamily = z.enum(['OPENAI', 'GOOGLE', 'ANTHROPIC']);
export type ProviderFamily = z.infer<typeof providerFamily>;

/**
 * The family of one of our providers: the native Anthropic and Gemini ones by their protocol,
 * compatibility endpoints by name (anthropic, claude, gemini, google), everything else (the echo
 * model, any OpenAI-compatible endpoint) under OPENAI, as the original's frontend knows no other.
 */
export function providerFamilyOf(providerName: string, api?: ModelDTO['api']): ProviderFamily {
  if (api === 'anthropic') return 'ANTHROPIC';
  if (api === 'gemini') return 'GOOGLE';
  if (/anthropic|claude/i.test(providerName)) return 'ANTHROPIC';
  if (/gemini|google/i.test(providerName)) return 'GOOGLE';
  return 'OPENAI';
}

export const modelCatalogInput = z.object({ provider: providerFamily.optional() }).default({});

/** A model as the original listed it (`provider` is the family); `source` is our provider. */
const catalogModel = modelOutput
  .omit({ api: true })
  .extend({ provider: providerFamily, source: z.string() });
export const modelCatalogOutput = z.object({
  modelsByProvider: z.array(z.object({ provider: providerFamily, models: z.array(catalogModel) })),
  models: z.array(catalogModel),
});
export type ModelCatalogDTO = z.infer<typeof modelCatalogOutput>;

/** The original's `GET /ai/models` shape over our model list, optionally one family only. */
export function toModelCatalog(models: ModelDTO[], only?: ProviderFamily): ModelCatalogDTO {
  const listed = models
    .map(({ api, ...model }) => ({
      ...model,
      provider: providerFamilyOf(model.provider, api),
      source: model.provider,
    }))
    .filter((model) => !only || model.provider === only);
  const families = only ? [only] : providerFamily.options;
  return {
    modelsByProvider: families
      .map((family) => ({
        provider: family,
        models: listed.filter((model) => model.provider === family),
      }))
      .filter((group) => group.models.length > 0),
    models: listed,
  };
}
