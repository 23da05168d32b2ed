// Browsers (and Node 22+) have a WebSocket; see webSocket.node.ts for Node 20.
export const WebSocketImpl: typeof WebSocket | undefined = globalThis.WebSocket;
