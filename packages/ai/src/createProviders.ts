import type { Config, ProviderConfig } from '@chatbot/config';
import { createAnthropicProvider } from './anthropicProvider';
import { createEchoProvider, type EchoOptions } from './echoProvider';
import { createGeminiProvider } from './geminiProvider';
import { createModelCatalog, type ModelCatalog } from './modelCatalog';
import { createOpenAIProvider } from './openaiProvider';
import type { ChatProvider } from './provider';
import type { RetryPolicy } from './retry';

export interface ProviderOverrides {
  echo?: EchoOptions;
  /** Shorter backoff in tests. */
  retry?: Partial<RetryPolicy>;
}

/** Each built-in provider's model when its *_MODELS variable is unset (more come from its list). */
const FALLBACK_MODELS = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-sonnet-4-5',
  gemini: 'gemini-2.5-flash',
} as const;

type Settings = Omit<ProviderConfig, 'type'> & { timeoutMs: number; retry: RetryPolicy };

const factories: Record<ProviderConfig['type'], (settings: Settings) => ChatProvider> = {
  openai: createOpenAIProvider,
  anthropic: createAnthropicProvider,
  gemini: createGeminiProvider,
};

/** DEFAULT_MODEL has long named the OpenAI model when OPENAI_MODELS is unset. */
function openAIFallback(config: Config): string {
  const preferred = config.ai.defaultModel;
  if (!preferred) return FALLBACK_MODELS.openai;
  const others = ['anthropic', 'gemini', ...config.ai.providers.map((provider) => provider.name)];
  if (others.some((name) => preferred.startsWith(`${name}:`))) return FALLBACK_MODELS.openai;
  return preferred.replace(/^openai:/, '');
}

/**
 * The model catalog for a configuration: the built-in providers (OPENAI_*, ANTHROPIC_*,
 * GEMINI_*), then every AI_PROVIDERS entry. With none, the echo model.
 */
export function createProviders(config: Config, overrides: ProviderOverrides = {}): ModelCatalog {
  const retry: RetryPolicy = { maxRetries: config.ai.maxRetries, ...overrides.retry };
  const common = { timeoutMs: config.ai.timeoutMs, retry };
  const providers: ChatProvider[] = [];
  for (const type of ['openai', 'anthropic', 'gemini'] as const) {
    const settings = config.ai[type];
    if (!settings) continue;
    const fallback = type === 'openai' ? openAIFallback(config) : FALLBACK_MODELS[type];
    const models = settings.models.length > 0 ? settings.models : [fallback];
    providers.push(factories[type]({ name: type, ...settings, models, ...common }));
  }
  for (const { type, ...provider } of config.ai.providers) {
    providers.push(factories[type]({ ...provider, ...common }));
  }
  if (providers.length === 0) providers.push(createEchoProvider(overrides.echo));
  return createModelCatalog(providers, config.ai.defaultModel);
}
