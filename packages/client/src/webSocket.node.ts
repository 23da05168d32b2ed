// Node 20 has no global WebSocket: use `ws`, which tRPC's WebSocket client accepts.
import { WebSocket as NodeWebSocket } from 'ws';

export const WebSocketImpl = (globalThis.WebSocket ?? NodeWebSocket) as unknown as typeof WebSocket;
