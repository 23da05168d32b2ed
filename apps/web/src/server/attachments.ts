import 'server-only';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { bearerToken, createAttachmentRoutes } from '@chatbot/api';
import { loadConfig } from '@chatbot/config';
import { getApp } from './app';
import { sessionUserId } from './auth';
import { isCrossSiteWrite } from './sameOrigin';
import { crossSiteRefusal, heldRoute, pageDefaultHeaders, webResponse } from './streamedRoute';

const routes = heldRoute('chatbotAttachmentRoutes', () =>
  getApp().then((app) =>
    createAttachmentRoutes(app, (error) =>
      app.logger.error({ err: error }, 'attachment route failed'),
    ),
  ),
);

/**
 * `/api/attachments` and `/api/attachments/{id}`: the same routes as the standalone server's
 * `/attachments`, authenticated by the session cookie (or a bearer token). The proxy skips these
 * paths (it would buffer the upload in memory), so the Origin check and security headers that
 * it gives other routes are applied here.
 */
export async function serveAttachmentRequest(req: Request, id?: string): Promise<Response> {
  const config = loadConfig();
  const headers = pageDefaultHeaders(config);
  if (isCrossSiteWrite(req, config.publicUrl)) return crossSiteRefusal(headers);
  const token = bearerToken(req.headers.get('authorization') ?? undefined);
  const lowerCase: Record<string, string | undefined> = {};
  req.headers.forEach((value, name) => (lowerCase[name] = value));
  const answer = await (
    await routes()
  )({
    method: req.method,
    id,
    headers: lowerCase,
    body: () =>
      req.body ? Readable.fromWeb(req.body as NodeReadableStream<Uint8Array>) : Readable.from([]),
    auth: { token, sessionUserId: token ? undefined : await sessionUserId(req) },
  });
  // A refused upload: stop receiving the rest of it.
  if (answer.bodyUnread) void req.body?.cancel().catch(() => undefined);
  // The route's own headers (a download's strict CSP) win over the page defaults.
  return webResponse(req, answer, headers);
}
