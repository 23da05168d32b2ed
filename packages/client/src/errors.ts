import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@chatbot/api';

/** Narrow an unknown error to the router's typed client error (code, field, fieldErrors). */
export function isTRPCClientError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}
