import { isTRPCClientError } from '@chatbot/client';

/**
 * What to tell the reader when a call fails: a rate limit says how long to wait (the server's
 * message carries the seconds, "Too many requests; try again in N s"); anything else is the
 * server's own message, which never holds internal details.
 */
export function describeMutationError(cause: unknown): string {
  if (!isTRPCClientError(cause)) return 'Could not reach the server';
  const code = (cause.data as { code?: string } | undefined)?.code;
  if (code === 'TOO_MANY_REQUESTS') {
    const seconds = /(\d+)\s*s\b/.exec(cause.message)?.[1];
    return seconds
      ? `Too many messages, try again in ${seconds} s`
      : 'Too many messages, try again shortly';
  }
  return cause.message;
}
