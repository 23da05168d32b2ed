import type { AppRouter } from '@chatbot/api';
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  httpSubscriptionLink,
  retryLink,
  splitLink,
  wsLink,
  type TRPCClient,
  type TRPCLink,
} from '@trpc/client';
import { EventSource as EventSourcePonyfill } from 'eventsource';
import superjson from 'superjson';
import { WebSocketImpl } from '#websocket';
import { trpcEndpoint } from './endpoint';

export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

export interface ChatClientOptions {
  /**
   * The standalone server's address (`http://host:3001`, its `/trpc` is added) or a tRPC
   * endpoint: `http://host:3001/trpc` (server), `https://host/api/trpc` (web app). Anything
   * else throws a TypeError saying so.
   */
  url: string;
  /** How subscriptions travel. Queries and mutations always use HTTP batching. @default 'sse' */
  transport?: 'sse' | 'ws';
  /** The access token, or a function returning the current one (called per request). */
  token?: TokenSource;
  /**
   * Called when a call fails with UNAUTHORIZED; resolve true when a fresh token is available and
   * the call should be tried once more. `createChatSession` wires this to the refresh token.
   */
  onUnauthorized?: () => Promise<boolean>;
  /** Extra links placed before the transport links (logging, tests). */
  links?: TRPCLink<AppRouter>[];
}

export type ChatClient = TRPCClient<AppRouter>;

/** The tRPC client is a proxy (every property is a procedure), so its resources live here. */
const closers = new WeakMap<ChatClient, () => void>();

/** Close what a client holds open (its WebSocket, for the 'ws' transport). Safe to call twice. */
export function closeChatClient(client: ChatClient): void {
  closers.get(client)?.();
}

function tokenGetter(token: TokenSource | undefined) {
  return async () => (typeof token === 'function' ? await token() : token);
}

/** Browsers have EventSource (without custom headers); Node 20 has none. Use a ponyfill that can send them. */
function authorizedEventSource(getToken: () => Promise<string | undefined>) {
  return async () => {
    const token = await getToken();
    return {
      fetch: (input: string | URL | Request, init?: RequestInit) =>
        fetch(input, {
          ...init,
          headers: {
            ...(init?.headers as Record<string, string>),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        }),
    };
  };
}

/**
 * The fully typed client for the chat API: queries, mutations and subscriptions, in Node 20 and
 * in browsers.
 */
export function createChatClient(options: ChatClientOptions): ChatClient {
  const url = trpcEndpoint(options.url);
  const currentToken = tokenGetter(options.token);
  let tokenIsStale = false;
  let pendingRefresh: Promise<boolean> | undefined;
  const getToken = async () => {
    if (tokenIsStale && options.onUnauthorized) {
      // Concurrent failures share one refresh.
      pendingRefresh ??= options.onUnauthorized().finally(() => {
        tokenIsStale = false;
        pendingRefresh = undefined;
      });
      await pendingRefresh.catch(() => false);
    }
    return currentToken();
  };
  const headers = async () => {
    const token = await getToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  const wsClient =
    options.transport === 'ws'
      ? createWSClient({
          url: url.replace(/^http/, 'ws'),
          connectionParams: async () => {
            const token = await getToken();
            return token ? { token } : {};
          },
          lazy: { enabled: true, closeMs: 0 },
          WebSocket: WebSocketImpl,
        })
      : undefined;

  const subscriptionLink = wsClient
    ? wsLink<AppRouter>({ client: wsClient, transformer: superjson })
    : httpSubscriptionLink<AppRouter, typeof EventSourcePonyfill>({
        url,
        transformer: superjson,
        EventSource: EventSourcePonyfill,
        eventSourceOptions: authorizedEventSource(getToken),
      });

  const links: TRPCLink<AppRouter>[] = [
    ...(options.links ?? []),
    retryLink({
      // One retry, only for UNAUTHORIZED, only when there is a way to refresh. The retried call
      // asks for its token again, which waits for the refresh.
      retry: ({ error, attempts, op }) => {
        if (!options.onUnauthorized || attempts > 1 || error.data?.code !== 'UNAUTHORIZED')
          return false;
        if (op.path.startsWith('auth.') && op.path !== 'auth.me') return false; // wrong password etc.
        tokenIsStale = true;
        return true;
      },
    }),
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: subscriptionLink,
      // At most the server's default MAX_BATCH_SIZE calls per request; more are split.
      false: httpBatchLink({ url, transformer: superjson, headers, maxItems: 50 }),
    }),
  ];

  const client = createTRPCClient<AppRouter>({ links });
  closers.set(client, () => void wsClient?.close());
  return client;
}
