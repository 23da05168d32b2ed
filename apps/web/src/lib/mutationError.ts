import { isTRPCClientError } from '@chatbot/client';

/**
 * True when the call never got an answer from the server (offline, connection refused or cut):
 * the browser's "Failed to fetch" reaches tRPC as a client error without the server's shape.
 */
export function isNetworkFailure(cause: unknown): boolean {
  if (!isTRPCClientError(cause)) return cause instanceof TypeError;
  return !cause.data && !cause.shape;
}

const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/**
 * What to tell the reader when a call fails: no answer at all says so in words, never the
 * browser's "Failed to fetch"; a rate limit says how long to wait (the server's message carries
 * the seconds, "Too many requests; try again in N s"); anything else is the server's own
 * message, which never holds internal details.
 */
export function describeMutationError(cause: unknown): string {
  if (isNetworkFailure(cause) || !isTRPCClientError(cause))
    return isOffline() ? 'You are offline' : 'Could not reach the server';
  const code = (cause.data as { code?: string } | undefined)?.code;
  if (code === 'TOO_MANY_REQUESTS') {
    const seconds = /(\d+)\s*s\b/.exec(cause.message)?.[1];
    return seconds
      ? `Too many messages, try again in ${seconds} s`
      : 'Too many messages, try again shortly';
  }
  return cause.message;
}
