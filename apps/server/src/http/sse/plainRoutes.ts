import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  appRouter,
  bearerToken,
  createCallerFactory,
  createContextInner,
  inputFromBody,
  type ContextSources,
  type RestHandler,
} from '@chatbot/api';
import type { App } from '@chatbot/core';
import { TERMINAL_EVENTS, type ChatEvent } from '@chatbot/core/realtime';
import { isTrackedEnvelope, TRPCError } from '@trpc/server';
import { readBody } from '../body';
import { requestIp } from '../requestIp';
import { sendRestResponse } from '../rest';
import type { SlowClientPolicy } from '../streamBuffer';
import { openEventStream } from './eventStream';

/**
 * Plain SSE for curl and EventSource users (the original backend's "SSE parity"), on top of the
 * same procedures as everything else: `messages.onEvent` for the stream, `messages.send` for
 * the prompt. Each event is `id:` (resumable with Last-Event-ID), `event:` (its type) and
 * `data:` (the event as JSON).
 */
const STREAM_PATH = /^\/sse\/sessions\/([^/]+)\/stream\/?$/;
const MESSAGES_PATH = /^\/sse\/sessions\/([^/]+)\/messages\/?$/;
export const SSE_ROUTES = {
  stream: '/sse/sessions/{id}/stream',
  messages: '/sse/sessions/{id}/messages',
} as const;

/** The events a subscription yields, as `[id, event]`. */
async function* trackedEvents(iterable: AsyncIterable<unknown>) {
  for await (const item of iterable) {
    if (isTrackedEnvelope(item)) yield [item[0], item[1] as ChatEvent] as const;
  }
}

export function createSseRoutes(
  app: App,
  rest: RestHandler,
  { bodyLimit, slowClients }: { bodyLimit: number; slowClients: SlowClientPolicy },
) {
  const createCaller = createCallerFactory(appRouter);

  async function callerFor(req: IncomingMessage, sessionId: string, signal: AbortSignal) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ticket = url.searchParams.get('ticket');
    const sources: ContextSources = {
      requestId: req.headers['x-request-id'] as string | undefined,
      ip: requestIp(req, app.config.http.trustProxy),
      connectionSignal: signal,
    };
    if (ticket) {
      // Single use: EventSource reconnects with the same URL, gets 401 and asks for a new one.
      const userId = await app.streamTickets.redeem(ticket, sessionId);
      if (!userId) {
        throw new TRPCError({
          code: 'UNAUTHORIZED',
          message: 'Invalid, expired or already used stream ticket',
        });
      }
      sources.sessionUserId = userId;
    } else {
      sources.token = bearerToken(req.headers.authorization);
    }
    const ctx = await createContextInner(app, sources);
    return { caller: createCaller(ctx, { signal }), url };
  }

  /** GET: the session's events from Last-Event-ID (or from now, with replies in progress). */
  async function stream(req: IncomingMessage, res: ServerResponse, sessionId: string) {
    const stop = new AbortController();
    res.once('close', () => stop.abort());
    const { caller, url } = await callerFor(req, sessionId, stop.signal);
    const lastEventId =
      (req.headers['last-event-id'] as string | undefined) || url.searchParams.get('lastEventId');
    // Ownership (404) and the stream cap (429) are checked by this call, before the stream opens.
    const events = await caller.messages.onEvent({ sessionId, lastEventId });
    // A new subscriber learns its position at once: without it, an EventSource that reconnects
    // before its first event would come back as new and miss what happened in between. (The
    // subscription itself starts at the first read below, after this.)
    const position = lastEventId ? undefined : await app.events.lastId(sessionId);
    const out = openEventStream(res, app, { bounded: true, slowClients });
    out.signal.addEventListener('abort', () => stop.abort());
    if (position) out.ready(position);
    try {
      for await (const [id, event] of trackedEvents(events)) out.send(id, event);
    } finally {
      out.end();
    }
  }

  /** POST: store the prompt, then stream that exchange's events until the reply ends. */
  async function sendAndStream(req: IncomingMessage, res: ServerResponse, sessionId: string) {
    const stop = new AbortController();
    res.once('close', () => stop.abort());
    if (new URL(req.url ?? '/', 'http://localhost').searchParams.has('ticket')) {
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sending needs a Bearer token' });
    }
    const { caller } = await callerFor(req, sessionId, stop.signal);
    const body = inputFromBody(req.headers['content-type'], await readBody(req, bodyLimit));
    const since = await app.events.lastId(sessionId);
    const sent = await caller.messages.send({ ...body, sessionId } as {
      sessionId: string;
      content: string;
    });
    const reply = sent.assistantMessage;
    const out = openEventStream(res, app, { bounded: false, slowClients });
    out.signal.addEventListener('abort', () => stop.abort());
    if (reply?.status !== 'streaming') {
      // A retry (same clientId) of an exchange that already ended: its final state, at once.
      out.send(since, { type: 'message:new', message: sent.userMessage });
      if (reply) out.send(since, { type: 'message:update', message: reply });
      out.end();
      return;
    }
    const ours = new Set([sent.userMessage.id, reply.id]);
    const events = await caller.messages.onEvent({ sessionId, lastEventId: since });
    try {
      for await (const [id, event] of trackedEvents(events)) {
        if (!concerns(event, ours)) continue;
        out.send(id, event);
        if (TERMINAL_EVENTS.has(event.type) && 'messageId' in event && event.messageId === reply.id)
          break;
        if (event.type === 'session:resync' || event.type === 'session:delete') break;
      }
    } finally {
      out.end();
    }
  }

  return async function serveSse(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<string | undefined> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const streamMatch = STREAM_PATH.exec(path);
    const messagesMatch = MESSAGES_PATH.exec(path);
    const match = streamMatch ?? messagesMatch;
    if (!match) return undefined;
    const route = streamMatch ? SSE_ROUTES.stream : SSE_ROUTES.messages;
    const method = streamMatch ? 'GET' : 'POST';
    try {
      if (req.method !== method) {
        throw new TRPCError({ code: 'METHOD_NOT_SUPPORTED', message: `Use ${method} here` });
      }
      const sessionId = decodePathSegment(match[1] ?? '');
      await (streamMatch ? stream : sendAndStream)(req, res, sessionId);
    } catch (error) {
      if (res.headersSent) {
        if (!res.writableEnded) res.end();
      } else {
        sendRestResponse(req, res, rest.errorResponse(error));
      }
    }
    return route;
  };
}

/** Whether an event belongs to this exchange (its two messages) or the session's settings. */
function concerns(event: ChatEvent, ours: Set<string | undefined>): boolean {
  switch (event.type) {
    case 'message:new':
    case 'message:update':
      return ours.has(event.message.id);
    case 'message:stream':
    case 'message:done':
    case 'message:error':
    case 'message:cancelled':
      return ours.has(event.messageId);
    default:
      // Another branch's messages or a branch change are not this exchange's business.
      return event.type !== 'message:delete' && event.type !== 'session:branch';
  }
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'The session id in the path is malformed',
    });
  }
}
