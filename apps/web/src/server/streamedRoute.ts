import 'server-only';
import { Readable } from 'node:stream';
import type { Config } from '@chatbot/config';
import { newNonce, securityHeaders } from './securityHeaders';

/**
 * What the routes the proxy skips (uploads, downloads, import: it would buffer their bodies)
 * share: the page's default security headers, the cross-site refusal the proxy gives every other
 * route, one route object per process, and a Node answer turned into a web Response.
 */

/** The headers the proxy would have added; a route's own headers go over them. */
export function pageDefaultHeaders(config: Config) {
  return securityHeaders({
    nonce: newNonce(),
    development: !config.isProduction,
    https: config.publicUrl?.startsWith('https://') ?? false,
  });
}

export function crossSiteRefusal(headers: Record<string, string> = {}) {
  return Response.json(
    { error: { code: 'FORBIDDEN', message: 'Cross-site request refused' } },
    { status: 403, headers },
  );
}

/**
 * One instance of a route per process, kept on globalThis: Next may load a module more than once
 * (per route bundle), and each route holds timers and a database handle.
 */
export function heldRoute<T>(key: string, create: () => Promise<T>): () => Promise<T> {
  const holder = globalThis as unknown as Record<string, Promise<T> | undefined>;
  return () => (holder[key] ??= create());
}

export interface NodeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | Readable;
}

/** The answer as a web Response: no body for HEAD, and the route's headers over the defaults. */
export function webResponse(req: Request, answer: NodeAnswer, defaults: Record<string, string>) {
  const body =
    typeof answer.body === 'string'
      ? answer.body
      : (Readable.toWeb(answer.body) as unknown as ReadableStream<Uint8Array>);
  return new Response(req.method === 'HEAD' ? null : body, {
    status: answer.status,
    headers: { ...defaults, ...answer.headers },
  });
}
