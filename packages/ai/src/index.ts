export type {
  ChatProvider,
  ChatTurn,
  GenerateRequest,
  ProviderEvent,
  TokenUsage,
} from './provider';
export {
  createEchoProvider,
  echoReply,
  estimateTokens,
  ECHO_MODEL,
  type EchoOptions,
} from './echoProvider';
export { createOpenAIProvider, type OpenAIProviderOptions } from './openaiProvider';
export {
  createModelCatalog,
  type ModelCatalog,
  type ModelInfo,
  type ResolvedModel,
} from './modelCatalog';
export { createProviders, type ProviderOverrides } from './createProviders';
export { ProviderConfigurationError, ProviderUnavailableError } from './errors';
export { backoffDelay, type RetryPolicy } from './retry';
