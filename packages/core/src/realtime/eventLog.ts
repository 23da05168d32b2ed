import type { ChatEvent, LoggedEvent } from './chatEvents';

/**
 * The per-session event log behind `messages.onEvent`: it orders events, delivers them live and
 * keeps a bounded window of them for clients that reconnect. In-process (a ring buffer per
 * session) or Redis Streams (any instance can resume any stream).
 */
export interface EventLog {
  /** Store an event, give it the next id of its session, and deliver it to live listeners. */
  append(sessionId: string, event: ChatEvent): Promise<LoggedEvent>;
  /**
   * Live events of one session, in order. Resolves (with the unsubscribe function) once every
   * event appended from then on will reach `listener`: read the backlog only after that.
   */
  subscribe(sessionId: string, listener: (event: LoggedEvent) => void): Promise<() => void>;
  /**
   * Retained events after `afterId` (every retained one when undefined). `gap` is true when
   * events after `afterId` are no longer retained (or the id is not from this log).
   */
  readAfter(
    sessionId: string,
    afterId: string | undefined,
  ): Promise<{ events: LoggedEvent[]; gap: boolean }>;
  /**
   * The id of the session's latest event, or one before every event when it has none: reading
   * after it later returns exactly what was appended in between ("everything from now on",
   * for a caller that subscribes only after acting).
   */
  lastId(sessionId: string): Promise<string>;
  /** Whether id `a` comes after id `b` in the same session's log. */
  isAfter(a: string, b: string): boolean;
  close(): Promise<void>;
}
