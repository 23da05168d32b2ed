import Anthropic from '@anthropic-ai/sdk';
import type { ContentBlockParam, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { turnImages, turnText } from './attachmentPrompt';
import {
  isNetworkFailure,
  ProviderConfigurationError,
  ProviderUnavailableError,
  retryAfterHeader,
} from './errors';
import type { ChatProvider, ChatTurn } from './provider';
import { collectReply, resilientStream } from './resilientStream';
import type { RetryPolicy } from './retry';

export interface AnthropicProviderOptions {
  /** The name models are listed under. */
  name: string;
  /** @default https://api.anthropic.com (the SDK appends /v1/messages) */
  baseURL?: string;
  apiKey?: string;
  models: string[];
  /** The models that see images, when not the defaults (see vision.ts). */
  visionModels?: string[];
  /** Longest wait for the response and for each chunk after it. */
  timeoutMs: number;
  retry: RetryPolicy;
  /** The Messages API requires a cap on the reply's length. @default 4096 */
  maxTokens?: number;
}

/** In-stream error types worth another try (the HTTP statuses are judged by number). */
const PASSING_ERROR_TYPES = new Set(['overloaded_error', 'api_error', 'rate_limit_error']);

function classify(provider: string, error: unknown): Error {
  if (error instanceof Anthropic.APIUserAbortError) return error;
  if (
    error instanceof Anthropic.AuthenticationError ||
    error instanceof Anthropic.PermissionDeniedError
  ) {
    return new ProviderConfigurationError(provider, error.status);
  }
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return new ProviderUnavailableError(provider, `The "${provider}" provider timed out`, true, {
      cause: error,
    });
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return new ProviderUnavailableError(
      provider,
      `Could not reach the "${provider}" provider`,
      true,
      { cause: error },
    );
  }
  if (error instanceof Anthropic.APIError) {
    const status = error.status;
    const retryable =
      status === undefined
        ? PASSING_ERROR_TYPES.has(error.type ?? '')
        : status === 408 || status === 409 || status === 429 || status >= 500;
    const detail = error.apiMessage ?? error.message;
    return new ProviderUnavailableError(
      provider,
      `The "${provider}" provider answered ${status ?? error.type ?? 'with an error'}: ${detail}`,
      retryable,
      { cause: error, retryAfterMs: retryAfterHeader(error.headers) },
    );
  }
  if (isNetworkFailure(error)) {
    return new ProviderUnavailableError(
      provider,
      `The connection to the "${provider}" provider dropped`,
      true,
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** A turn's content blocks: images first (as Anthropic advises), then its text. */
function blocksOf(turn: ChatTurn): ContentBlockParam[] {
  const text = turnText(turn);
  return [
    ...turnImages(turn).map((image): ContentBlockParam => ({
      type: 'image',
      source: {
        type: 'base64',
        media_type: image.mediaType,
        data: Buffer.from(image.data).toString('base64'),
      },
    })),
    ...(text ? [{ type: 'text' as const, text }] : []),
  ];
}

/**
 * The Messages API wants the system prompt apart, turns alternating and starting with the user:
 * system turns are joined, consecutive turns of one role merged, and a leading reply dropped.
 * A turn of text only is sent as a plain string, one with images as content blocks.
 */
export function toAnthropicMessages(turns: ChatTurn[]) {
  const system = turns
    .filter((turn) => turn.role === 'system')
    .map((turn) => turn.content)
    .join('\n\n');
  const merged: { role: 'user' | 'assistant'; blocks: ContentBlockParam[] }[] = [];
  for (const turn of turns) {
    if (turn.role === 'system') continue;
    const blocks = blocksOf(turn);
    const last = merged.at(-1);
    if (last?.role === turn.role) {
      const tail = last.blocks.at(-1);
      const head = blocks[0];
      // Adjacent texts join into one block, as two turns of one role always have.
      if (tail?.type === 'text' && head?.type === 'text') {
        tail.text += `\n\n${head.text}`;
        blocks.shift();
      }
      last.blocks.push(...blocks);
    } else if (last || turn.role === 'user') merged.push({ role: turn.role, blocks });
  }
  const messages = merged.map(({ role, blocks }): MessageParam => ({
    role,
    content:
      blocks.length === 1 && blocks[0]!.type === 'text'
        ? blocks[0]!.text
        : blocks.length === 0
          ? ''
          : blocks,
  }));
  return { system: system || undefined, messages };
}

/** Anthropic's own Messages API through `@anthropic-ai/sdk`, streamed. */
export function createAnthropicProvider(options: AnthropicProviderOptions): ChatProvider {
  const client = new Anthropic({
    // A proxy in front of Anthropic may hold the key itself; the SDK insists on one.
    apiKey: options.apiKey || 'not-needed',
    baseURL: options.baseURL ?? 'https://api.anthropic.com',
    timeout: options.timeoutMs,
    maxRetries: 0, // retries are ours: they must stop once text has arrived
  });
  const name = options.name;
  const maxTokens = options.maxTokens ?? 4096;

  const stream = resilientStream({
    name,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    classify: (error) => classify(name, error),
    async *attempt(request, signal) {
      const { system, messages } = toAnthropicMessages(request.messages);
      const events = await client.messages.create(
        { model: request.model, max_tokens: maxTokens, system, messages, stream: true },
        { signal },
      );
      let promptTokens = 0;
      for await (const event of events) {
        if (event.type === 'message_start') {
          const usage = event.message.usage;
          promptTokens =
            (usage.input_tokens ?? 0) +
            (usage.cache_creation_input_tokens ?? 0) +
            (usage.cache_read_input_tokens ?? 0);
        } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          if (event.delta.text) yield { type: 'delta', text: event.delta.text };
        } else if (event.type === 'message_delta') {
          // Cumulative counts; input_tokens repeated here when the server knows it only late.
          if (event.usage.input_tokens != null) {
            promptTokens =
              event.usage.input_tokens +
              (event.usage.cache_creation_input_tokens ?? 0) +
              (event.usage.cache_read_input_tokens ?? 0);
          }
          yield {
            type: 'usage',
            usage: { promptTokens, completionTokens: event.usage.output_tokens },
          };
        } else if (event.type === 'message_stop') {
          yield { type: 'finish' };
        }
      }
    },
  });

  return {
    name,
    api: 'anthropic',
    models: options.models,
    visionModels: options.visionModels,
    stream,
    complete: (request) => collectReply(stream(request)),
    async listRemoteModels(signal) {
      try {
        const models: string[] = [];
        for await (const model of client.models.list(
          { limit: 100 },
          { signal, timeout: Math.min(options.timeoutMs, 5_000) },
        )) {
          models.push(model.id);
          if (models.length >= 1_000) break; // a sane bound on what a picker can show
        }
        return models;
      } catch {
        return undefined;
      }
    },
  };
}
