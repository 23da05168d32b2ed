import { isTRPCClientError } from '@chatbot/client';

/** A command stopped by Ctrl+C: the loop says so and shows the prompt again. */
export class InterruptedError extends Error {
  constructor() {
    super('Stopped.');
  }
}

/** A mistake in what the user typed: its message is already written for them. */
export class UsageError extends Error {}

/** The server could not be reached at all (refused, reset, unknown host, timed out). */
export function isConnectionFailure(error: unknown): boolean {
  if (!isTRPCClientError(error) || error.data) return false;
  const cause = (error.cause as { cause?: { code?: string } } | undefined)?.cause;
  return (
    /fetch failed|network|ECONNREFUSED|ECONNRESET|terminated/i.test(error.message) ||
    ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET'].includes(
      cause?.code ?? '',
    )
  );
}

export const unreachable = (url: string) =>
  `Cannot reach the server at ${url}. Is it running? (set CHATBOT_URL or pass --url)`;

/**
 * One line for a person, for any failure: no stack trace, no procedure names, no ids they never
 * typed. Errors the server words for people (bad input, wrong password) pass through.
 */
export function describeError(error: unknown, url: string): string {
  if (error instanceof UsageError || error instanceof InterruptedError) return error.message;
  if ((error as { name?: string }).name === 'AbortError') return 'Stopped.';
  if (!isTRPCClientError(error))
    return `Something went wrong: ${String((error as Error).message ?? error)}`;
  if (isConnectionFailure(error)) return unreachable(url);
  const data = error.data as { code?: string; field?: string } | undefined;
  switch (data?.code) {
    case undefined:
      // Not a tRPC answer: a web page, a proxy's error, another program on that port.
      return `The server at ${url} did not answer like a Chatbot AI server. Is the address right?`;
    case 'UNAUTHORIZED':
      // A wrong password is worded by the server; a refused token is not the user's doing.
      return /sign in first|access token/i.test(error.message)
        ? 'You are signed out (your sign-in expired or was revoked): use /login <email>.'
        : error.message;
    case 'NOT_FOUND':
      return 'That chat no longer exists (deleted elsewhere?). Type /sessions for the list.';
    case 'INTERNAL_SERVER_ERROR':
      return 'The server failed to do that. Try again, or ask its administrator to check its log.';
    default: {
      const field = data?.field && !error.message.includes(data.field) ? ` (${data.field})` : '';
      return `${error.message}${field}`;
    }
  }
}
