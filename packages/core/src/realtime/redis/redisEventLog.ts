import type { Redis } from 'ioredis';
import superjson from 'superjson';
import type { Logger } from '../../logger';
import type { ChatEvent, LoggedEvent } from '../chatEvents';
import type { EventLog } from '../eventLog';
import { compareStreamIds, parseStreamId, streamIdTime } from './streamIds';

export interface RedisEventLogOptions {
  /** For appends, backlog reads and unblocking the reader. */
  commands: Redis;
  /** A dedicated connection for the blocking reads (one per process, for every subscriber). */
  reader: Redis;
  prefix: string;
  maxEvents: number;
  ttlMs: number;
  logger: Logger;
}

type StreamEntry = [id: string, fields: string[]];

function toLogged([id, fields]: StreamEntry): LoggedEvent | undefined {
  const payload = fields[1];
  if (!payload) return undefined;
  // Frozen: every local subscriber gets this same object, serialised once (see transformer.ts).
  const event = Object.freeze(superjson.parse<ChatEvent>(payload));
  return { id, event, at: streamIdTime(id) };
}

/** XINFO STREAM's flat [key, value, key, value, …] reply, as a record. */
function infoRecord(reply: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let index = 0; index + 1 < reply.length; index += 2)
    record[String(reply[index])] = reply[index + 1];
  return record;
}

/**
 * The event log on Redis Streams: one stream per session (XADD with MAXLEN and an expiry), so
 * any instance can serve and resume any session's events. Live delivery uses ONE blocking XREAD
 * per process over every session that has local subscribers, whatever their number.
 */
export function createRedisEventLog(options: RedisEventLogOptions): EventLog {
  const { commands, reader, logger } = options;
  const keyOf = (sessionId: string) => `${options.prefix}events:${sessionId}`;
  const listeners = new Map<string, Set<(event: LoggedEvent) => void>>();
  /** The last id delivered (or seen at subscribe time) per session with local listeners. */
  const cursors = new Map<string, string>();
  let readerClientId: number | undefined;
  let closed = false;
  let wake: (() => void) | undefined;

  reader.on('ready', () => {
    void reader.client('ID').then(
      (id) => (readerClientId = Number(id)),
      () => {},
    );
  });

  /** Interrupt the blocking read so it picks up a changed set of sessions. */
  const unblockReader = () => {
    wake?.();
    if (readerClientId !== undefined)
      void commands.client('UNBLOCK', readerClientId).catch(() => {});
  };

  async function readLoop() {
    while (!closed) {
      const sessions = [...cursors.keys()];
      if (sessions.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      try {
        const reply = (await reader.xread(
          'COUNT',
          1000,
          'BLOCK',
          5000,
          'STREAMS',
          ...sessions.map(keyOf),
          ...sessions.map((sessionId) => cursors.get(sessionId) ?? '0-0'),
        )) as [key: string, entries: StreamEntry[]][] | null;
        for (const [key, entries] of reply ?? []) {
          const sessionId = key.slice(`${options.prefix}events:`.length);
          for (const entry of entries) {
            if (cursors.has(sessionId)) cursors.set(sessionId, entry[0]);
            const logged = toLogged(entry);
            if (!logged) continue;
            for (const listener of listeners.get(sessionId) ?? []) listener(logged);
          }
        }
      } catch (error) {
        if (closed) return;
        logger.warn({ err: error }, 'event stream read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
  const loop = readLoop();

  async function lastId(sessionId: string): Promise<string> {
    const [latest] = (await commands.xrevrange(
      keyOf(sessionId),
      '+',
      '-',
      'COUNT',
      1,
    )) as StreamEntry[];
    return latest?.[0] ?? '0-0';
  }

  return {
    async append(sessionId, event) {
      const key = keyOf(sessionId);
      const result = await commands
        .multi()
        .xadd(key, 'MAXLEN', '~', options.maxEvents, '*', 'e', superjson.stringify(event))
        .pexpire(key, options.ttlMs)
        .exec();
      const [error, id] = result?.[0] ?? [new Error('XADD returned nothing')];
      if (error) throw error;
      return { id: String(id), event };
    },

    async subscribe(sessionId, listener) {
      let set = listeners.get(sessionId);
      if (!set) {
        set = new Set();
        listeners.set(sessionId, set);
      }
      set.add(listener);
      if (!cursors.has(sessionId)) {
        // Live from the newest event now; anything older is the caller's backlog to read.
        cursors.set(sessionId, await lastId(sessionId));
        unblockReader();
      }
      return () => {
        set.delete(listener);
        if (set.size === 0) {
          listeners.delete(sessionId);
          cursors.delete(sessionId);
        }
      };
    },

    async readAfter(sessionId, afterId) {
      const key = keyOf(sessionId);
      if (afterId === undefined) {
        const entries = (await commands.xrange(key, '-', '+')) as StreamEntry[];
        return { events: entries.map(toLogged).filter((event) => event !== undefined), gap: false };
      }
      const after = parseStreamId(afterId);
      let info: Record<string, unknown>;
      try {
        info = infoRecord((await commands.xinfo('STREAM', key)) as unknown[]);
      } catch {
        // The stream expired (a gap), or never existed (none, for a caller that saw nothing).
        return { events: [], gap: afterId !== '0-0' };
      }
      const entries = (await commands.xrange(
        key,
        after ? `(${afterId}` : '-',
        '+',
      )) as StreamEntry[];
      const events = entries.map(toLogged).filter((event) => event !== undefined);
      const maxDeleted = parseStreamId(String(info['max-deleted-entry-id'] ?? '0-0'));
      const lastGenerated = parseStreamId(String(info['last-generated-id'] ?? '0-0'));
      // An id this stream never gave out (from the future, or another deployment's stream)
      // places the caller nowhere: a gap, as the in-process log answers.
      const neverGiven =
        after !== undefined &&
        lastGenerated !== undefined &&
        compareStreamIds(after, lastGenerated) > 0;
      // Trimming (XADD MAXLEN) does not move max-deleted-entry-id (redis/redis#13473): once
      // entries were trimmed, an id older than the first one kept may have missed some.
      const firstEntry = info['first-entry'] as [unknown, unknown] | null | undefined;
      const firstKept = firstEntry ? parseStreamId(String(firstEntry[0])) : undefined;
      const trimmed = Number(info['entries-added'] ?? 0) > Number(info['length'] ?? 0);
      const olderThanKept =
        after !== undefined &&
        trimmed &&
        (firstKept === undefined || compareStreamIds(after, firstKept) < 0);
      const gap =
        !after ||
        neverGiven ||
        olderThanKept ||
        (maxDeleted !== undefined && compareStreamIds(after, maxDeleted) < 0);
      return { events, gap };
    },

    lastId,

    isAfter(a, b) {
      const left = parseStreamId(a);
      const right = parseStreamId(b);
      if (!left) return false;
      return !right || compareStreamIds(left, right) > 0;
    },

    async close() {
      closed = true;
      unblockReader();
      reader.disconnect();
      await loop;
    },
  };
}
