import type { Config } from '@chatbot/config';
import { createEchoProvider, type EchoOptions } from './echoProvider';
import { createModelCatalog, type ModelCatalog } from './modelCatalog';

/**
 * The model catalog for a configuration. With no provider configured, only the echo model.
 * (OpenAI-compatible providers arrive with the streaming pipeline.)
 */
export function createProviders(config: Config, echo: EchoOptions = {}): ModelCatalog {
  return createModelCatalog([createEchoProvider(echo)], config.ai.defaultModel);
}
