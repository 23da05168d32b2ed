import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  appRouter,
  bearerToken,
  createCallerFactory,
  createContextInner,
  type RestHandler,
} from '@chatbot/api';
import type { App } from '@chatbot/core';
import type { ChatEvent } from '@chatbot/core/realtime';
import { isTrackedEnvelope, TRPCError } from '@trpc/server';
import { readBody } from './body';
import { requestIp } from './requestIp';
import { sendRestResponse } from './rest';
import { writeBounded, type SlowClientPolicy } from './streamBuffer';

/**
 * The original frontend's streaming call: `POST /messages/stream { sessionId, prompt }` answers
 * one JSON object per line: `{"delta"}` per batch, `{"error":"stream_error"}` if the provider
 * fails, `{"done":true,"messageId"}` once the reply is stored. An adapter over `messages.send`
 * and `messages.onEvent`, like the plain SSE routes; the reply runs on without the client.
 */
export const NDJSON_ROUTE = '/messages/stream';

interface StreamRequest {
  sessionId: string;
  prompt: string;
}

function parseRequest(text: string): StreamRequest {
  let body: unknown;
  try {
    body = JSON.parse(text || '{}');
  } catch {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'The body is not valid JSON' });
  }
  const { sessionId, prompt } = (body ?? {}) as Partial<Record<string, unknown>>;
  if (typeof sessionId !== 'string' || !sessionId || typeof prompt !== 'string' || !prompt) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'sessionId and prompt are required' });
  }
  return { sessionId, prompt };
}

/** The line an event of the reply becomes, if any, and whether it ends the stream. */
function lineFor(event: ChatEvent, replyId: string): { line?: object; last?: boolean } {
  switch (event.type) {
    case 'message:stream':
      return event.messageId === replyId ? { line: { delta: event.delta } } : {};
    case 'message:done':
      // message:done follows the stored final content (message:update).
      return event.messageId === replyId
        ? { line: { done: true, messageId: replyId }, last: true }
        : {};
    case 'message:error':
      return event.messageId === replyId ? { line: { error: 'stream_error' }, last: true } : {};
    case 'message:cancelled':
      return event.messageId === replyId ? { line: { error: 'cancelled' }, last: true } : {};
    case 'session:delete':
    case 'session:resync':
      return { line: { error: 'stream_error' }, last: true };
    default:
      return {};
  }
}

export function createNdjsonRoute(
  app: App,
  rest: RestHandler,
  { bodyLimit, slowClients }: { bodyLimit: number; slowClients: SlowClientPolicy },
) {
  const createCaller = createCallerFactory(appRouter);

  async function sendAndStream(req: IncomingMessage, res: ServerResponse) {
    const stop = new AbortController();
    res.once('close', () => stop.abort());
    const ctx = await createContextInner(app, {
      token: bearerToken(req.headers.authorization),
      requestId: req.headers['x-request-id'] as string | undefined,
      ip: requestIp(req, app.config.http.trustProxy),
      connectionSignal: stop.signal,
    });
    if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
    const { sessionId, prompt } = parseRequest(await readBody(req, bodyLimit));
    const caller = createCaller(ctx, { signal: stop.signal });
    // Ownership (404) is checked by send before anything is stored.
    const since = await app.events.lastId(sessionId);
    const sent = await caller.messages.send({ sessionId, content: prompt });
    const reply = sent.assistantMessage;

    res.writeHead(200, {
      'content-type': 'application/x-ndjson',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    const write = (line: object) => writeBounded(res, `${JSON.stringify(line)}\n`, slowClients);
    try {
      if (!reply) return;
      if (reply.status !== 'streaming') {
        // Already over (the provider failed at once): its final state in one go.
        if (reply.status !== 'complete') write({ error: 'stream_error' });
        else {
          if (reply.content) write({ delta: reply.content });
          write({ done: true, messageId: reply.id });
        }
        return;
      }
      const events = await caller.messages.onEvent({ sessionId, lastEventId: since });
      for await (const item of events) {
        if (!isTrackedEnvelope(item)) continue;
        const { line, last } = lineFor(item[1] as ChatEvent, reply.id);
        if (line) write(line);
        if (last) break;
      }
    } finally {
      if (!res.writableEnded) res.end();
    }
  }

  return async function serveNdjson(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<string | undefined> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    // Only the POST: GET /messages/{sessionId} stays the REST route it is.
    if (req.method !== 'POST' || (path !== NDJSON_ROUTE && path !== `${NDJSON_ROUTE}/`)) {
      return undefined;
    }
    try {
      await sendAndStream(req, res);
    } catch (error) {
      if (res.headersSent) {
        if (!res.writableEnded) res.end();
      } else {
        sendRestResponse(req, res, rest.errorResponse(error));
      }
    }
    return NDJSON_ROUTE;
  };
}
