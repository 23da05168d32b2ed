import type { ChatProvider, ProviderApi } from './provider';
import { defaultVision, matchesVisionList } from './vision';

export interface ModelInfo {
  /** `provider:model`, e.g. `anthropic:claude-sonnet-4-5`; the echo model is plain `echo`. */
  id: string;
  provider: string;
  /** The wire protocol of that provider. */
  api: ProviderApi;
  /** The model name as the provider knows it. */
  label: string;
  isDefault: boolean;
  /** Whether the model takes images (attachments); documents go to every model as text. */
  vision: boolean;
}

export interface ResolvedModel {
  provider: ChatProvider;
  /** The model name as the provider knows it. */
  model: string;
}

export interface CatalogEntry extends ResolvedModel {
  /** The id that names this model from now on (what a session stores). */
  id: string;
  /** Whether the model takes images. */
  vision: boolean;
}

/**
 * The models a session may use, and which provider serves each. A model id says its provider
 * (`anthropic:claude-...`). Ids written before that still resolve: a bare model name (the first
 * provider that offers it) and `provider/model`.
 */
export interface ModelCatalog {
  /** The id of the model new sessions use. */
  readonly defaultModel: string;
  /** Configured models plus what each provider's model list reports (when it answers). */
  list(): Promise<ModelInfo[]>;
  resolve(model: string): CatalogEntry | undefined;
}

/** How long a provider's model list is trusted. */
const REMOTE_TTL_MS = 60_000;

/** The echo model keeps its plain id, the one clients of the original backend know. */
export function modelId(provider: ChatProvider, model: string): string {
  return provider.name === 'echo' ? model : `${provider.name}:${model}`;
}

/** Whether a provider's model sees images: its `visionModels` override, else the defaults. */
export function modelVision(provider: ChatProvider, model: string): boolean {
  return provider.visionModels
    ? matchesVisionList(provider.visionModels, model)
    : defaultVision(provider.api ?? 'openai', model);
}

export function createModelCatalog(
  providers: ChatProvider[],
  preferredDefault?: string,
): ModelCatalog {
  if (providers.length === 0) throw new Error('A model catalog needs at least one provider.');
  const remote = new Map<ChatProvider, { models: string[]; fetchedAt: number }>();

  const modelsOf = (provider: ChatProvider) => {
    const discovered = remote.get(provider)?.models ?? [];
    return [...new Set([...provider.models, ...discovered])];
  };

  function index() {
    const byId = new Map<string, CatalogEntry>();
    const entries = providers.flatMap((provider) =>
      modelsOf(provider).map((model) => ({
        provider,
        model,
        id: modelId(provider, model),
        vision: modelVision(provider, model),
      })),
    );
    // Exact ids first, so an old-style alias never shadows a real id.
    for (const entry of entries) byId.set(entry.id, entry);
    for (const entry of entries) {
      for (const alias of [`${entry.provider.name}/${entry.model}`, entry.model]) {
        if (!byId.has(alias)) byId.set(alias, entry);
      }
    }
    return byId;
  }

  // Rebuilt only when a provider's model list arrives, not per lookup: resolve() runs on every
  // send and for every metric label.
  let byId = index();
  const firstProvider = providers.find((provider) => provider.models.length > 0);
  const firstModel = firstProvider ? modelId(firstProvider, firstProvider.models[0]!) : 'echo';
  const defaultModel = (preferredDefault && byId.get(preferredDefault)?.id) || firstModel;

  async function refreshRemote() {
    await Promise.all(
      providers.map(async (provider) => {
        const cached = remote.get(provider);
        if (!provider.listRemoteModels || (cached && Date.now() - cached.fetchedAt < REMOTE_TTL_MS))
          return;
        const models = await provider
          .listRemoteModels(AbortSignal.timeout(5_000))
          .catch(() => undefined);
        // A failed answer is remembered too, so an unreachable endpoint is not asked every call.
        remote.set(provider, { models: models ?? cached?.models ?? [], fetchedAt: Date.now() });
      }),
    );
    byId = index();
  }

  return {
    defaultModel,
    resolve: (model) => byId.get(model),
    async list() {
      await refreshRemote();
      return providers.flatMap((provider) =>
        modelsOf(provider).map((model) => {
          const id = modelId(provider, model);
          return {
            id,
            provider: provider.name,
            api: provider.api ?? 'openai',
            label: model,
            isDefault: id === defaultModel,
            vision: modelVision(provider, model),
          };
        }),
      );
    },
  };
}
