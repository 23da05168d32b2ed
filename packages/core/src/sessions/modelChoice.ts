import type { ModelCatalog } from '@chatbot/ai';
import { badRequest } from '../errors';
import { providerFamilyOf, type ProviderFamily } from '../schemas/models';

export interface ModelChoice {
  model: string;
  provider: ProviderFamily;
}

/** What a client asked for: a model, a provider family, or a family with `model: ""`. */
export interface ModelRequest {
  provider?: ProviderFamily;
  /** `""` asks for the provider's default model (the original frontend's provider switch). */
  model?: string;
}

const familyOfModel = (models: ModelCatalog, model: string) => {
  const provider = models.resolve(model)?.provider;
  return providerFamilyOf(provider?.name ?? model, provider?.api);
};

export function defaultChoice(models: ModelCatalog): ModelChoice {
  return { model: models.defaultModel, provider: familyOfModel(models, models.defaultModel) };
}

/**
 * The model and family a create or update stores, or undefined when the request names neither.
 * A named model must be served here and belong to the named family (when one is named); a family
 * alone gets its default: the catalog's default model if it is of that family, else its first.
 */
export async function chooseModel(
  models: ModelCatalog,
  request: ModelRequest,
  currentFamily?: ProviderFamily,
): Promise<ModelChoice | undefined> {
  const { provider, model } = request;
  if (model) {
    const resolved = models.resolve(model);
    if (!resolved) {
      throw badRequest(`Unknown model "${model}"; models.list shows the ones available`, 'model');
    }
    const family = familyOfModel(models, model);
    if (provider && provider !== family) {
      throw badRequest(`"${model}" is a ${family} model, not ${provider}`, 'model');
    }
    // Stored under the id that names its provider, however the client spelled it.
    return { model: resolved.id, provider: family };
  }
  if (provider === undefined && model === undefined) return undefined;

  const family = provider ?? currentFamily ?? defaultChoice(models).provider;
  const ofFamily = (await models.list()).filter(
    (listed) => providerFamilyOf(listed.provider, listed.api) === family,
  );
  const chosen = ofFamily.find((listed) => listed.isDefault) ?? ofFamily[0];
  if (!chosen) {
    throw badRequest(
      `No ${family} model is configured here; GET /ai/models lists the ones available`,
      'provider',
    );
  }
  return { model: chosen.id, provider: family };
}
