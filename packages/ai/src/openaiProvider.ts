import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { turnImages, turnText } from './attachmentPrompt';
import {
  isNetworkFailure,
  ProviderConfigurationError,
  ProviderUnavailableError,
  retryAfterHeader,
} from './errors';
import type { ChatProvider, ChatTurn, TokenUsage } from './provider';
import { resilientStream } from './resilientStream';
import type { RetryPolicy } from './retry';

export interface OpenAIProviderOptions {
  /** The name models are listed under. */
  name: string;
  baseURL?: string;
  apiKey?: string;
  models: string[];
  /** The models that see images, when not the defaults (see vision.ts). */
  visionModels?: string[];
  /** Per request (and per idle gap while streaming). */
  timeoutMs: number;
  retry: RetryPolicy;
  /** For tests and proxies. */
  fetch?: typeof fetch;
}

/** Sort a provider failure into: our cancel, a configuration problem, or a maybe-passing outage. */
function classify(provider: string, error: unknown): Error {
  if (error instanceof OpenAI.APIUserAbortError) return error;
  if (
    error instanceof OpenAI.AuthenticationError ||
    error instanceof OpenAI.PermissionDeniedError
  ) {
    return new ProviderConfigurationError(provider, error.status);
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ProviderUnavailableError(provider, `The "${provider}" provider timed out`, true, {
      cause: error,
    });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ProviderUnavailableError(
      provider,
      `Could not reach the "${provider}" provider`,
      true,
      { cause: error },
    );
  }
  if (error instanceof OpenAI.APIError) {
    // An error event inside a stream has no status: a server-side failure, worth a retry.
    const status = error.status ?? 500;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    const detail = error.message.replace(/^\d{3}\s*/, '');
    return new ProviderUnavailableError(
      provider,
      `The "${provider}" provider answered ${error.status ?? 'with an error'}: ${detail}`,
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

const base64 = (data: Uint8Array) => Buffer.from(data).toString('base64');

/**
 * Chat Completions messages: a user turn with images becomes content parts (its text, documents
 * inlined, then each image as a base64 data URL); every other turn stays a plain string.
 */
export function toOpenAIMessages(turns: ChatTurn[]): ChatCompletionMessageParam[] {
  return turns.map((turn): ChatCompletionMessageParam => {
    const text = turnText(turn);
    const images = turnImages(turn);
    if (turn.role !== 'user' || images.length === 0) return { role: turn.role, content: text };
    return {
      role: 'user',
      content: [
        ...(text ? [{ type: 'text' as const, text }] : []),
        ...images.map((image) => ({
          type: 'image_url' as const,
          image_url: { url: `data:${image.mediaType};base64,${base64(image.data)}` },
        })),
      ],
    };
  });
}

/**
 * A provider reached through the `openai` SDK: OpenAI itself or any OpenAI-compatible endpoint
 * (Ollama, vLLM, OpenRouter, Gemini's and Anthropic's compatibility endpoints).
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): ChatProvider {
  const client = new OpenAI({
    apiKey: options.apiKey || 'not-needed', // local endpoints (Ollama, vLLM) take any key
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    maxRetries: 0, // retries are ours: they must stop once text has arrived
    fetch: options.fetch,
  });
  const name = options.name;

  const stream = resilientStream({
    name,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    classify: (error) => classify(name, error),
    async *attempt(request, signal) {
      const chunks = await client.chat.completions.create(
        {
          model: request.model,
          messages: toOpenAIMessages(request.messages),
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal },
      );
      for await (const chunk of chunks) {
        const choice = chunk.choices[0];
        if (choice?.delta?.content) yield { type: 'delta', text: choice.delta.content };
        if (choice?.finish_reason) yield { type: 'finish' };
        if (chunk.usage) {
          yield {
            type: 'usage',
            usage: {
              promptTokens: chunk.usage.prompt_tokens,
              completionTokens: chunk.usage.completion_tokens,
            },
          };
        }
      }
    },
  });

  return {
    name,
    api: 'openai',
    models: options.models,
    visionModels: options.visionModels,
    stream,
    async complete(request) {
      try {
        const response = await client.chat.completions.create(
          { model: request.model, messages: toOpenAIMessages(request.messages) },
          { signal: request.signal },
        );
        const usage: TokenUsage | undefined = response.usage
          ? {
              promptTokens: response.usage.prompt_tokens,
              completionTokens: response.usage.completion_tokens,
            }
          : undefined;
        return { text: response.choices[0]?.message?.content ?? '', usage };
      } catch (error) {
        throw classify(name, error);
      }
    },
    async listRemoteModels(signal) {
      try {
        const page = await client.models.list({
          signal,
          timeout: Math.min(options.timeoutMs, 5_000),
        });
        return page.data.map((model) => model.id);
      } catch {
        return undefined;
      }
    },
  };
}
