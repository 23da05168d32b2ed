export type {
  ChatProvider,
  ChatTurn,
  GenerateRequest,
  ProviderApi,
  ProviderEvent,
  TokenUsage,
} from './provider';
export {
  IMAGE_MEDIA_TYPES,
  isImageMediaType,
  toModelAttachment,
  UnreadableAttachmentError,
  type DocumentAttachment,
  type ImageAttachment,
  type ImageMediaType,
  type ModelAttachment,
} from './attachments';
export {
  CHARS_PER_TOKEN,
  DEFAULT_IMAGE_BUDGET_BYTES,
  documentBlock,
  prepareTurns,
  turnImages,
  turnText,
  type PreparedTurns,
  type PrepareOptions,
  type TruncatedAttachment,
} from './attachmentPrompt';
export { assertModelCanSee, defaultVision, ModelCannotSeeImagesError } from './vision';
export {
  createEchoProvider,
  echoReply,
  estimateTokens,
  ECHO_MODEL,
  type EchoOptions,
} from './echoProvider';
export { createOpenAIProvider, type OpenAIProviderOptions } from './openaiProvider';
export { createAnthropicProvider, type AnthropicProviderOptions } from './anthropicProvider';
export { createGeminiProvider, type GeminiProviderOptions } from './geminiProvider';
export {
  createModelCatalog,
  modelId,
  modelVision,
  type CatalogEntry,
  type ModelCatalog,
  type ModelInfo,
  type ResolvedModel,
} from './modelCatalog';
export { createProviders, type ProviderOverrides } from './createProviders';
export { ProviderConfigurationError, ProviderUnavailableError } from './errors';
export { backoffDelay, type RetryPolicy } from './retry';
