import type { ModelAttachment } from './attachments';

/** One turn of the conversation sent to a model. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** Files the user attached (user turns only; providers ignore them elsewhere). */
  attachments?: ModelAttachment[];
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface GenerateRequest {
  model: string;
  messages: ChatTurn[];
  /** Aborting stops the provider request (cancel, shutdown, session deleted). */
  signal?: AbortSignal;
}

/** What a streaming provider yields: text as it arrives, then (when known) the usage. */
export type ProviderEvent = { type: 'delta'; text: string } | { type: 'usage'; usage: TokenUsage };

/** The wire protocol a provider speaks (`openai`: any OpenAI-compatible endpoint). */
export type ProviderApi = 'openai' | 'anthropic' | 'gemini' | 'echo';

/** A source of replies: an OpenAI-compatible endpoint, Anthropic, Gemini or the echo model. */
export interface ChatProvider {
  /** The name a model is listed under (`echo`, `openai`, `anthropic`, `gemini`, or from AI_PROVIDERS). */
  readonly name: string;
  /** @default 'openai' */
  readonly api?: ProviderApi;
  /** The models this provider is configured with. */
  readonly models: readonly string[];
  /** The models that see images, replacing the defaults by name (AI_PROVIDERS `visionModels`). */
  readonly visionModels?: readonly string[];
  stream(request: GenerateRequest): AsyncIterable<ProviderEvent>;
  /** A whole reply at once (titles, summaries). */
  complete(request: GenerateRequest): Promise<{ text: string; usage?: TokenUsage }>;
  /** What the endpoint itself reports, when it answers; undefined when it can't be asked. */
  listRemoteModels?(signal?: AbortSignal): Promise<string[] | undefined>;
}
