// B4's baseline, in its own process like the server under test: a bare node:http handler
// running the same Prisma query as a procedure. (B1's baselines are in relay.ts.)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { listMessages } from '@chatbot/core/chat';
import { listSessions } from '@chatbot/core/sessions';
import { createDatabase, type Database } from '@chatbot/db';
import { serveCalls, settledRss } from '../rpc';

const httpServer = http.createServer();
let database: Database | undefined;

async function listen() {
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
}

serveCalls({
  async start(options: { dataDir?: string; databaseUrl?: string; userId?: string }) {
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
    return { url: await listen() };
  },
  settledRss,
  async stop() {
    await database?.close();
    return true;
  },
});
