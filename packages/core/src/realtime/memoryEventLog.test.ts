import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatEvent, LoggedEvent } from './chatEvents';
import type { EventLog } from './eventLog';
import { createMemoryEventLog } from './memoryEventLog';

const done = (messageId: string): ChatEvent => ({ type: 'message:done', messageId });
const ids = (events: LoggedEvent[]) => events.map((event) => event.id);

let log: EventLog | undefined;
function open(options: { maxEvents?: number; ttlMs?: number } = {}) {
  log = createMemoryEventLog({
    maxEvents: options.maxEvents ?? 100,
    ttlMs: options.ttlMs ?? 60_000,
  });
  return log;
}
async function appendAll(events: EventLog, sessionId: string, count: number) {
  const appended: LoggedEvent[] = [];
  for (let index = 0; index < count; index += 1)
    appended.push(await events.append(sessionId, done(`m${index}`)));
  return appended;
}

afterEach(async () => {
  vi.useRealTimers();
  await log?.close();
  log = undefined;
});

describe('memory event log: ids and order', () => {
  it('gives each event of a session the next, increasing id', async () => {
    const events = open();
    const [a, b, c] = await appendAll(events, 's1', 3);
    expect(events.isAfter(b!.id, a!.id)).toBe(true);
    expect(events.isAfter(c!.id, b!.id)).toBe(true);
    expect(events.isAfter(a!.id, c!.id)).toBe(false);
    expect(events.isAfter(a!.id, a!.id)).toBe(false);
  });

  it('numbers each session on its own', async () => {
    const events = open();
    await appendAll(events, 's1', 3);
    const [first] = await appendAll(events, 's2', 1);
    expect((await events.readAfter('s2', undefined)).events).toEqual([
      { id: first!.id, event: done('m0') },
    ]);
  });

  it('treats an id from another process (log) as before every id of this one', async () => {
    const other = createMemoryEventLog({ maxEvents: 10, ttlMs: 60_000 });
    const foreign = await other.append('s1', done('x'));
    await other.close();
    const events = open();
    const [own] = await appendAll(events, 's1', 1);
    expect(events.isAfter(own!.id, foreign.id)).toBe(true);
    expect(events.isAfter(foreign.id, own!.id)).toBe(false);
  });
});

describe('memory event log: replay', () => {
  it('returns every retained event when asked with no last id', async () => {
    const events = open();
    const appended = await appendAll(events, 's1', 3);
    expect(await events.readAfter('s1', undefined)).toEqual({
      events: appended.map(({ id, event }) => ({ id, event })),
      gap: false,
    });
  });

  it('replays exactly the events after the last id seen, each once', async () => {
    const events = open();
    const appended = await appendAll(events, 's1', 5);
    const backlog = await events.readAfter('s1', appended[1]!.id);
    expect(backlog.gap).toBe(false);
    expect(ids(backlog.events)).toEqual(ids(appended.slice(2)));
    expect(await events.readAfter('s1', appended[4]!.id)).toEqual({ events: [], gap: false });
  });

  it('lastId() marks "from now on": reading after it returns what was appended since', async () => {
    const events = open();
    await appendAll(events, 's1', 2);
    const mark = await events.lastId('s1');
    const later = await events.append('s1', done('late'));
    expect(ids((await events.readAfter('s1', mark)).events)).toEqual([later.id]);
  });

  it('lastId() of a session with no events reads back as no gap', async () => {
    const events = open();
    const mark = await events.lastId('quiet');
    expect(await events.readAfter('quiet', mark)).toEqual({ events: [], gap: false });
    const first = await events.append('quiet', done('m'));
    expect(ids((await events.readAfter('quiet', mark)).events)).toEqual([first.id]);
  });
});

