// Baseline servers, each in its own process like the server under test:
//   ws        a bare `ws` server broadcasting each provider delta (the limit of the stack)
//   socketio  a Socket.IO server broadcasting each delta (the original backend's transport)
//   http      a bare node:http handler running the same Prisma query as a procedure
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { listMessages } from '@chatbot/core/chat';
import { listSessions } from '@chatbot/core/sessions';
import { createDatabase, type Database } from '@chatbot/db';
import OpenAI from 'openai';
import { Server as SocketIOServer } from 'socket.io';
import { WebSocketServer } from 'ws';
import { serveCalls, settledRss } from '../rpc';

const mode = process.argv[2] as 'ws' | 'socketio' | 'http';
const httpServer = http.createServer();
let broadcastFrame: (frame: string) => void = () => {};
let database: Database | undefined;

async function listen() {
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
}

serveCalls({
  async start(options: { dataDir?: string; databaseUrl?: string; userId?: string }) {
    if (mode === 'ws') {
      const wss = new WebSocketServer({ server: httpServer });
      broadcastFrame = (frame) => {
        for (const client of wss.clients) client.send(frame);
      };
    } else if (mode === 'socketio') {
      const io = new SocketIOServer(httpServer, { transports: ['websocket'] });
      broadcastFrame = (frame) => io.emit('event', frame);
    } else {
      database = await createDatabase(
        options.databaseUrl
          ? { kind: 'postgres', url: options.databaseUrl }
          : { kind: 'embedded', dataDir: options.dataDir! },
      );
      const prisma = database.prisma;
      const userId = options.userId!;
      httpServer.on('request', (req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const work =
          url.pathname === '/sessions'
            ? listSessions(prisma, userId, { limit: 50 })
            : listMessages(prisma, userId, {
                sessionId: url.searchParams.get('sessionId')!,
                limit: 50,
              });
        work.then(
          (page) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify(page));
          },
          (error: Error) => {
            res.writeHead(500);
            res.end(error.message);
          },
        );
      });
    }
    return { url: await listen() };
  },
  /** Stream one reply from the provider and broadcast every delta as its own frame. */
  async broadcast({ providerUrl }: { providerUrl: string }) {
    const openai = new OpenAI({ baseURL: providerUrl, apiKey: 'bench' });
    const stream = await openai.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    let offset = 0;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content;
      if (!delta) continue;
      broadcastFrame(
        JSON.stringify({ type: 'message:stream', messageId: 'baseline', delta, offset }),
      );
      offset += delta.length;
    }
    broadcastFrame(JSON.stringify({ type: 'message:done', messageId: 'baseline' }));
    return true;
  },
  settledRss,
  async stop() {
    await database?.close();
    return true;
  },
});
