import OpenAI from 'openai';
import { ProviderConfigurationError, ProviderUnavailableError } from './errors';
import type { ChatProvider, GenerateRequest, ProviderEvent, TokenUsage } from './provider';
import { backoffDelay, sleep, type RetryPolicy } from './retry';

export interface OpenAIProviderOptions {
  /** The name models are listed under. */
  name: string;
  baseURL?: string;
  apiKey?: string;
  models: string[];
  /** Per request (and per idle gap while streaming). */
  timeoutMs: number;
  retry: RetryPolicy;
  /** For tests and proxies. */
  fetch?: typeof fetch;
}

function retryAfterMs(error: InstanceType<typeof OpenAI.APIError>): number | undefined {
  const header = error.headers?.get?.('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
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
    const status = error.status ?? 0;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    const detail = error.message.replace(/^\d{3}\s*/, '');
    return new ProviderUnavailableError(
      provider,
      `The "${provider}" provider answered ${status}: ${detail}`,
      retryable,
      {
        cause: error,
      },
    );
  }
  if (error instanceof Error && /terminated|socket|ECONNRESET|network/i.test(error.message)) {
    return new ProviderUnavailableError(
      provider,
      `The connection to the "${provider}" provider dropped`,
      true,
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * A provider reached through the `openai` SDK: OpenAI itself or any OpenAI-compatible endpoint
 * (Ollama, vLLM, OpenRouter, Gemini's and Anthropic's compatibility endpoints).
 *
 * Failures before the first token (429, 5xx, network) are retried with bounded exponential
 * backoff; after the first token, a failure ends the reply (the caller keeps the partial text).
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

  /**
   * One request. Ends with an error, never silently, when the stream stops early: the SDK ends
   * its iterator quietly on an abort or a dropped connection, so completion is judged by the
   * finish_reason the provider sends. `timeoutMs` bounds the wait for every chunk, not just the
   * response headers.
   */
  async function* attempt(request: GenerateRequest): AsyncGenerator<ProviderEvent> {
    const controller = new AbortController();
    const forwardAbort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', forwardAbort, { once: true });
    let idle: NodeJS.Timeout | undefined;
    let timedOut = false;
    const armIdleTimer = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, options.timeoutMs);
    };
    let finished = false;
    try {
      armIdleTimer();
      const stream = await client.chat.completions.create(
        {
          model: request.model,
          messages: request.messages,
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal: controller.signal },
      );
      for await (const chunk of stream) {
        armIdleTimer();
        const choice = chunk.choices[0];
        if (choice?.delta?.content) yield { type: 'delta', text: choice.delta.content };
        if (choice?.finish_reason) finished = true;
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
    } catch (error) {
      if (!timedOut) throw error;
    } finally {
      clearTimeout(idle);
      request.signal?.removeEventListener('abort', forwardAbort);
    }
    request.signal?.throwIfAborted();
    if (timedOut)
      throw new ProviderUnavailableError(name, `The "${name}" provider timed out`, true);
    if (!finished)
      throw new ProviderUnavailableError(
        name,
        `The stream from the "${name}" provider ended early`,
        true,
      );
  }

  return {
    name,
    models: options.models,
    async *stream(request) {
      for (let attemptNumber = 0; ; attemptNumber += 1) {
        let started = false;
        try {
          for await (const event of attempt(request)) {
            if (event.type === 'delta') started = true;
            yield event;
          }
          return;
        } catch (raw) {
          const error = classify(name, raw);
          request.signal?.throwIfAborted();
          const retryable = error instanceof ProviderUnavailableError && error.retryable;
          if (started || !retryable || attemptNumber >= options.retry.maxRetries) throw error;
          const cause = (error as { cause?: unknown }).cause;
          const hint = cause instanceof OpenAI.APIError ? retryAfterMs(cause) : undefined;
          await sleep(backoffDelay(attemptNumber, options.retry, hint), request.signal);
        }
      }
    },
    async complete(request) {
      try {
        const response = await client.chat.completions.create(
          { model: request.model, messages: request.messages },
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
