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
export {
  createModelCatalog,
  type ModelCatalog,
  type ModelInfo,
  type ResolvedModel,
} from './modelCatalog';
export { createProviders } from './createProviders';
