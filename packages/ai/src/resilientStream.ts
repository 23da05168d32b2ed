import { ProviderUnavailableError } from './errors';
import type { GenerateRequest, ProviderEvent } from './provider';
import { backoffDelay, sleep, type RetryPolicy } from './retry';

/** What one provider request yields: events, and `finish` when the provider says it is done. */
export type AttemptEvent = ProviderEvent | { type: 'finish' };

export interface ResilientStreamOptions {
  /** The provider's name, for messages. */
  name: string;
  /** Longest wait for the response and for each chunk after it. */
  timeoutMs: number;
  retry: RetryPolicy;
  /**
   * One HTTP request through the provider's SDK, aborted through `signal`. It may end quietly
   * when aborted or cut off: completion is judged by its `finish` event alone.
   */
  attempt(request: GenerateRequest, signal: AbortSignal): AsyncIterable<AttemptEvent>;
  /** Sort an SDK failure into our cancel, ProviderConfigurationError or ProviderUnavailableError. */
  classify(error: unknown): Error;
}

/**
 * The behaviour every provider shares: an idle timeout on every chunk, cancel through the
 * request's signal, and retries with backoff for passing failures (429, 5xx, network) only
 * until the first text has arrived; after that a failure ends the reply with its partial text.
 */
export function resilientStream(options: ResilientStreamOptions) {
  const { name, timeoutMs } = options;

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
      }, timeoutMs);
    };
    let finished = false;
    try {
      armIdleTimer();
      for await (const event of options.attempt(request, controller.signal)) {
        armIdleTimer();
        if (event.type === 'finish') finished = true;
        else yield event;
      }
    } catch (error) {
      if (!timedOut) throw error;
    } finally {
      clearTimeout(idle);
      request.signal?.removeEventListener('abort', forwardAbort);
      // Leaving early (the consumer stopped, or an error) must not leave the request open.
      if (!finished) controller.abort();
    }
    request.signal?.throwIfAborted();
    if (timedOut)
      throw new ProviderUnavailableError(name, `The "${name}" provider timed out`, true);
    if (!finished) {
      throw new ProviderUnavailableError(
        name,
        `The stream from the "${name}" provider ended early`,
        true,
      );
    }
  }

  return async function* stream(request: GenerateRequest): AsyncGenerator<ProviderEvent> {
    for (let attemptNumber = 0; ; attemptNumber += 1) {
      let started = false;
      try {
        for await (const event of attempt(request)) {
          if (event.type === 'delta') started = true;
          yield event;
        }
        return;
      } catch (raw) {
        request.signal?.throwIfAborted();
        const error = raw instanceof ProviderUnavailableError ? raw : options.classify(raw);
        const retryable = error instanceof ProviderUnavailableError && error.retryable;
        if (started || !retryable || attemptNumber >= options.retry.maxRetries) throw error;
        const hint = error instanceof ProviderUnavailableError ? error.retryAfterMs : undefined;
        await sleep(backoffDelay(attemptNumber, options.retry, hint), request.signal);
      }
    }
  };
}

/** A whole reply from a stream (titles, summaries), with the same retries and timeout. */
export async function collectReply(events: AsyncIterable<ProviderEvent>) {
  let text = '';
  let usage;
  for await (const event of events) {
    if (event.type === 'delta') text += event.text;
    else usage = event.usage;
  }
  return { text, usage };
}
