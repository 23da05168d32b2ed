import { clientIp } from './clientIp';
import type { App } from '@chatbot/core';

/** What a request carries, whichever adapter it came through. */
export interface ContextSources {
  /** A bearer token: the Authorization header, or WebSocket/SSE connectionParams.token. */
  token?: string;
  /** A user already authenticated by the host (the web app's next-auth session). */
  sessionUserId?: string;
  requestId?: string;
  ip?: string;
  /** How the request arrived: plain HTTP (queries, mutations, SSE) or a WebSocket. */
  transport?: 'http' | 'ws';
}

export interface AuthUser {
  id: string;
}

export async function createContextInner(app: App, sources: ContextSources = {}) {
  let user: AuthUser | null = null;
  let tokenRejected = false;
  if (sources.sessionUserId) {
    user = { id: sources.sessionUserId };
  } else if (sources.token) {
    const claims = await app.accessTokens.verify(sources.token);
    if (claims) user = { id: claims.userId };
    else tokenRejected = true;
  }
  return {
    app,
    user,
    tokenRejected,
    requestId: sources.requestId,
    ip: sources.ip,
    transport: sources.transport ?? 'http',
  };
}

export type Context = Awaited<ReturnType<typeof createContextInner>>;

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function')
    return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1];
}

export interface AdapterContextOptions {
  req: { headers: HeaderBag; socket?: { remoteAddress?: string } };
  info?: { connectionParams?: Record<string, string | undefined> | null };
}

/**
 * One context function for every adapter: fetch (web), Node HTTP and WebSocket (server). The
 * Authorization header wins; WebSocket clients send their token in connectionParams.
 */
export function createContextFactory(
  app: App,
  extras: (
    options: AdapterContextOptions,
  ) => Promise<Partial<ContextSources>> | Partial<ContextSources> = () => ({}),
) {
  return async (options: AdapterContextOptions) => {
    const fromHost = await extras(options);
    const token =
      bearerToken(header(options.req.headers, 'authorization')) ??
      options.info?.connectionParams?.token ??
      undefined;
    return createContextInner(app, {
      token,
      requestId: header(options.req.headers, 'x-request-id'),
      ip: clientIp(
        {
          remoteAddress: options.req.socket?.remoteAddress,
          forwardedFor: header(options.req.headers, 'x-forwarded-for'),
        },
        app.config.http.trustProxy,
      ),
      transport:
        header(options.req.headers, 'upgrade')?.toLowerCase() === 'websocket' ? 'ws' : 'http',
      ...fromHost,
    });
  };
}
