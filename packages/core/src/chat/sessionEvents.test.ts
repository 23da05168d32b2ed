import { afterEach, describe, expect, it } from 'vitest';
import type { ChatEvent, LoggedEvent } from '../realtime/chatEvents';
import type { EventLog } from '../realtime/eventLog';
import { createMemoryEventLog } from '../realtime/memoryEventLog';
import type { MessageDTO } from '../schemas/messages';
import type { SessionDTO } from '../schemas/sessions';
import { inFlightReplay, sessionEvents } from './sessionEvents';

const at = new Date('2026-01-01T00:00:00Z');
const message = (id: string, role: 'user' | 'assistant', status: MessageDTO['status']) =>
  ({
    id,
    sessionId: 's1',
    parentId: null,
    role,
    content: '',
    status,
    model: null,
    error: null,
    promptTokens: null,
    completionTokens: null,
    clientId: null,
    createdAt: at,
    updatedAt: at,
  }) satisfies MessageDTO;
const session = (title: string) =>
  ({
    id: 's1',
    title,
    model: 'echo',
    provider: 'OPENAI',
    systemPrompt: null,
    isFavorite: false,
    groupId: null,
    folderId: null,
    lastMessageAt: at,
    createdAt: at,
    updatedAt: at,
  }) satisfies SessionDTO;

const newMessage = (id: string, role: 'user' | 'assistant' = 'assistant'): ChatEvent => ({
  type: 'message:new',
  message: message(id, role, role === 'assistant' ? 'streaming' : 'complete'),
});
const stream = (messageId: string, delta: string, offset = 0): ChatEvent => ({
  type: 'message:stream',
  messageId,
  delta,
  offset,
});
const doneOf = (messageId: string): ChatEvent => ({ type: 'message:done', messageId });
const logged = (events: ChatEvent[]) => events.map((event, index) => ({ id: `${index}`, event }));
const types = (events: LoggedEvent[]) => events.map(({ event }) => event.type);

describe('inFlightReplay', () => {
  it('is empty when no reply is in progress', () => {
    const events = logged([newMessage('u1', 'user'), newMessage('a1'), doneOf('a1')]);
    expect(inFlightReplay(events)).toEqual([]);
  });

  it('replays from the placeholder of the reply still in progress', () => {
    const events = logged([
      newMessage('u1', 'user'),
      newMessage('a1'),
      stream('a1', 'old'),
      doneOf('a1'),
      newMessage('u2', 'user'),
      newMessage('a2'),
      stream('a2', 'live'),
    ]);
    expect(inFlightReplay(events).map(({ id }) => id)).toEqual(['5', '6']);
  });

  it('includes the latest session update first when it comes before the reply', () => {
    const events = logged([
      { type: 'session:update', session: session('Old title') },
      { type: 'session:update', session: session('New title') },
      newMessage('a1'),
      stream('a1', 'x'),
    ]);
    expect(inFlightReplay(events).map(({ id }) => id)).toEqual(['1', '2', '3']);
  });

  it('includes the latest session update alone when no reply is in progress', () => {
    const events = logged([
      newMessage('a1'),
      doneOf('a1'),
      { type: 'session:update', session: session('Titled') },
    ]);
    expect(inFlightReplay(events).map(({ id }) => id)).toEqual(['2']);
  });
});

/** Polls wait for work in flight to land; the limit only stops a hung test, it is no deadline. */
const patience = { timeout: 20_000 };

let log: EventLog | undefined;
afterEach(async () => {
  await log?.close();
  log = undefined;
});

/** A memory log that counts live listeners and can run code between subscribe and backfill. */
function observedLog(beforeBackfill?: (events: EventLog) => Promise<void>, maxEvents = 100) {
  const inner = createMemoryEventLog({ maxEvents, ttlMs: 60_000 });
  log = inner;
  let listeners = 0;
  const events: EventLog = {
    ...inner,
    async subscribe(sessionId, listener) {
      const unsubscribe = await inner.subscribe(sessionId, listener);
      listeners += 1;
      return () => {
        listeners -= 1;
        unsubscribe();
      };
    },
    async readAfter(sessionId, afterId) {
      await beforeBackfill?.(inner);
      return inner.readAfter(sessionId, afterId);
    },
  };
  return { events, listeners: () => listeners };
}

