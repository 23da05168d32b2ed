import type { ServerResponse } from 'node:http';
import type { App } from '@chatbot/core';
import type { ChatEvent } from '@chatbot/core/realtime';
import { writeBounded, type SlowClientPolicy } from '../streamBuffer';

export interface EventStream {
  send(id: string, event: ChatEvent): void;
  /** A `ready` event carrying the stream's position, so a reconnect resumes from here. */
  ready(id: string): void;
  end(): void;
  readonly signal: AbortSignal;
}

/** Event ids as the event logs make them; anything else is never written into a frame. */
const EVENT_ID = /^[0-9A-Za-z.:_-]{1,100}$/;
const idLine = (id: string) => (EVENT_ID.test(id) ? `id: ${id}\n` : '');

export function openEventStream(
  res: ServerResponse,
  app: App,
  { bounded, slowClients }: { bounded: boolean; slowClients: SlowClientPolicy },
): EventStream {
  const closed = new AbortController();
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // Written as they come; a client too far behind is dropped (see streamBuffer.ts).
  const write = (text: string) => writeBounded(res, text, slowClients);
  // Reconnect soon after a drop (EventSource's own default is a few seconds).
  write('retry: 1000\n\n');
  const { keepAliveMs, maxDurationMs } = app.config.streaming;
  const ping = setInterval(() => write(': ping\n\n'), keepAliveMs);
  // Bounded like the tRPC streams: the client reconnects with Last-Event-ID and misses nothing.
  // (Not a POST exchange: it cannot be resumed, and it ends with its reply anyway.)
  const limit = bounded ? setTimeout(() => end(), maxDurationMs) : undefined;
  const end = () => {
    clearInterval(ping);
    clearTimeout(limit);
    closed.abort();
    if (!res.writableEnded) res.end();
  };
  res.once('close', end);
  return {
    signal: closed.signal,
    send(id, event) {
      write(`${idLine(id)}event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    },
    ready(id) {
      write(`${idLine(id)}event: ready\ndata: ${JSON.stringify({ lastEventId: id })}\n\n`);
    },
    end,
  };
}
