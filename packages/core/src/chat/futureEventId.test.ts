import { readTestEnvironment } from '@chatbot/config';
import { openTestCore, type TestCore } from '@chatbot/core/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../realtime/chatEvents';
import { sessionEvents } from './sessionEvents';

const { redisUrl } = readTestEnvironment();

/** An id of the same shape as the log's own, but one it has not given out yet. */
function futureIdLike(id: string) {
  if (id.includes('-')) return `${Number(id.split('-')[0]) + 3_600_000}-0`;
  const [epoch, seq] = id.split('.');
  return `${epoch}.${Number(seq) + 1_000}`;
}

async function next(events: AsyncGenerator<LoggedEvent>) {
  const { value, done } = await events.next();
  if (done) throw new Error('the stream ended');
  return value;
}

describe.each([
  ['in-process', { REDIS_URL: '' }],
  ['Redis', {}],
])('a Last-Event-ID from the future on the %s event log', (kind, env) => {
  let core: TestCore;
  beforeAll(async () => {
    if (kind === 'Redis' && !redisUrl) return;
    core = await openTestCore(env);
  });
  afterAll(async () => {
    await core?.close();
  });

  it.skipIf(kind === 'Redis' && !redisUrl)(
    'answers session:resync, then delivers live events',
    async () => {
      const events = core.app.events;
      const sessionId = randomUUID();
      const seen = await events.append(sessionId, { type: 'message:done', messageId: 'm0' });
      const future = futureIdLike(seen.id);
      const subscription = sessionEvents({ events, sessionId, lastEventId: future });
      try {
        expect((await next(subscription)).event).toEqual({ type: 'session:resync', reason: 'gap' });
        const live = await events.append(sessionId, { type: 'message:done', messageId: 'm1' });
        expect(await next(subscription)).toMatchObject({ id: live.id, event: live.event });
      } finally {
        await subscription.return(undefined);
      }
    },
  );
});
