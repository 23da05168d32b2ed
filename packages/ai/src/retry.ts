export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First delay; doubles each retry, with jitter. @default 500 */
  baseDelayMs?: number;
  /** @default 8000 */
  maxDelayMs?: number;
}

/** Exponential backoff with "full jitter", honouring a server's Retry-After when it sends one. */
export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number): number {
  const base = policy.baseDelayMs ?? 500;
  const max = policy.maxDelayMs ?? 8_000;
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(retryAfterMs, max);
  const ceiling = Math.min(max, base * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