describe('memory event log: retention', () => {
  it('keeps only the newest maxEvents events of a session', async () => {
    const events = open({ maxEvents: 3 });
    const appended = await appendAll(events, 's1', 5);
    expect(ids((await events.readAfter('s1', undefined)).events)).toEqual(ids(appended.slice(2)));
  });

  it('reports a gap, with what it still has, when events after the last id were dropped', async () => {
    const events = open({ maxEvents: 3 });
    const appended = await appendAll(events, 's1', 5);
    const backlog = await events.readAfter('s1', appended[0]!.id);
    expect(backlog.gap).toBe(true);
    expect(ids(backlog.events)).toEqual(ids(appended.slice(2)));
  });

  it('reports no gap when the last id seen is just before the oldest retained event', async () => {
    const events = open({ maxEvents: 3 });
    const appended = await appendAll(events, 's1', 5);
    const backlog = await events.readAfter('s1', appended[1]!.id);
    expect(backlog.gap).toBe(false);
    expect(ids(backlog.events)).toEqual(ids(appended.slice(2)));
  });

  it('reports a gap for an id it never issued: another process or a future id', async () => {
    const events = open();
    const appended = await appendAll(events, 's1', 2);
    expect((await events.readAfter('s1', 'deadbeef.1')).gap).toBe(true);
    expect((await events.readAfter('s1', 'garbage')).gap).toBe(true);
    const future = appended[1]!.id.replace(/\.\d+$/, '.99');
    expect(await events.readAfter('s1', future)).toMatchObject({ gap: true });
  });

  it('reports a gap for a last id of a session it holds nothing for', async () => {
    const events = open();
    const [seen] = await appendAll(events, 's1', 1);
    expect(await events.readAfter('s2', seen!.id)).toEqual({ events: [], gap: true });
  });

  it('drops events older than the time to live', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const events = open({ ttlMs: 10_000 });
    const [old] = await appendAll(events, 's1', 1);
    vi.setSystemTime(Date.now() + 5_000);
    const recent = await events.append('s1', done('recent'));
    vi.setSystemTime(Date.now() + 6_000);
    expect(ids((await events.readAfter('s1', undefined)).events)).toEqual([recent.id]);
    expect(await events.readAfter('s1', old!.id)).toMatchObject({ gap: false });
    vi.setSystemTime(Date.now() + 10_000);
    expect(await events.readAfter('s1', old!.id)).toEqual({ events: [], gap: true });
  });
});

describe('memory event log: idle sessions forgotten', () => {
  it('never reuses an id after forgetting an idle session: a kept id still resumes exactly', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const events = open({ ttlMs: 1_000 });
    const before = await appendAll(events, 's1', 3);
    const seen = before.at(-1)!.id;
    vi.advanceTimersByTime(5_000); // the events expire and the sweeper forgets the session
    expect(await events.readAfter('s1', seen)).toEqual({ events: [], gap: false });

    const after = await appendAll(events, 's1', 4);
    expect(after.every((event) => events.isAfter(event.id, seen))).toBe(true);
    expect(await events.readAfter('s1', seen)).toEqual({
      events: after.map(({ id, event }) => ({ id, event })),
      gap: false,
    });
  });

  it('lastId() of a forgotten session reads back as no gap, and then as what came since', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const events = open({ ttlMs: 1_000 });
    await appendAll(events, 's1', 2);
    vi.advanceTimersByTime(5_000);
    const mark = await events.lastId('s1');
    expect(await events.readAfter('s1', mark)).toEqual({ events: [], gap: false });
    const next = await events.append('s1', done('next'));
    expect(await events.readAfter('s1', mark)).toEqual({
      events: [{ id: next.id, event: next.event }],
      gap: false,
    });
  });
});

describe('memory event log: live delivery', () => {
  it('delivers each appended event to every listener of its session, in order', async () => {
    const events = open();
    const first: LoggedEvent[] = [];
    const second: LoggedEvent[] = [];
    const other: LoggedEvent[] = [];
    await events.subscribe('s1', (event) => first.push(event));
    await events.subscribe('s1', (event) => second.push(event));
    await events.subscribe('s2', (event) => other.push(event));
    const appended = await appendAll(events, 's1', 3);
    expect(ids(first)).toEqual(ids(appended));
    expect(ids(second)).toEqual(ids(appended));
    expect(other).toEqual([]);
  });

  it('delivers nothing appended before the subscription', async () => {
    const events = open();
    await appendAll(events, 's1', 2);
    const heard: LoggedEvent[] = [];
    await events.subscribe('s1', (event) => heard.push(event));
    const later = await events.append('s1', done('later'));
    expect(ids(heard)).toEqual([later.id]);
  });

  it('stops delivering after unsubscribe', async () => {
    const events = open();
    const heard: LoggedEvent[] = [];
    const unsubscribe = await events.subscribe('s1', (event) => heard.push(event));
    await events.append('s1', done('a'));
    unsubscribe();
    await events.append('s1', done('b'));
    expect(heard).toHaveLength(1);
  });

  it('hands every listener the same frozen event object (serialised once)', async () => {
    const events = open();
    const heard: LoggedEvent[] = [];
    await events.subscribe('s1', (event) => heard.push(event));
    await events.subscribe('s1', (event) => heard.push(event));
    await events.append('s1', done('m'));
    expect(heard[0]!.event).toBe(heard[1]!.event);
    expect(Object.isFrozen(heard[0]!.event)).toBe(true);
  });
});
