/**
 * tRPC 11's SSE framing, byte for byte as its `sseStreamProducer` writes it (event, data, id,
 * then a blank line), so `httpSubscriptionLink` reads these frames as it reads tRPC's own.
 * Event names are the ones its consumer listens to; data events carry no `event:` line.
 */
export const trpcSseHeaders = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
} as const;

/** Options the client adopts on connecting (its inactivity timeout). */
export const connectedFrame = (clientOptions: object) =>
  `event: connected\ndata: ${JSON.stringify(clientOptions)}\n\n\n`;

export const PING_FRAME = 'event: ping\ndata: \n\n\n';

/** The stream ended by itself: the client stops (a closed connection makes it reconnect). */
export const RETURN_FRAME = 'event: return\ndata: \n\n\n';

/** `data` is already serialised (transformer, then JSON). */
export const dataFrame = (data: string, id?: string) =>
  id === undefined ? `data: ${data}\n\n\n` : `data: ${data}\nid: ${id}\n\n\n`;

/** Resets the EventSource's last id after an untracked event, which cleared it. */
export const restoreIdFrame = (id: string) => `event: restore-id\ndata: \nid: ${id}\n\n\n`;

export const errorFrame = (data: string) => `event: serialized-error\ndata: ${data}\n\n\n`;
