import { STATUS_CODES } from 'node:http';
import { getErrorShape, getTRPCErrorFromUnknown, TRPCError } from '@trpc/server';
import type { App } from '@chatbot/core';
import { bearerToken, createContextInner, type Context } from '../context';
import { retryAfterHeaders } from '@chatbot/core';
import { appRouter } from '../root';
import type { SessionExport } from '@chatbot/core/schemas';
import { createCallerFactory } from '../trpc';
import { collectRestEndpoints, takesBody, type RestEndpoint } from './endpoints';
import { collectList, nextPageHeaders } from './restList';
import { inputFromBody, inputFromQuery, pathParameters } from './restInput';

export interface RestRequest {
  method: string;
  /** Path and query of the request. */
  url: URL;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** The raw body; the host enforces its size limit. */
  readBody(): Promise<string>;
  ip?: string;
  requestId?: string;
  signal?: AbortSignal;
}

export interface RestResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The route template (`/sessions/{id}`), a bounded label for metrics. */
  route?: string;
}

/** Errors read like the original NestJS backend's: statusCode, error, message; plus the field. */
export interface RestErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  field?: string;
  fieldErrors?: Record<string, string[]>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function json(status: number, body: unknown, headers: Record<string, string> = {}): RestResponse {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

function download(file: SessionExport): RestResponse {
  const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return {
    status: 200,
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    },
    body: file.content,
  };
}

export interface RestHandlerOptions {
  /** Told about every failure the server caused (5xx), for logging. */
  onInternalError?: (error: TRPCError, endpoint: RestEndpoint) => void;
}

/**
 * The REST surface of the router: each request is matched to the procedure whose `meta.rest`
 * declares its route and calls that procedure through a server-side caller, so validation,
 * auth, rate limits and the domain functions are the very ones tRPC clients go through.
 * Resolves `undefined` for a path no route declares (the host answers it).
 */
export function createRestHandler(app: App, options: RestHandlerOptions = {}) {
  const endpoints = collectRestEndpoints(appRouter);
  const createCaller = createCallerFactory(appRouter);

  function errorResponse(cause: unknown, endpoint?: RestEndpoint, ctx?: Context, input?: unknown) {
    const error = getTRPCErrorFromUnknown(cause);
    const shape = getErrorShape({
      config: appRouter._def._config,
      error,
      type: endpoint ? (endpoint.method === 'GET' ? 'query' : 'mutation') : 'unknown',
      path: endpoint?.procedure,
      input,
      ctx,
    });
    const status = shape.data.httpStatus;
    if (status >= 500 && endpoint) options.onInternalError?.(error, endpoint);
    const body: RestErrorBody = {
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      code: shape.data.code,
      message: shape.message,
      ...(shape.data.field ? { field: shape.data.field } : {}),
      ...(shape.data.fieldErrors ? { fieldErrors: shape.data.fieldErrors } : {}),
    };
    return json(status, body, retryAfterHeaders([error]) ?? {});
  }

  async function call(endpoint: RestEndpoint, match: RegExpExecArray, request: RestRequest) {
    let ctx: Context | undefined;
    let input: Record<string, unknown> | undefined;
    try {
      const bearer = bearerToken(request.headers.authorization);
      if (endpoint.input) {
        input = {
          ...(takesBody(endpoint)
            ? inputFromBody(request.headers['content-type'], await request.readBody())
            : inputFromQuery(endpoint, request.url.searchParams)),
          ...pathParameters(endpoint, match),
          ...endpoint.fixedInput,
        };
        // The body's token wins: clients that add their access token to every request (an
        // axios interceptor, a collection's auth) send it beside `{ refreshToken }`.
        if (endpoint.bearerInput && bearer && input[endpoint.bearerInput] === undefined) {
          input[endpoint.bearerInput] = bearer;
        }
      }
      ctx = await createContextInner(app, {
        token: endpoint.bearerInput ? undefined : bearer,
        requestId: request.requestId,
        ip: request.ip,
        transport: 'http',
      });
      const caller = createCaller(ctx, { signal: request.signal });
      const procedure = endpoint.procedure
        .split('.')
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
      const run = procedure as (input: unknown) => Promise<unknown>;
      if (endpoint.list) {
        const page = await collectList(run, endpoint.list, input ?? {});
        const headers = nextPageHeaders(request.url, page.nextCursor);
        return { ...json(200, page.items, headers), route: endpoint.path };
      }
      const output = await run(input);
      const response = endpoint.download
        ? download(output as SessionExport)
        : json(endpoint.successStatus ?? 200, output);
      return { ...response, route: endpoint.path };
    } catch (cause) {
      return { ...errorResponse(cause, endpoint, ctx, input), route: endpoint.path };
    }
  }

  return {
    endpoints,
    errorResponse,
    async handle(request: RestRequest): Promise<RestResponse | undefined> {
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      const path = request.url.pathname;
      const allowed = new Set<string>();
      let route: string | undefined;
      for (const endpoint of endpoints) {
        const match = endpoint.pattern.exec(path);
        if (!match) continue;
        if (endpoint.method === method) return call(endpoint, match, request);
        allowed.add(endpoint.method);
        route ??= endpoint.path;
      }
      if (allowed.size === 0) return undefined;
      const methods = [...allowed];
      const error = new TRPCError({
        code: 'METHOD_NOT_SUPPORTED',
        message: `${request.method} is not allowed here; use ${methods.join(' or ')}`,
      });
      const response = errorResponse(error);
      return { ...response, headers: { ...response.headers, allow: methods.join(', ') }, route };
    },
  };
}

export type RestHandler = ReturnType<typeof createRestHandler>;
