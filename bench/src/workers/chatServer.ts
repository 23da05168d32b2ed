// The system under test: the real app and server (embedded PGlite unless DATABASE_URL is given),
// with a query counter on the database driver (when asked: it keeps every statement) so the
// benchmark can count writes.
import { createApp, silentLogger, type App } from '@chatbot/core';
import { parseConfig } from '@chatbot/config';
import { createDatabase, type Database } from '@chatbot/db';
import { createQueryCounter } from '@chatbot/db/testing';
import { startServer, type RunningServer } from '@chatbot/server';
import { pino } from 'pino';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { serveCalls, settledMemory, settledRss } from '../rpc';

let app: App;
let database: Database;
let server: RunningServer;
const counter = createQueryCounter();
let profiling: Session | undefined;
const WRITE = /^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:"public"\.)?"?(\w+)"?/i;

serveCalls({
  async start({ env, countQueries }: { env: Record<string, string>; countQueries?: boolean }) {
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
      { ...(countQueries ? { wrapAdapter: counter.wrap } : {}), migrate: true },
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
  settledMemory,
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
  /** Sample this process from now until `stopCpuProfile` (one scenario's row, however long). */
  async startCpuProfile() {
    profiling = new Session();
    profiling.connect();
    await profiling.post('Profiler.enable');
    await profiling.post('Profiler.start');
    return true;
  },
  async stopCpuProfile({ file }: { file: string }) {
    const { profile } = await profiling!.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    profiling!.disconnect();
    profiling = undefined;
    return file;
  },
  mark: () => performance.now(),
  /** Writes (INSERT/UPDATE/DELETE) since `mark`, by table: every table, none assumed. */
  writesByTable(since: number) {
    const byTable: Record<string, number> = {};
    for (const query of counter.queries) {
      if (query.at < since) continue;
      const table = WRITE.exec(query.sql)?.[2];
      if (table) byTable[table] = (byTable[table] ?? 0) + 1;
    }
    return byTable;
  },
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
    // One linear path: each message follows the one before, the last is the active leaf.
    const idOf = (index: number) => `${long.id}-${index}`;
    for (let start = 0; start < messages; start += batch) {
      await prisma.message.createMany({
        data: Array.from({ length: Math.min(batch, messages - start) }, (_, offset) => ({
          id: idOf(start + offset),
          parentId: start + offset === 0 ? null : idOf(start + offset - 1),
          sessionId: long.id,
          role: (start + offset) % 2 === 0 ? 'user' : 'assistant',
          content: `Seeded message ${start + offset}: a sentence of ordinary length for a chat.`,
          status: 'complete',
        })),
      });
    }
    if (messages > 0)
      await prisma.session.update({
        where: { id: long.id },
        data: { activeLeafId: idOf(messages - 1) },
      });
    return { userId: user.id, longSessionId: long.id };
  },
  async stop() {
    await server?.close();
    await database?.close();
    return true;
  },
});
