import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSharedFileRoute } from '@chatbot/api';
import type { App } from '@chatbot/core';
import type { ServerLogger } from '../logger';
import { writeFileAnswer } from './fileAnswer';
import { requestIp } from './requestIp';

export const SHARED_FILES_ROUTE = '/shares/{token}/files/{ref}';
const PATTERN = /^\/shares\/([^/]+)\/files\/([^/]+)\/?$/;

/** `GET|HEAD /shares/{token}/files/{ref}`: an image of a shared chat, no sign-in. */
export function createSharedFilesRoute(app: App, logger: ServerLogger) {
  const handle = createSharedFileRoute(app, (error) =>
    logger.error({ err: error }, 'shared file route failed'),
  );
  return async function serveSharedFiles(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<string | undefined> {
    const match = PATTERN.exec((req.url ?? '/').split('?')[0] ?? '/');
    if (!match) return undefined;
    const decode = (part: string) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return '';
      }
    };
    const answer = await handle({
      method: req.method ?? 'GET',
      token: decode(match[1]!),
      ref: decode(match[2]!),
      ip: requestIp(req, app.config.http.trustProxy),
    });
    await writeFileAnswer(res, answer);
    return SHARED_FILES_ROUTE;
  };
}
