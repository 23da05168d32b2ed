/**
 * A provider refused our credentials or permissions (401/403): retrying will not help, the
 * operator must fix the configuration. Shown to the user as the message's error text.
 */
export class ProviderConfigurationError extends Error {
  constructor(
    readonly provider: string,
    readonly status: number,
  ) {
    super(
      `The "${provider}" provider rejected the request (${status}): check its API key and permissions in the server configuration`,
    );
    this.name = 'ProviderConfigurationError';
  }
}

/** The provider failed in a way that may pass: rate limit, server error, network, timeout. */
export class ProviderUnavailableError extends Error {
  constructor(
    readonly provider: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options);
    this.name = 'ProviderUnavailableError';
    this.retryAfterMs = options?.retryAfterMs;
  }

  /** How long the provider asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;
}

/** Whether an error is a dropped or refused connection, whichever HTTP stack raised it. */
export function isNetworkFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    /terminated|socket|ECONNRESET|ECONNREFUSED|EPIPE|network|fetch failed/i.test(
      `${error.message} ${(error.cause as Error | undefined)?.message ?? ''}`,
    )
  );
}

/** A Retry-After header in milliseconds (seconds form only, as the providers send it). */
export function retryAfterHeader(headers: { get(name: string): string | null } | undefined) {
  const header = headers?.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}
