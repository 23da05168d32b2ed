import type http from 'node:http';
import { appRouter, bearerToken, createCallerFactory, createContextInner } from '@chatbot/api';
import type { App } from '@chatbot/core';
import type { ChatEvent } from '@chatbot/core/realtime';
import { isTrackedEnvelope } from '@trpc/server';
import { Server, type Socket } from 'socket.io';
import { isOriginAllowed } from './cors';
import { requestIp } from './requestIp';
import type { SlowClientPolicy } from './streamBuffer';

/**
 * The original backend's Socket.IO contract: namespace `/chat`, `join { sessionId, lastEventId? }`
 * then `message:new|stream|update|done` (and our other events) as plain payloads, each with an
 * extra `eventId` to resume from. An adapter over `messages.onEvent`: every instance reads the
 * same event log, so a socket may land on any of them.
 */
export const SOCKET_IO_PATH = '/socket.io';
export const SOCKET_IO_NAMESPACE = '/chat';

type Context = Awaited<ReturnType<typeof createContextInner>>;
type Ack = (answer: { ok: true; lastEventId?: string } | { ok: false; error: string }) => void;
const roomOf = (sessionId: string) => `session:${sessionId}`;

/** The payload the original clients expect: the message or session itself, not `{ type, ... }`. */
export function socketPayload(sessionId: string, eventId: string, event: ChatEvent) {
  if (event.type === 'message:new' || event.type === 'message:update') {
    return { ...event.message, eventId };
  }
  if (event.type === 'session:update') return { ...event.session, eventId };
  const { type: _type, ...fields } = event;
  return { sessionId, ...fields, eventId };
}

/** What the socket holds unsent: engine.io's queue plus the WebSocket's own buffer. */
function bufferedBytes(socket: Socket): number {
  const conn = socket.conn as unknown as {
    writeBuffer?: { data?: unknown }[];
    transport?: { socket?: { bufferedAmount?: number } };
  };
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer ?? []) {
    const data = packet.data;
    bytes += typeof data === 'string' ? data.length : ((data as Buffer | undefined)?.length ?? 0);
  }
  return bytes;
}

/**
 * Close the connection under the socket at once, its buffers with it (a graceful close would
 * wait on a client that does not read). Not a Socket.IO disconnect: the client sees a transport
 * close, reconnects on its own and joins again with its last eventId.
 */
function dropConnection(socket: Socket) {
  const transport = socket.conn.transport as unknown as { socket?: { terminate?(): void } };
  transport.socket?.terminate?.();
  socket.conn.close(true);
}

/** Typing signals a socket may send a second (more are dropped): each one crosses every instance. */
const TYPING_SIGNALS_PER_SECOND = 5;

function typingBudget() {
  let windowStart = 0;
  let sent = 0;
  return () => {
    const now = Date.now();
    if (now - windowStart >= 1000) [windowStart, sent] = [now, 0];
    sent += 1;
    return sent <= TYPING_SIGNALS_PER_SECOND;
  };
}

function handshakeToken(socket: Socket): string | undefined {
  const { auth, headers, query } = socket.handshake;
  const fromAuth = typeof auth?.token === 'string' ? auth.token : undefined;
  const fromQuery = typeof query.token === 'string' ? query.token : undefined;
  return fromAuth || bearerToken(headers.authorization) || fromQuery || undefined;
}

