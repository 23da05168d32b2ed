import type { ChatProvider } from './provider';

export interface ModelInfo {
  id: string;
  provider: string;
  label: string;
  isDefault: boolean;
}

export interface ResolvedModel {
  provider: ChatProvider;
  /** The model name as the provider knows it. */
  model: string;
}

/**
 * The models a session may use, and which provider serves each. Model ids are the provider's
 * own names; when two providers list the same name, `provider/name` picks one explicitly.
 */
export interface ModelCatalog {
  readonly defaultModel: string;
  list(): Promise<ModelInfo[]>;
  resolve(model: string): ResolvedModel | undefined;
}

export function createModelCatalog(
  providers: ChatProvider[],
  preferredDefault?: string,
): ModelCatalog {
  if (providers.length === 0) throw new Error('A model catalog needs at least one provider.');
  const byId = new Map<string, ResolvedModel>();
  for (const provider of providers) {
    for (const model of provider.models) {
      const resolved = { provider, model };
      byId.set(`${provider.name}/${model}`, resolved);
      if (!byId.has(model)) byId.set(model, resolved);
    }
  }
  const firstModel = providers.flatMap((provider) => provider.models)[0];
  const defaultModel =
    preferredDefault && byId.has(preferredDefault) ? preferredDefault : (firstModel ?? 'echo');

  return {
    defaultModel,
    resolve: (model) => byId.get(model),
    async list() {
      return providers.flatMap((provider) =>
        provider.models.map((model) => ({
          id: byId.get(model)?.provider === provider ? model : `${provider.name}/${model}`,
          provider: provider.name,
          label: model,
          isDefault: model === defaultModel,
        })),
      );
    },
  };
}
