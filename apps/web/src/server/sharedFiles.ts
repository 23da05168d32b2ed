import 'server-only';
import { Readable } from 'node:stream';
import { createSharedFileRoute } from '@chatbot/api';
import { loadConfig } from '@chatbot/config';
import { getApp } from './app';
import { requestClientIp } from './clientAddress';
import { newNonce, securityHeaders } from './securityHeaders';

const holder = globalThis as unknown as {
  chatbotSharedFileRoute?: Promise<ReturnType<typeof createSharedFileRoute>>;
};

const route = () =>
  (holder.chatbotSharedFileRoute ??= getApp().then((app) =>
    createSharedFileRoute(app, (error) =>
      app.logger.error({ err: error }, 'shared file route failed'),
    ),
  ));

/**
 * `/api/shares/{token}/files/{ref}`: the standalone server's `/shares/{token}/files/{ref}`, an
 * image of a shared chat for anyone with the link. The proxy skips it so the file's own strict
 * headers are not overwritten by the page's; the page defaults are added here under them.
 */
export async function serveSharedFile(req: Request, token: string, ref: string) {
  const config = loadConfig();
  const app = await getApp();
  const answer = await (
    await route()
  )({
    method: req.method,
    token,
    ref,
    ip: requestClientIp(req.headers, app.config.http.trustProxy),
  });
  const headers = securityHeaders({
    nonce: newNonce(),
    development: !config.isProduction,
    https: config.publicUrl?.startsWith('https://') ?? false,
  });
  const body =
    typeof answer.body === 'string'
      ? answer.body
      : (Readable.toWeb(answer.body) as unknown as ReadableStream<Uint8Array>);
  return new Response(req.method === 'HEAD' ? null : body, {
    status: answer.status,
    headers: { ...headers, ...answer.headers },
  });
}
