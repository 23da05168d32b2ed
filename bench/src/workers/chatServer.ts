// The system under test: the real app and server (embedded PGlite unless DATABASE_URL is given),
// with a query counter on the database driver so the benchmark can count writes.
import { createApp, silentLogger, type App } from '@chatbot/core';
import { parseConfig } from '@chatbot/config';
import { createDatabase, type Database } from '@chatbot/db';
import { createQueryCounter } from '@chatbot/db/testing';
import { startServer, type RunningServer } from '@chatbot/server';
import { pino } from 'pino';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { serveCalls, settledRss } from '../rpc';

let app: App;
let database: Database;
let server: RunningServer;
const counter = createQueryCounter();

serveCalls({
  async start(env: Record<string, string>) {
    const config = parseConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_ENABLED: 'false',
      ...env,
    });
    database = await createDatabase(
      config.database.kind === 'postgres'
        ? { kind: 'postgres', url: config.database.url }
        : config.database,
      { wrapAdapter: counter.wrap, migrate: true },
    );
    app = await createApp({ config, database, logger: silentLogger });
    server = await startServer({
      app,
      logger: pino({ level: 'silent' }),
      port: 0,
      host: '127.0.0.1',
    });
    return { url: server.url };
  },
  usage() {
    return {
      rss: process.memoryUsage().rss,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      cpuMicros: process.cpuUsage().user + process.cpuUsage().system,
    };
  },
  settledRss,
  /** Sample this process for `ms` and write a .cpuprofile (to see a scenario's hot path). */
  async cpuProfile({ ms, file }: { ms: number; file: string }) {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    await new Promise((resolve) => setTimeout(resolve, ms));
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    return file;
  },
  mark: () => performance.now(),
  /** Writes (INSERT/UPDATE/DELETE) to the Message table since `mark`. */
  messageWrites: (since: number) => counter.writesTo('Message', since).length,
  async seed({ email, sessions, messages }: { email: string; sessions: number; messages: number }) {
    const prisma = database.prisma;
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    const created = [];
    for (let index = 0; index < sessions; index += 1) {
      created.push(
        await prisma.session.create({
          data: { userId: user.id, title: `Seeded ${index}`, model: 'fake-model' },
        }),
      );
    }
    const long = created[0]!;
    const batch = 1_000;
    for (let start = 0; start < messages; start += batch) {
      await prisma.message.createMany({
        data: Array.from({ length: Math.min(batch, messages - start) }, (_, offset) => ({
          sessionId: long.id,
          role: (start + offset) % 2 === 0 ? 'user' : 'assistant',
          content: `Seeded message ${start + offset}: a sentence of ordinary length for a chat.`,
          status: 'complete',
        })),
      });
    }
    return { userId: user.id, longSessionId: long.id };
  },
  async stop() {
    await server?.close();
    await database?.close();
    return true;
  },
});
