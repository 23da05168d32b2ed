import type { IncomingMessage, ServerResponse } from 'node:http';
import type { createContextFactory } from '@chatbot/api';
import type { AnyRouter, TRPCError } from '@trpc/server';
import {
  getErrorShape,
  getTRPCErrorFromUnknown,
  isAbortError,
  isTrackedEnvelope,
} from '@trpc/server/unstable-core-do-not-import';
import { writeBounded, type SlowClientPolicy } from '../streamBuffer';
import {
  connectedFrame,
  dataFrame,
  errorFrame,
  PING_FRAME,
  restoreIdFrame,
  RETURN_FRAME,
  trpcSseHeaders,
} from './trpcFrames';
import {
  callSubscription,
  subscriptionRequest,
  type SubscriptionRequest,
} from './trpcSubscriptionCall';

export interface TrpcSubscriptionOptions {
  /** The router as this host serves it (its `sse` settings: pings, duration, client options). */
  router: AnyRouter;
  /** The tRPC handler's base path, e.g. `/trpc/`. */
  basePath: string;
  createContext: ReturnType<typeof createContextFactory>;
  slowClients: SlowClientPolicy;
  onError?: (details: { error: TRPCError; path: string; ctx: unknown }) => void;
}

/**
 * tRPC subscriptions over SSE (`httpSubscriptionLink`), written straight to the response.
 * tRPC's own path pushes every event through web streams and a TextEncoderStream (about
 * 1.3 ms of CPU per frame in B1); this writes the same bytes with `res.write`, and serialises
 * a shared (frozen) event once for all its subscribers.
 *
 * The handler answers true when it took the request; the rest goes on to tRPC's handler.
 */
export function createTrpcSubscriptions(options: TrpcSubscriptionOptions) {
  const { router, basePath, slowClients } = options;
  const config = router._def._config;
  const { transformer } = config;
  const sse = config.sse ?? {};
  const pingMs = sse.ping?.enabled ? (sse.ping.intervalMs ?? 1000) : 0;
  // The event logs hand one frozen object to every local subscriber (see the api's transformer).
  const serializedEvents = new WeakMap<object, string>();

  function serializeData(data: unknown): string {
    if (typeof data !== 'object' || data === null || !Object.isFrozen(data))
      return JSON.stringify(transformer.output.serialize(data));
    let text = serializedEvents.get(data);
    if (text === undefined) {
      text = JSON.stringify(transformer.output.serialize(data));
      serializedEvents.set(data, text);
    }
    return text;
  }

  async function serve(req: IncomingMessage, res: ServerResponse, request: SubscriptionRequest) {
    // The connection's signal frees the stream slot; the call's also ends at the max duration.
    const connection = new AbortController();
    const stop = new AbortController();
    const onClose = () => {
      connection.abort();
      stop.abort();
    };
    res.once('close', onClose);
    const call = await callSubscription(router, options.createContext, req, request, {
      connection: connection.signal,
      call: stop.signal,
    });
    const { path } = request;
    const write = (text: string) => writeBounded(res, text, slowClients);
    const errorEvent = (error: TRPCError) => {
      options.onError?.({ error, path, ctx: call.ctx });
      const shape = getErrorShape({
        config,
        ctx: call.ctx,
        error,
        input: call.input(),
        path,
        type: 'subscription',
      });
      return errorFrame(JSON.stringify(transformer.output.serialize(shape)));
    };

    if (connection.signal.aborted) {
      // The client left while the procedure ran: its stream never starts.
      if (call.ok) await call.iterable[Symbol.asyncIterator]().return?.();
      return;
    }
    // As tRPC answers: 200, `connected`, then the procedure's error if it refused.
    res.writeHead(200, trpcSseHeaders);
    write(connectedFrame(sse.client ?? {}));
    if (!call.ok) {
      write(errorEvent(call.error));
      res.end();
      return;
    }

    const iterator = call.iterable[Symbol.asyncIterator]();
    // A ping after each quiet interval (every event restarts it), as tRPC's `withPing` does.
    const ping = pingMs > 0 ? setInterval(() => write(PING_FRAME), pingMs) : undefined;
    const limit = sse.maxDurationMs ? setTimeout(() => stop.abort(), sse.maxDurationMs) : undefined;
    const end = () => {
      clearInterval(ping);
      clearTimeout(limit);
      if (!res.writableEnded) res.end();
    };
    // Left, dropped or past the max duration: close now without `return`, so the client
    // reconnects and resumes by event id. The stream's own `finally` runs when it wakes.
    stop.signal.addEventListener(
      'abort',
      () => {
        end();
        iterator.return?.().catch(() => {});
      },
      { once: true },
    );

    const { lastEventId } = request;
    let resumeId = lastEventId && !/[\0\n\r]/.test(lastEventId) ? lastEventId : undefined;
    try {
      for (;;) {
        const step = await iterator.next();
        if (step.done || stop.signal.aborted) break;
        ping?.refresh();
        const value: unknown = step.value;
        if (isTrackedEnvelope(value)) {
          resumeId = value[0];
          write(dataFrame(serializeData(value[1]), value[0]));
        } else if (resumeId === undefined) {
          write(dataFrame(serializeData(value)));
        } else {
          // An event without an id takes the EventSource's last one: clear it, then set it back.
          write(dataFrame(serializeData(value), '') + restoreIdFrame(resumeId));
        }
      }
      if (!stop.signal.aborted) write(RETURN_FRAME);
    } catch (cause) {
      if (!isAbortError(cause) && !stop.signal.aborted)
        write(errorEvent(getTRPCErrorFromUnknown(cause)));
    } finally {
      res.off('close', onClose);
      connection.abort();
      end();
    }
  }

  return function serveTrpcSubscription(req: IncomingMessage, res: ServerResponse): boolean {
    const request = subscriptionRequest(router, basePath, req);
    if (!request) return false;
    serve(req, res, request).catch((cause: unknown) => {
      // A bug here, not the client's doing: the procedure's own errors are frames.
      options.onError?.({
        error: getTRPCErrorFromUnknown(cause),
        path: request.path,
        ctx: undefined,
      });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
    return true;
  };
}
