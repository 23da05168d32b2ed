import { readTestEnvironment } from '@chatbot/config';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../logger';
import type { ChatEvent, LoggedEvent } from '../chatEvents';
import type { EventLog } from '../eventLog';
import { createRedisEventLog } from './redisEventLog';

const { redisUrl } = readTestEnvironment();

/** Polls wait for work in flight to land; the limit only stops a hung test, it is no deadline. */
const patience = { timeout: 20_000 };

const done = (messageId: string): ChatEvent => ({ type: 'message:done', messageId });
const ids = (events: LoggedEvent[]) => events.map((event) => event.id);

async function appendAll(events: EventLog, sessionId: string, count: number) {
  const appended: LoggedEvent[] = [];
  for (let index = 0; index < count; index += 1)
    appended.push(await events.append(sessionId, done(`m${index}`)));
  return appended;
}

// The same expectations as the memory log's tests, on Redis Streams (only with TEST_REDIS_URL).
describe.skipIf(!redisUrl)('redis event log', () => {
  let commands: Redis;
  let reader: Redis;
  let events: EventLog;
  const prefix = `test:${randomUUID()}:`;

  beforeAll(() => {
    commands = new Redis(redisUrl!);
    reader = new Redis(redisUrl!, { maxRetriesPerRequest: null });
    events = createRedisEventLog({
      commands,
      reader,
      prefix,
      maxEvents: 10,
      ttlMs: 60_000,
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await events?.close();
    const keys = await commands.keys(`${prefix}*`);
    if (keys.length > 0) await commands.del(...keys);
    commands?.disconnect();
  });

  const session = () => randomUUID();

  it('gives each event of a session the next, increasing id', async () => {
    const [a, b, c] = await appendAll(events, session(), 3);
    expect(events.isAfter(b!.id, a!.id)).toBe(true);
    expect(events.isAfter(c!.id, b!.id)).toBe(true);
    expect(events.isAfter(a!.id, c!.id)).toBe(false);
    expect(events.isAfter(a!.id, a!.id)).toBe(false);
  });

  it('returns every retained event when asked with no last id', async () => {
    const id = session();
    const appended = await appendAll(events, id, 3);
    const backlog = await events.readAfter(id, undefined);
    expect(backlog.gap).toBe(false);
    expect(backlog.events.map(({ id, event }) => ({ id, event }))).toEqual(
      appended.map(({ id, event }) => ({ id, event })),
    );
  });

  it('replays exactly the events after the last id seen, each once', async () => {
    const id = session();
    const appended = await appendAll(events, id, 5);
    const backlog = await events.readAfter(id, appended[1]!.id);
    expect(backlog.gap).toBe(false);
    expect(ids(backlog.events)).toEqual(ids(appended.slice(2)));
    expect(await events.readAfter(id, appended[4]!.id)).toEqual({ events: [], gap: false });
  });

  it('lastId() marks "from now on", also for a session with no events yet', async () => {
    const id = session();
    const empty = await events.lastId(id);
    expect(await events.readAfter(id, empty)).toEqual({ events: [], gap: false });
    await appendAll(events, id, 2);
    const mark = await events.lastId(id);
    const later = await events.append(id, done('late'));
    expect(ids((await events.readAfter(id, mark)).events)).toEqual([later.id]);
  });

  // Trimming (XADD MAXLEN) never moves XINFO's max-deleted-entry-id (redis/redis#13473): the
  // log compares the id with the first entry it kept instead.
  it('reports a gap, with what it still has, when events after the last id were trimmed', async () => {
    const id = session();
    // MAXLEN ~ trims whole stream nodes (100 entries by default), so append well past that.
    const appended = await appendAll(events, id, 250);
    const backlog = await events.readAfter(id, appended[0]!.id);
    expect(backlog.gap).toBe(true);
    expect(backlog.events.length).toBeLessThan(249);
    expect(backlog.events.at(-1)?.id).toBe(appended.at(-1)!.id);
  });

  it('reports a gap for an id of a stream that no longer exists', async () => {
    expect(await events.readAfter(session(), '1700000000000-0')).toEqual({
      events: [],
      gap: true,
    });
  });

  it('delivers appended events live to subscribers, in order, and stops after unsubscribe', async () => {
    const id = session();
    await appendAll(events, id, 2);
    const heard: LoggedEvent[] = [];
    const unsubscribe = await events.subscribe(id, (event) => heard.push(event));
    const appended = await appendAll(events, id, 3);
    await expect.poll(() => heard.length, patience).toBe(3);
    expect(ids(heard)).toEqual(ids(appended));
    unsubscribe();
    await events.append(id, done('after'));
    const marker = session();
    const markerHeard: LoggedEvent[] = [];
    const stop = await events.subscribe(marker, (event) => markerHeard.push(event));
    await events.append(marker, done('marker'));
    // The reader has moved past the unsubscribed session's append by now.
    await expect.poll(() => markerHeard.length, patience).toBe(1);
    stop();
    expect(heard).toHaveLength(3);
  });
});