export function attachSocketIo(
  httpServer: http.Server,
  app: App,
  { slowClients }: { slowClients: SlowClientPolicy },
) {
  const { corsOrigins, bodyLimitBytes, trustProxy } = app.config.http;
  const createCaller = createCallerFactory(appRouter);
  const io = new Server(httpServer, {
    path: SOCKET_IO_PATH,
    serveClient: false,
    maxHttpBufferSize: bodyLimitBytes,
    // Unmatched upgrades belong to the server's own handler (tRPC's WebSocket).
    destroyUpgrade: false,
    // The server's CORS rule: the allowlist, or the same origin (which needs no CORS headers).
    cors: { origin: (origin, done) => done(null, isOriginAllowed(origin, undefined, corsOrigins)) },
    allowRequest: (req, done) =>
      done(null, isOriginAllowed(req.headers.origin, req.headers.host, corsOrigins)),
  });
  const chat = io.of(SOCKET_IO_NAMESPACE);
  const stopTyping = app.bus.onTyping(({ sessionId, typing, origin }) => {
    chat.to(roomOf(sessionId)).except(origin).emit('typing', { sessionId, typing });
  });

  // An access token only (refresh tokens are opaque and never pass), checked like tRPC's context.
  chat.use((socket, next) => {
    const token = handshakeToken(socket);
    const disconnected = new AbortController();
    socket.once('disconnect', () => disconnected.abort());
    void createContextInner(app, {
      token,
      transport: 'ws',
      ip: requestIp(socket.request, trustProxy),
      requestId: socket.handshake.headers['x-request-id'] as string | undefined,
      connectionSignal: disconnected.signal,
    }).then(
      (ctx) => {
        if (!ctx.user) return next(new Error('Unauthorized'));
        (socket.data as { ctx?: Context }).ctx = ctx;
        next();
      },
      (error: unknown) => next(error as Error),
    );
  });

  chat.on('connection', (socket) => {
    const ctx = (socket.data as { ctx: Context }).ctx;
    /** Joined sessions and how to stop each one's stream (which frees its slot). */
    const joined = new Map<string, AbortController>();

    const leave = (sessionId: string) => {
      joined.get(sessionId)?.abort();
      joined.delete(sessionId);
      void socket.leave(roomOf(sessionId));
    };

    const emit = (sessionId: string, eventId: string, event: ChatEvent) => {
      if (socket.disconnected) return;
      socket.emit(event.type, socketPayload(sessionId, eventId, event));
      const bytes = bufferedBytes(socket);
      if (bytes > slowClients.maxBufferedBytes) {
        slowClients.onDrop({ transport: 'ws', bufferedBytes: bytes });
        dropConnection(socket);
      }
    };

    socket.on('join', async (payload: unknown, ack?: Ack) => {
      const reply: Ack = typeof ack === 'function' ? ack : () => {};
      const { sessionId, lastEventId } = (payload ?? {}) as Record<string, unknown>;
      if (typeof sessionId !== 'string' || !sessionId) {
        return refuse(reply, 'sessionId is required');
      }
      // A second join of the same session restarts it from the given position.
      leave(sessionId);
      const stop = new AbortController();
      joined.set(sessionId, stop);
      const resumeFrom = typeof lastEventId === 'string' && lastEventId ? lastEventId : null;
      try {
        const caller = createCaller(ctx, { signal: stop.signal });
        // Ownership (NOT_FOUND) and the stream cap are checked here, before any event.
        const events = await caller.messages.onEvent({ sessionId, lastEventId: resumeFrom });
        const position = resumeFrom ?? (await ctx.app.events.lastId(sessionId));
        if (stop.signal.aborted) return;
        await socket.join(roomOf(sessionId));
        reply({ ok: true, ...(position ? { lastEventId: position } : {}) });
        for await (const item of events) {
          if (isTrackedEnvelope(item)) emit(sessionId, item[0], item[1] as ChatEvent);
        }
      } catch (error) {
        if (joined.get(sessionId) === stop) joined.delete(sessionId);
        if (!stop.signal.aborted) refuse(reply, (error as Error).message);
      }
    });

    socket.on('leave', (payload: unknown, ack?: Ack) => {
      const { sessionId } = (payload ?? {}) as Record<string, unknown>;
      if (typeof sessionId === 'string') leave(sessionId);
      if (typeof ack === 'function') ack({ ok: true });
    });

    const typingAllowed = typingBudget();
    socket.on('typing', (payload: unknown) => {
      const { sessionId, typing } = (payload ?? {}) as Record<string, unknown>;
      if (typeof sessionId !== 'string' || !joined.has(sessionId) || !typingAllowed()) return;
      // Through the bus, so the room's sockets on other instances hear it too.
      void app.bus
        .publishTyping({ sessionId, typing: Boolean(typing), origin: socket.id })
        .catch(() => {});
    });

    socket.on('disconnect', () => {
      for (const sessionId of [...joined.keys()]) leave(sessionId);
    });

    /** Refusals as the NestJS gateway made them: an error ack and an `exception` event. */
    function refuse(reply: Ack, message: string) {
      reply({ ok: false, error: message });
      socket.emit('exception', { status: 'error', message });
    }
  });

  return {
    io,
    /** Drop every connection (the clients reconnect elsewhere and resume by event id). */
    close() {
      stopTyping();
      for (const socket of chat.sockets.values()) dropConnection(socket);
      io.engine.close();
    },
  };
}
