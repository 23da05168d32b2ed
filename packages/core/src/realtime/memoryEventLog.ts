import { randomBytes } from 'node:crypto';
import type { ChatEvent, LoggedEvent } from './chatEvents';
import type { EventLog } from './eventLog';

export interface MemoryEventLogOptions {
  /** Events kept per session. */
  maxEvents: number;
  /** How long an event is kept. */
  ttlMs: number;
}

interface SessionLog {
  events: (LoggedEvent & { at: number })[];
  nextSeq: number;
  listeners: Set<(event: LoggedEvent) => void>;
}

/**
 * The in-process event log: a bounded buffer per session. Ids are `<epoch>.<seq>`: the epoch
 * is new for every process, so an id from before a restart is recognised as such (a gap)
 * instead of being compared with the new sequence.
 */
export function createMemoryEventLog(options: MemoryEventLogOptions): EventLog {
  const epoch = randomBytes(4).toString('hex');
  const sessions = new Map<string, SessionLog>();
  // Above every sequence number a forgotten log issued: a session whose log the sweeper dropped
  // starts again past its old ids, so an id a client kept can never name a new event.
  let nextFreshSeq = 1;

  const logOf = (sessionId: string) => {
    let log = sessions.get(sessionId);
    if (!log) {
      log = { events: [], nextSeq: nextFreshSeq, listeners: new Set() };
      sessions.set(sessionId, log);
    }
    return log;
  };

  const parse = (id: string) => {
    const [idEpoch, seq] = id.split('.');
    return idEpoch === epoch && seq !== undefined && /^\d+$/.test(seq) ? Number(seq) : undefined;
  };

  const trim = (log: SessionLog, now: number) => {
    const expiredBefore = now - options.ttlMs;
    let drop = Math.max(0, log.events.length - options.maxEvents);
    while (drop < log.events.length && log.events[drop]!.at < expiredBefore) drop += 1;
    if (drop > 0) log.events.splice(0, drop);
  };

  // Forget idle sessions whose events have all expired.
  const sweeper = setInterval(
    () => {
      const now = Date.now();
      for (const [sessionId, log] of sessions) {
        trim(log, now);
        if (log.events.length > 0 || log.listeners.size > 0) continue;
        nextFreshSeq = Math.max(nextFreshSeq, log.nextSeq);
        sessions.delete(sessionId);
      }
    },
    Math.min(options.ttlMs, 60_000),
  );
  sweeper.unref();

  return {
    async append(sessionId, event: ChatEvent) {
      const log = logOf(sessionId);
      // Frozen: every subscriber gets this same object, serialised once (see transformer.ts).
      const logged = { id: `${epoch}.${log.nextSeq}`, event: Object.freeze(event), at: Date.now() };
      log.nextSeq += 1;
      log.events.push(logged);
      trim(log, logged.at);
      const delivered = { id: logged.id, event, at: logged.at };
      for (const listener of log.listeners) listener(delivered);
      return delivered;
    },
    async subscribe(sessionId, listener) {
      const log = logOf(sessionId);
      log.listeners.add(listener);
      return () => void log.listeners.delete(listener);
    },
    async readAfter(sessionId, afterId) {
      const log = sessions.get(sessionId);
      // No log: nothing is retained, which is a gap unless the caller had seen the last id
      // issued (what lastId() answers for a session with no log).
      if (!log)
        return { events: [], gap: afterId !== undefined && parse(afterId) !== nextFreshSeq - 1 };
      trim(log, Date.now());
      const retained = log.events.map(({ id, event }) => ({ id, event }));
      if (afterId === undefined) return { events: retained, gap: false };
      const after = parse(afterId);
      if (after === undefined || after >= log.nextSeq) return { events: retained, gap: true };
      const firstSeq = log.nextSeq - log.events.length;
      const missing = after + 1 < firstSeq;
      return { events: retained.slice(Math.max(0, after + 1 - firstSeq)), gap: missing };
    },
    async lastId(sessionId) {
      return `${epoch}.${(sessions.get(sessionId)?.nextSeq ?? nextFreshSeq) - 1}`;
    },
    isAfter(a, b) {
      const left = parse(a);
      const right = parse(b);
      if (left === undefined) return false;
      return right === undefined || left > right;
    },
    async close() {
      clearInterval(sweeper);
      sessions.clear();
    },
  };
}
