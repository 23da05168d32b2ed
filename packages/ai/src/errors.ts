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
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderUnavailableError';
  }
}
