import type { Readable } from 'node:stream';
import { describeOutage, isDomainError, retryAfterHeaders, type App } from '@chatbot/core';
import { sharedImage } from '@chatbot/core/shares';
import { downloadHeaders } from './downloadHeaders';
import { DOMAIN_STATUS, failure } from './http';

/** `GET|HEAD /shares/{token}/files/{ref}`, from either host. */
export interface SharedFileRequest {
  method: string;
  token: string;
  ref: string;
  /** The reader's address: no sign-in here, so it is the rate limit's key. */
  ip: string | undefined;
}

/**
 * An image of a shared chat, for anyone holding the link, with the owner's download headers.
 * A revoked link, an unknown ref and a file deleted since are one 404. Not cached for long:
 * revoking the link ends it within a minute even in a browser's cache, and no shared cache
 * keeps it.
 */
export function createSharedFileRoute(app: App, onInternalError?: (error: unknown) => void) {
  return async function handle(
    request: SharedFileRequest,
  ): Promise<{ status: number; headers: Record<string, string>; body: string | Readable }> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return {
        ...failure(405, 'METHOD_NOT_SUPPORTED', `${request.method} is not allowed here; use GET`),
        headers: { 'content-type': 'application/json; charset=utf-8', allow: 'GET, HEAD' },
      };
    }
    try {
      await app.rateLimits.consume('shareViews', `ip:${request.ip ?? 'unknown'}`);
      const row = await sharedImage(app.database.prisma, request.token, request.ref);
      const headers = downloadHeaders(row, 'private, max-age=60');
      const head = request.method === 'HEAD';
      return { status: 200, headers, body: head ? '' : await app.storage.get(row.storageKey) };
    } catch (error) {
      if (isDomainError(error)) {
        const answer = failure(DOMAIN_STATUS[error.kind] ?? 400, error.kind, error.message, {
          ...(error.field ? { field: error.field } : {}),
        });
        return {
          ...answer,
          headers: { ...answer.headers, ...retryAfterHeaders([{ cause: error }]) },
        };
      }
      const outage = describeOutage(error);
      if (outage) return failure(503, 'SERVICE_UNAVAILABLE', outage);
      onInternalError?.(error);
      return failure(500, 'INTERNAL_SERVER_ERROR', 'Internal error');
    }
  };
}
