import type { Config } from '@chatbot/config';
import { createEchoProvider, type EchoOptions } from './echoProvider';
import { createModelCatalog, type ModelCatalog } from './modelCatalog';
import { createOpenAIProvider } from './openaiProvider';
import type { ChatProvider } from './provider';
import type { RetryPolicy } from './retry';

export interface ProviderOverrides {
  echo?: EchoOptions;
  /** Shorter backoff in tests. */
  retry?: Partial<RetryPolicy>;
}

/** Used when OPENAI_API_KEY is set without OPENAI_MODELS. */
const OPENAI_FALLBACK_MODEL = 'gpt-4o-mini';

/**
 * The model catalog for a configuration: the default OpenAI-compatible provider
 * (OPENAI_API_KEY / OPENAI_BASE_URL), then every AI_PROVIDERS entry. With none, the echo model.
 */
export function createProviders(config: Config, overrides: ProviderOverrides = {}): ModelCatalog {
  const retry: RetryPolicy = { maxRetries: config.ai.maxRetries, ...overrides.retry };
  const providers: ChatProvider[] = [];
  const { openai } = config.ai;
  if (openai) {
    const models =
      openai.models.length > 0 ? openai.models : [config.ai.defaultModel ?? OPENAI_FALLBACK_MODEL];
    providers.push(
      createOpenAIProvider({
        name: 'openai',
        baseURL: openai.baseURL,
        apiKey: openai.apiKey,
        models,
        timeoutMs: config.ai.timeoutMs,
        retry,
      }),
    );
  }
  for (const provider of config.ai.providers) {
    providers.push(createOpenAIProvider({ ...provider, timeoutMs: config.ai.timeoutMs, retry }));
  }
  if (providers.length === 0) providers.push(createEchoProvider(overrides.echo));
  return createModelCatalog(providers, config.ai.defaultModel);
}
