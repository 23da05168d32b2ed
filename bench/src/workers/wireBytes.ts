// Bytes this process has read from the network on the sockets it opened as a client: every
// transport alike (WebSocket, Socket.IO, SSE over fetch), HTTP headers and framing included.
import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

let total = 0;

// A running sum, so reading it when a frame arrives costs nothing (summing `bytesRead` over a
// thousand sockets per frame would load the very process that measures).
diagnostics.subscribe('net.client.socket', (message) => {
  const socket = (message as { socket: Socket }).socket;
  const push = socket.push;
  socket.push = function (chunk: unknown, encoding?: BufferEncoding) {
    if (chunk) total += (chunk as Buffer).length;
    return push.call(this, chunk, encoding);
  };
});

export const bytesRead = (): number => total;
