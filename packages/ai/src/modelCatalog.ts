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
 * The models a session may use, and which provider serves each. A model id is the provider's
 * own name; when two providers offer the same name, `provider/name` picks one explicitly.
 */
export interface ModelCatalog {
  readonly defaultModel: string;
  /** Configured models plus what each provider's /models reports (when it answers). */
  list(): Promise<ModelInfo[]>;
  resolve(model: string): ResolvedModel | undefined;
}

/** How long a provider's /models answer is trusted. */
const REMOTE_TTL_MS = 60_000;

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
    const byId = new Map<string, ResolvedModel>();
    for (const provider of providers) {
      for (const model of modelsOf(provider)) {
        const resolved = { provider, model };
        byId.set(`${provider.name}/${model}`, resolved);
        if (!byId.has(model)) byId.set(model, resolved);
      }
    }
    return byId;
  }

  // Rebuilt only when a provider's /models answer arrives, not per lookup: resolve() runs on
  // every send and for every metric label.
  let byId = index();
  const configured = byId;
  const firstModel = providers.flatMap((provider) => provider.models)[0] ?? 'echo';
  const defaultModel =
    preferredDefault && configured.has(preferredDefault) ? preferredDefault : firstModel;

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
        modelsOf(provider).map((model) => ({
          id: byId.get(model)?.provider === provider ? model : `${provider.name}/${model}`,
          provider: provider.name,
          label: model,
          isDefault: model === defaultModel,
        })),
      );
    },
  };
}
