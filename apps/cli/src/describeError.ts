import { isTRPCClientError } from '@chatbot/client';

/** One readable line for any failure: never a stack trace. */
export function describeError(error: unknown, url: string): string {
  if (isTRPCClientError(error)) {
    const data = error.data as { code?: string; field?: string } | undefined;
    if (data?.code)
      return `${error.message}${data.field && !error.message.includes(data.field) ? ` (${data.field})` : ''}`;
    const cause = (error.cause as { cause?: { code?: string } } | undefined)?.cause;
    if (/fetch failed/i.test(error.message) || cause?.code === 'ECONNREFUSED') {
      return `Cannot reach the server at ${url}. Is it running? (set CHATBOT_URL or pass --url)`;
    }
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
