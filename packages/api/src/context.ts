import { clientIp } from './clientIp';
import type { App } from '@chatbot/core';
import { userExists } from '@chatbot/core/accounts';

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
  /** Aborted when the request or WebSocket connection ends (streams free their slot). */
  connectionSignal?: AbortSignal;
}

export interface AuthUser {
  id: string;
  /** When the user last signed in (seconds since the epoch), when the access token says. */
  authTime?: number;
}

/**
 * A token outlives the account it was issued for: the protected procedures ask whether the
 * user still exists. A request's context asks once; a WebSocket's context serves the whole
 * connection, so it asks on every call.
 */
function existenceCheck(app: App, userId: string, transport: 'http' | 'ws') {
  const lookup = () => userExists(app.database.prisma, userId);
  if (transport === 'ws') return lookup;
  let answer: Promise<boolean> | undefined;
  return () => (answer ??= lookup());
}

export async function createContextInner(app: App, sources: ContextSources = {}) {
  let user: AuthUser | null = null;
  let tokenRejected = false;
  if (sources.sessionUserId) {
    user = { id: sources.sessionUserId };
  } else if (sources.token) {
    const claims = await app.accessTokens.inspect(sources.token);
    if (claims) user = { id: claims.userId, authTime: claims.authTime };
    else tokenRejected = true;
  }
  const transport = sources.transport ?? 'http';
  return {
    app,
    user,
    /** Whether `user` still exists (false without a user). */
    userExists: user ? existenceCheck(app, user.id, transport) : async () => false,
    tokenRejected,
    requestId: sources.requestId,
    ip: sources.ip,
    transport,
    connectionSignal: sources.connectionSignal,
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
  info?: {
    connectionParams?: Record<string, string | undefined> | null;
    /** tRPC's: the request's, or the WebSocket connection's. */
    signal?: AbortSignal;
  };
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
      connectionSignal: options.info?.signal,
      ...fromHost,
    });
  };
}
