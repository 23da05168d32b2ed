import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  appRouter,
  createContextFactory,
  createRestHandler,
  withStreamSettings,
} from '@chatbot/api';
import { retryAfterHeaders, type App } from '@chatbot/core';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import { createApiDocs } from './http/apiDocs';
import { createAttachmentsRoute } from './http/attachments';
import { createSharedFilesRoute } from './http/sharedFiles';
import { handleCors, isOriginAllowed } from './http/cors';
import { createGoogleRoutes } from './http/googleOAuth';
import { serveMetrics } from './http/metrics';
import { createImportRoute } from './http/importRoute';
import { createNdjsonRoute } from './http/ndjson';
import { redactUrl } from './http/redactUrl';
import { serveRest } from './http/rest';
import { attachSocketIo, SOCKET_IO_PATH } from './http/socketIo';
import { createSseRoutes } from './http/sse/plainRoutes';
import { createTrpcSubscriptions } from './http/sse/trpcSubscriptions';
import { boundWebSocketSends, type SlowClientPolicy } from './http/streamBuffer';
import { batchLimitedEncoder } from './http/wsBatchLimit';
import type { ServerLogger } from './logger';

export const DEFAULT_SERVER_PORT = 3001;
const TRPC_PATH = '/trpc';

export interface ServerOptions {
  app: App;
  logger: ServerLogger;
  /** 0 picks a free port. @default config.port ?? 3001 */
  port?: number;
  host?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly httpServer: http.Server;
  /** Stop accepting, tell subscribers to reconnect, end generations, close the app. */
  close(): Promise<void>;
}

