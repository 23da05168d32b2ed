import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, createAttachmentRoutes } from '@chatbot/api';
import type { App } from '@chatbot/core';
import type { ServerLogger } from '../logger';
import { writeFileAnswer } from './fileAnswer';

export const ATTACHMENTS_ROUTE = '/attachments';
const PATTERN = /^\/attachments(?:\/([^/]+))?\/?$/;

/**
 * A malformed escape (`%E0%A4%A`) names no attachment: kept as it is, it is the same 404 as any
 * unknown id (decodeURIComponent would throw, and the route answer 500).
 */
function decodedOrRaw(segment: string) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `POST /attachments`, `GET|HEAD|DELETE /attachments/{id}` on the standalone server. */
export function createAttachmentsRoute(app: App, logger: ServerLogger) {
  const handle = createAttachmentRoutes(app, (error) =>
    logger.error({ err: error }, 'attachment route failed'),
  );
  return async function serveAttachments(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<string | undefined> {
    const match = PATTERN.exec((req.url ?? '/').split('?')[0] ?? '/');
    if (!match) return undefined;
    const id = match[1] === undefined ? undefined : decodedOrRaw(match[1]);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers))
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const answer = await handle({
      method: req.method ?? 'GET',
      id,
      headers,
      body: () => req,
      auth: { token: bearerToken(req.headers.authorization) },
    });
    const route = id === undefined ? ATTACHMENTS_ROUTE : `${ATTACHMENTS_ROUTE}/{id}`;
    if (answer.bodyUnread && !req.readableEnded) {
      // The rest of a refused upload is not read: drop it, and the connection after the answer.
      req.unpipe();
      req.resume();
      answer.headers.connection = 'close';
    }
    await writeFileAnswer(res, answer);
    return route;
  };
}
