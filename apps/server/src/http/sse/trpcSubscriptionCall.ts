import type { IncomingMessage } from 'node:http';
import type { createContextFactory } from '@chatbot/api';
import type { AnyRouter, TRPCError } from '@trpc/server';
import { isObservable, observableToAsyncIterable } from '@trpc/server/observable';
import {
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  parseConnectionParamsFromString,
  type AnyProcedure,
  type TRPCRequestInfo,
} from '@trpc/server/unstable-core-do-not-import';

/** A GET for one subscription procedure, as tRPC's handler would have read it. */
export interface SubscriptionRequest {
  procedure: AnyProcedure;
  path: string;
  url: URL;
  connectionParams: TRPCRequestInfo['connectionParams'];
  /** The client's resume position (header, else query), unchecked: the input validates it. */
  lastEventId: string | null;
}

/**
 * The subscription a request asks for, or undefined for anything tRPC's own handler should
 * answer (batches, queries, other methods, lazy routes, malformed connection params).
 */
export function subscriptionRequest(
  router: AnyRouter,
  basePath: string,
  req: IncomingMessage,
): SubscriptionRequest | undefined {
  if (req.method !== 'GET' || !req.url) return undefined;
  const url = new URL(req.url, 'http://localhost');
  if (!url.pathname.startsWith(basePath) || url.searchParams.has('batch')) return undefined;
  const contentType = req.headers['content-type'];
  if (contentType && !/^application\/json\s*(;|$)/i.test(contentType)) return undefined;
  const path = url.pathname.slice(basePath.length);
  const procedure = (router._def.procedures as Record<string, AnyProcedure | undefined>)[path];
  if (procedure?._def.type !== 'subscription') return undefined;
  const header = req.headers['last-event-id'];
  const lastEventId =
    (Array.isArray(header) ? header[0] : header) ??
    url.searchParams.get('lastEventId') ??
    url.searchParams.get('Last-Event-Id');
  const params = url.searchParams.get('connectionParams');
  try {
    const connectionParams = params === null ? null : parseConnectionParamsFromString(params);
    return { procedure, path, url, connectionParams, lastEventId };
  } catch {
    return undefined;
  }
}

export type SubscriptionCall = {
  ctx: unknown;
  /** The input as parsed (for error shapes), once the procedure read it. */
  input(): unknown;
} & ({ ok: true; iterable: AsyncIterable<unknown> } | { ok: false; error: TRPCError });

/**
 * Runs the procedure as tRPC's HTTP handler does: the same context function, raw input (the
 * resume position merged in), middlewares and error mapping.
 */
export async function callSubscription(
  router: AnyRouter,
  createContext: ReturnType<typeof createContextFactory>,
  req: IncomingMessage,
  request: SubscriptionRequest,
  signals: { connection: AbortSignal; call: AbortSignal },
): Promise<SubscriptionCall> {
  const { procedure, path, url, lastEventId } = request;
  const { transformer } = router._def._config;
  let input: unknown;
  const parseInput = async () => {
    const text = url.searchParams.get('input');
    input = text ? transformer.input.deserialize(JSON.parse(text)) : undefined;
    if (lastEventId) {
      if (typeof input === 'object' && input !== null && !Array.isArray(input))
        input = { ...input, lastEventId };
      else input ??= { lastEventId };
    }
    return input;
  };
  let parsed: Promise<unknown> | undefined;
  const getRawInput = () => (parsed ??= parseInput());
  const info: TRPCRequestInfo = {
    isBatchCall: false,
    accept: null,
    type: 'subscription',
    calls: [{ batchIndex: 0, path, procedure, getRawInput, result: () => input }],
    connectionParams: request.connectionParams,
    signal: signals.connection,
    url,
  };
  let ctx: unknown;
  try {
    ctx = await createContext({ req, info });
    const data: unknown = await procedure({
      path,
      getRawInput,
      ctx,
      type: 'subscription',
      signal: signals.call,
      batchIndex: 0,
    });
    const iterable = isObservable(data)
      ? observableToAsyncIterable(data, signals.call)
      : isAsyncIterable(data)
        ? data
        : undefined;
    if (!iterable) throw new Error(`Subscription ${path} did not return an AsyncGenerator`);
    return { ctx, input: () => input, ok: true, iterable };
  } catch (cause) {
    return { ctx, input: () => input, ok: false, error: getTRPCErrorFromUnknown(cause) };
  }
}