/** A bounded label for metrics: the procedure or route template, never ids or query strings. */
function trpcRouteLabel(path: string): string {
  const procedures = path.slice(TRPC_PATH.length + 1);
  return procedures.includes(',')
    ? `${TRPC_PATH}/(batch)`
    : `${TRPC_PATH}/${procedures.slice(0, 60)}`;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * The standalone server: tRPC over HTTP (batching), SSE and WebSocket on one port, plus
 * /health. Everything it serves comes from the app it is given.
 */
export async function startServer({
  app,
  logger,
  port,
  host,
}: ServerOptions): Promise<RunningServer> {
  const { config } = app;
  const createContext = createContextFactory(app);
  const router = withStreamSettings(appRouter, app.config.streaming);
  const slowClients: SlowClientPolicy = {
    maxBufferedBytes: config.streaming.maxBufferedBytes,
    onDrop: (details) => logger.info(details, 'stream client too far behind; disconnected'),
  };
  const onError = ({ error, path, ctx }: { error: TRPCError; path?: string; ctx?: unknown }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      const requestId = (ctx as { requestId?: string } | undefined)?.requestId;
      logger.error({ err: error.cause ?? error, path, requestId }, 'procedure failed');
    }
  };
  const trpcHandler = createHTTPHandler({
    router,
    basePath: `${TRPC_PATH}/`,
    createContext,
    maxBodySize: config.http.bodyLimitBytes,
    maxBatchSize: config.http.maxBatchSize,
    responseMeta: ({ errors }) => ({ headers: retryAfterHeaders(errors) }),
    onError,
  });
  // Subscriptions over SSE: the same procedures, written straight to the socket.
  const serveTrpcSubscription = createTrpcSubscriptions({
    router,
    basePath: `${TRPC_PATH}/`,
    createContext,
    slowClients,
    onError,
  });

  const rest = createRestHandler(app, {
    onInternalError: (error, endpoint) =>
      logger.error({ err: error.cause ?? error, route: endpoint.path }, 'REST route failed'),
  });
  // The document names the public URL when there is one, else the address this server got.
  const serveDocs = createApiDocs(rest, () => config.publicUrl ?? url);
  const serveGoogle = createGoogleRoutes(app, rest);
  const serveSse = createSseRoutes(app, rest, {
    bodyLimit: config.http.bodyLimitBytes,
    slowClients,
  });
  const serveAttachments = createAttachmentsRoute(app, logger);
  const serveSharedFiles = createSharedFilesRoute(app, logger);
  const serveNdjson = createNdjsonRoute(app, rest, {
    bodyLimit: config.http.bodyLimitBytes,
    slowClients,
  });

  const serveImport = createImportRoute(app, rest);

  /** The routes besides tRPC, first match wins; each answers with its route label. */
  async function serveOthers(req: IncomingMessage, res: ServerResponse, path: string) {
    if (path === '/ready' && req.method === 'GET') {
      await ready(res);
      return path;
    }
    if (path === '/metrics' && req.method === 'GET') {
      await serveMetrics(req, res, app);
      return path;
    }
    const served =
      (await serveDocs(req, res)) ??
      (await serveGoogle(req, res)) ??
      (await serveSse(req, res)) ??
      (await serveAttachments(req, res)) ??
      (await serveSharedFiles(req, res)) ??
      // Before REST: POST /messages/stream would otherwise match GET /messages/{sessionId}.
      (await serveNdjson(req, res)) ??
      // A streamed upload: read as it arrives, never through the body limit's buffer.
      (await serveImport(req, res)) ??
      (await serveRest(rest, req, res, config.http));
    if (served) return served;
    sendJson(res, 404, {
      statusCode: 404,
      error: 'Not Found',
      code: 'NOT_FOUND',
      message: `No route for ${req.method} ${path}`,
    });
    return '(other)';
  }

  async function ready(res: ServerResponse) {
    try {
      await app.ready();
      sendJson(res, 200, { status: 'ready' });
    } catch (error) {
      sendJson(res, 503, { status: 'unavailable', reason: (error as Error).message });
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId =
      (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID();
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let route = '(other)';
    res.once('finish', () => {
      app.metrics.httpRequests.inc({ route, status: String(res.statusCode) });
      logger.info(
        {
          requestId,
          method: req.method,
          url: redactUrl(req.url),
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    });
    if (stopping) {
      res.setHeader('connection', 'close');
      sendJson(res, 503, {
        error: { code: 'SERVICE_UNAVAILABLE', message: 'The server is shutting down' },
      });
      return;
    }

    if (!handleCors(req, res, config.http.corsOrigins)) return;
    if (path === TRPC_PATH || path.startsWith(`${TRPC_PATH}/`)) {
      route = trpcRouteLabel(path);
      if (!serveTrpcSubscription(req, res)) trpcHandler(req, res);
      return;
    }
    serveOthers(req, res, path).then(
      (served) => (route = served),
      (error: unknown) => {
        logger.error({ err: error, requestId }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { statusCode: 500, message: 'Internal error' });
        else res.end();
      },
    );
  }

  const httpServer = http.createServer(handle);
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.http.bodyLimitBytes });
  const wsHandler = applyWSSHandler({
    wss,
    router,
    createContext,
    keepAlive: { enabled: true, pingMs: config.streaming.keepAliveMs, pongWaitMs: 10_000 },
    experimental_encoder: batchLimitedEncoder(config.http.maxBatchSize),
  });

  // Socket.IO answers its own path (requests and upgrades) and hands the rest on.
  const socketIo = attachSocketIo(httpServer, app, { slowClients });
  httpServer.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path?.startsWith(`${SOCKET_IO_PATH}/`)) return;
    if (path !== TRPC_PATH && path !== `${TRPC_PATH}/`) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!isOriginAllowed(req.headers.origin, req.headers.host, config.http.corsOrigins)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (client) => {
      boundWebSocketSends(client, slowClients);
      wss.emit('connection', client, req);
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port ?? config.port ?? DEFAULT_SERVER_PORT, host ?? config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const displayHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${displayHost === '0.0.0.0' || displayHost === '[::]' ? '127.0.0.1' : displayHost}:${address.port}`;

  let closing: Promise<void> | undefined;
  let stopping = false;
  return {
    url,
    port: address.port,
    httpServer,
    close() {
      closing ??= (async () => {
        // New work goes elsewhere (503 here); subscribers reconnect elsewhere (or to the
        // restarted process) and resume by event id; running replies get the grace period.
        stopping = true;
        wsHandler.broadcastReconnectNotification();
        const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        await app.close();
        for (const client of wss.clients) client.terminate();
        socketIo.close();
        wss.close();
        httpServer.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}
