/** One turn of the conversation sent to a model. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
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

/** A source of replies: an OpenAI-compatible endpoint or the built-in echo model. */
export interface ChatProvider {
  /** The name a model is listed under (`echo`, `openai`, or one from AI_PROVIDERS). */
  readonly name: string;
  /** The models this provider is configured with. */
  readonly models: readonly string[];
  stream(request: GenerateRequest): AsyncIterable<ProviderEvent>;
  /** A whole reply at once (titles, summaries). */
  complete(request: GenerateRequest): Promise<{ text: string; usage?: TokenUsage }>;
  /** What the endpoint itself reports, when it answers; undefined when it can't be asked. */
  listRemoteModels?(signal?: AbortSignal): Promise<string[] | undefined>;
}
