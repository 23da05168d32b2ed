import 'server-only';
import { createSharedFileRoute } from '@chatbot/api';
import { loadConfig } from '@chatbot/config';
import { getApp } from './app';
import { requestClientIp } from './clientAddress';
import { heldRoute, pageDefaultHeaders, webResponse } from './streamedRoute';

const route = heldRoute('chatbotSharedFileRoute', () =>
  getApp().then((app) =>
    createSharedFileRoute(app, (error) =>
      app.logger.error({ err: error }, 'shared file route failed'),
    ),
  ),
);

/**
 * `/api/shares/{token}/files/{ref}`: the standalone server's `/shares/{token}/files/{ref}`, an
 * image of a shared chat for anyone with the link. The proxy skips it so the file's own strict
 * headers are not overwritten by the page's; the page defaults are added here under them.
 */
export async function serveSharedFile(req: Request, token: string, ref: string) {
  const app = await getApp();
  const answer = await (
    await route()
  )({
    method: req.method,
    token,
    ref,
    ip: requestClientIp(req.headers, app.config.http.trustProxy),
  });
  return webResponse(req, answer, pageDefaultHeaders(loadConfig()));
}
