import type { ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';

/**
 * Slow stream clients. Every streaming transport hands events to its connection as they come
 * (so no queue grows inside the subscription) and this caps what the connection may hold
 * unsent: past STREAM_MAX_BUFFERED_BYTES the client is too far behind and is dropped. Its
 * buffer goes with it; it reconnects and resumes after its last event id.
 */
export interface SlowClientPolicy {
  maxBufferedBytes: number;
  onDrop(details: { transport: 'sse' | 'ws'; bufferedBytes: number }): void;
}

/** Write to an event stream, dropping the connection once too much of it is unsent. */
export function writeBounded(res: ServerResponse, text: string, policy: SlowClientPolicy) {
  if (res.destroyed || res.writableEnded) return;
  res.write(text);
  if (res.writableLength > policy.maxBufferedBytes) {
    policy.onDrop({ transport: 'sse', bufferedBytes: res.writableLength });
    res.destroy();
  }
}

/** tRPC's WebSocket adapter sends without looking back: cap what the socket holds unsent. */
export function boundWebSocketSends(client: WebSocket, policy: SlowClientPolicy) {
  const send = client.send.bind(client) as (...args: unknown[]) => void;
  client.send = ((...args: unknown[]) => {
    send(...args);
    if (client.bufferedAmount > policy.maxBufferedBytes) {
      policy.onDrop({ transport: 'ws', bufferedBytes: client.bufferedAmount });
      client.terminate();
    }
  }) as WebSocket['send'];
}