/** Pull `count` events from a subscription (the generator runs only as far as it is read). */
async function take(iterator: AsyncGenerator<LoggedEvent>, count: number) {
  const taken: LoggedEvent[] = [];
  while (taken.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}

describe('sessionEvents', () => {
  it('replays what came after the last event id, then continues live, in order', async () => {
    const { events } = observedLog();
    const seen = await events.append('s1', newMessage('u1', 'user'));
    const missed = await events.append('s1', newMessage('a1'));
    const subscription = sessionEvents({ events, sessionId: 's1', lastEventId: seen.id });
    const [replayed] = await take(subscription, 1);
    expect(replayed?.id).toBe(missed.id);
    const live = await events.append('s1', stream('a1', 'hi'));
    expect((await take(subscription, 1))[0]?.id).toBe(live.id);
    await subscription.return(undefined);
  });

  it('delivers an event appended between subscribing and reading the backlog exactly once', async () => {
    let raced: LoggedEvent | undefined;
    const { events } = observedLog(async (inner) => {
      raced ??= await inner.append('s1', stream('a1', 'raced'));
    });
    const seen = await events.append('s1', newMessage('a1'));
    const subscription = sessionEvents({ events, sessionId: 's1', lastEventId: seen.id });
    const first = await take(subscription, 1);
    const after = await events.append('s1', doneOf('a1'));
    const second = await take(subscription, 1);
    expect([...first, ...second].map(({ id }) => id)).toEqual([raced!.id, after.id]);
    await subscription.return(undefined);
  });

  it('gives a new subscriber the reply in progress, and nothing of finished ones', async () => {
    const { events } = observedLog();
    for (const event of [newMessage('a0'), stream('a0', 'old'), doneOf('a0')])
      await events.append('s1', event);
    const placeholder = await events.append('s1', newMessage('a1'));
    const partial = await events.append('s1', stream('a1', 'par'));
    const subscription = sessionEvents({ events, sessionId: 's1' });
    expect((await take(subscription, 2)).map(({ id }) => id)).toEqual([placeholder.id, partial.id]);
    const next = await events.append('s1', stream('a1', 'tial', 3));
    expect((await take(subscription, 1))[0]?.id).toBe(next.id);
    await subscription.return(undefined);
  });

  it('does not repeat in-flight events that were also delivered live during the backfill', async () => {
    let raced: LoggedEvent | undefined;
    const { events } = observedLog(async (inner) => {
      raced ??= await inner.append('s1', stream('a1', 'raced'));
    });
    await events.append('s1', newMessage('a1'));
    const subscription = sessionEvents({ events, sessionId: 's1' });
    const replay = await take(subscription, 2);
    expect(types(replay)).toEqual(['message:new', 'message:stream']);
    expect(replay[1]?.id).toBe(raced!.id);
    const done = await events.append('s1', doneOf('a1'));
    expect((await take(subscription, 1)).map(({ id }) => id)).toEqual([done.id]);
    await subscription.return(undefined);
  });

  it('starts with a resync when the last event id is past retention, then replays in-flight', async () => {
    const { events } = observedLog();
    const placeholder = await events.append('s1', newMessage('a1'));
    const subscription = sessionEvents({
      events,
      sessionId: 's1',
      lastEventId: 'from-another-process.7',
    });
    const [resync, replayed] = await take(subscription, 2);
    expect(resync).toEqual({
      id: 'from-another-process.7',
      event: { type: 'session:resync', reason: 'gap' },
    });
    expect(replayed?.id).toBe(placeholder.id);
    await subscription.return(undefined);
  });

  it('resyncs a subscriber whose last event fell out of the retained window', async () => {
    const { events } = observedLog(undefined, 3);
    const seen = await events.append('s1', newMessage('u1', 'user'));
    await events.append('s1', doneOf('a0'));
    await events.append('s1', doneOf('a0'));
    const placeholder = await events.append('s1', newMessage('a1'));
    const partial = await events.append('s1', stream('a1', 'par'));
    const subscription = sessionEvents({ events, sessionId: 's1', lastEventId: seen.id });
    const [resync, ...replayed] = await take(subscription, 3);
    expect(resync?.event).toEqual({ type: 'session:resync', reason: 'gap' });
    // After the resync, as for a new subscriber: only the reply in progress is replayed.
    expect(replayed.map(({ id }) => id)).toEqual([placeholder.id, partial.id]);
    const live = await events.append('s1', doneOf('a1'));
    expect((await take(subscription, 1))[0]?.id).toBe(live.id);
    await subscription.return(undefined);
  });

  it('ends after session:delete and lets go of its listener', async () => {
    const { events, listeners } = observedLog();
    const subscription = sessionEvents({ events, sessionId: 's1' });
    const next = subscription.next();
    await expect.poll(listeners, patience).toBe(1);
    await events.append('s1', { type: 'session:delete', sessionId: 's1' });
    expect((await next).value?.event.type).toBe('session:delete');
    expect(await subscription.next()).toEqual({ value: undefined, done: true });
    expect(listeners()).toBe(0);
  });

  it('ends when its signal aborts and lets go of its listener', async () => {
    const { events, listeners } = observedLog();
    const controller = new AbortController();
    const subscription = sessionEvents({ events, sessionId: 's1', signal: controller.signal });
    const next = subscription.next();
    await expect.poll(listeners, patience).toBe(1);
    controller.abort();
    expect(await next).toEqual({ value: undefined, done: true });
    expect(listeners()).toBe(0);
  });

  it('reports live events to onLive, but not replayed ones', async () => {
    const { events } = observedLog();
    const onLive: string[] = [];
    const seen = await events.append('s1', newMessage('u1', 'user'));
    await events.append('s1', newMessage('a1'));
    const subscription = sessionEvents({
      events,
      sessionId: 's1',
      lastEventId: seen.id,
      onLive: (event) => onLive.push(event.id),
    });
    await take(subscription, 1);
    const live = await events.append('s1', doneOf('a1'));
    await take(subscription, 1);
    expect(onLive).toEqual([live.id]);
    await subscription.return(undefined);
  });
});
