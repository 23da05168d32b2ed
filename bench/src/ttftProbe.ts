import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeOpenAI } from '@chatbot/ai/testing';
import { appRouter, createApp, createCallerFactory, createContextInner, silentLogger } from '@chatbot/api';
import { parseConfig } from '@chatbot/config';
import { createDatabase } from '@chatbot/db';

const fake = await startFakeOpenAI();
fake.models = ['fake-model'];
fake.fallback = () => ({ chunks: ['a ', 'b '] });
const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: 'false', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'probe-')), OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'x', OPENAI_MODELS: 'fake-model', DEFAULT_MODEL: 'fake-model' });
const database = await createDatabase(config.database as never);
const prisma = database.prisma;
const timed = async <T>(label: string, work: () => Promise<T>) => { const s = performance.now(); const r = await work(); console.log(label, (performance.now() - s).toFixed(2)); return r; };
const app = await createApp({ config, database, logger: silentLogger });
const caller = createCallerFactory(appRouter);
const anon = caller(await createContextInner(app, {}));
const pair = await anon.auth.register({ email: 'p@example.com', password: 'correct horse battery' });
const me = caller(await createContextInner(app, { token: pair.accessToken }));
const session = await me.sessions.create({ title: 'x', model: 'fake-model' });
for (let i = 0; i < 30; i++) {
  const before = fake.requests.length;
  const s = performance.now();
  await me.messages.send({ sessionId: session.id, content: `hi ${i}` });
  const sent = performance.now();
  while (fake.requests.length === before) await new Promise((r) => setImmediate(r));
  const at = fake.requests.at(-1)!.receivedAt;
  if (i % 5 === 0) console.log(`send mutation ${(sent - s).toFixed(2)} ms; send->provider ${(at - s).toFixed(2)} ms`);
  while ((await prisma.message.count({ where: { status: 'streaming' } })) > 0) await new Promise((r) => setTimeout(r, 2));
}
await timed('requireSession-like findFirst', () => prisma.session.findFirst({ where: { id: session.id } }));
await timed('findFirst again', () => prisma.session.findFirst({ where: { id: session.id } }));
await timed('empty $transaction', () => prisma.$transaction(async (tx) => tx.$queryRaw`SELECT 1`));
await timed('empty $transaction', () => prisma.$transaction(async (tx) => tx.$queryRaw`SELECT 1`));
await timed('findMany history', () => prisma.message.findMany({ where: { sessionId: session.id }, orderBy: { seq: 'asc' } }));
await timed('count', () => prisma.message.count({ where: { sessionId: session.id, status: 'streaming' } }));
process.exit(0);
