// B1's floors, each in its own process like the server under test: a bare relay from the
// provider to the subscribers of each session, with nothing in between but our DeltaBatcher.
// A reply sends the server's events with the same payloads: the user's message and the
// placeholder, the batched deltas, the stored reply, done. Nothing is stored.
//   ws        a bare `ws` server; a subscriber connects to `/?session=<id>`; B2's floor also
//             takes sends as HTTP requests (`POST /send?session=<id>`), one reply each
//   socketio  a bare Socket.IO server speaking the gateway's protocol: namespace `/chat`,
//             `join { sessionId }` with an ack, then each event by name to the session's room
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessageDTO } from '@chatbot/core/schemas';
import OpenAI from 'openai';
import { Server as SocketIOServer } from 'socket.io';
import { WebSocketServer, type WebSocket } from 'ws';
// Not exported by @chatbot/core (only its runner uses it); imported, not copied, so the
// baselines batch exactly as the server does, with the same default frame.
import { DeltaBatcher } from '@chatbot/core/chat';
import { serveCalls } from '../rpc';

const mode = process.argv[2] as 'ws' | 'socketio';
const httpServer = http.createServer();
/** Send one event to every subscriber of a session, serialised once. */
let toSession: (sessionId: string, event: Record<string, unknown>) => void = () => {};

function bareWs() {
  const wss = new WebSocketServer({ server: httpServer });
  const rooms = new Map<string, Set<WebSocket>>();
  wss.on('connection', (socket, request) => {
    const sessionId = new URL(request.url ?? '/', 'http://relay').searchParams.get('session') ?? '';
    const room = rooms.get(sessionId) ?? new Set();
    rooms.set(sessionId, room.add(socket));
    socket.on('close', () => room.delete(socket));
  });
  toSession = (sessionId, event) => {
    const frame = JSON.stringify({ ...event, sessionId });
    for (const socket of rooms.get(sessionId) ?? []) socket.send(frame);
  };
}

function bareSocketIo() {
  const chat = new SocketIOServer(httpServer, { serveClient: false }).of('/chat');
  chat.on('connection', (socket) => {
    socket.on('join', (payload: { sessionId?: string }, ack?: (answer: unknown) => void) => {
      void socket.join(`session:${payload?.sessionId}`);
      ack?.({ ok: true });
    });
  });
  // The gateway's payloads: a message itself, or the event's fields without `type`.
  toSession = (sessionId, { type, ...fields }) => {
    const payload = fields.message
      ? { ...(fields.message as MessageDTO), eventId: fields.eventId }
      : { sessionId, ...fields };
    chat.to(`session:${sessionId}`).emit(String(type), payload);
  };
}

const newId = () => randomBytes(12).toString('hex');

function message(sessionId: string, role: 'user' | 'assistant', content: string): MessageDTO {
  const now = new Date();
  return {
    id: newId(),
    sessionId,
    parentId: null,
    role,
    content,
    status: role === 'user' ? 'complete' : 'streaming',
    model: role === 'user' ? null : 'fake-model',
    error: null,
    promptTokens: null,
    completionTokens: null,
    clientId: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** One reply from the provider, batched as the server's runner batches it. */
async function relayReply(openai: OpenAI, sessionId: string) {
  const epoch = randomBytes(4).toString('hex');
  let seq = 0;
  const send = (event: Record<string, unknown>) =>
    toSession(sessionId, { ...event, eventId: `${epoch}.${(seq += 1)}` });
  const reply = message(sessionId, 'assistant', '');
  const messageId = reply.id;
  send({ type: 'message:new', message: message(sessionId, 'user', 'Go') });
  send({ type: 'message:new', message: reply });
  const batcher = new DeltaBatcher((delta, offset) =>
    send({ type: 'message:stream', messageId, delta, offset }),
  );
  let content = '';
  const stream = await openai.chat.completions.create({
    model: 'fake-model',
    messages: [{ role: 'user', content: 'go' }],
    stream: true,
  });
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta?.content;
    if (!delta) continue;
    content += delta;
    batcher.push(delta);
  }
  batcher.flush();
  const stored = { ...reply, content, status: 'complete', updatedAt: new Date() };
  send({ type: 'message:update', message: stored });
  send({ type: 'message:done', messageId });
}

/** B2's floor: a send is an HTTP request, answered once its reply has started, like ours. */
function acceptSends(providerUrl: string) {
  const openai = new OpenAI({ baseURL: providerUrl, apiKey: 'bench' });
  httpServer.on('request', (request, response) => {
    const url = new URL(request.url ?? '/', 'http://relay');
    if (request.method !== 'POST' || url.pathname !== '/send') {
      response.writeHead(404).end();
      return;
    }
    request.resume();
    request.on('end', () => {
      void relayReply(openai, url.searchParams.get('session') ?? '').catch(() => {});
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
}

serveCalls({
  async start({ providerUrl }: { providerUrl?: string } = {}) {
    if (mode === 'ws' && providerUrl) acceptSends(providerUrl);
    if (mode === 'ws') bareWs();
    else bareSocketIo();
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}` };
  },
  /** One reply per session, all at once, each to that session's subscribers. */
  async broadcast({ providerUrl, sessionIds }: { providerUrl: string; sessionIds: string[] }) {
    const openai = new OpenAI({ baseURL: providerUrl, apiKey: 'bench' });
    await Promise.all(sessionIds.map((sessionId) => relayReply(openai, sessionId)));
    return true;
  },
  usage: () => ({
    cpuMicros: process.cpuUsage().user + process.cpuUsage().system,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
});
