import { TERMINAL_EVENTS, type LoggedEvent } from '../realtime/chatEvents';
import type { EventLog } from '../realtime/eventLog';
import { createEventQueue } from '../realtime/eventQueue';

/**
 * For a subscriber with no last event id: the retained events of replies still in progress,
 * from their placeholder on. With them a client that loaded the message list (whose streaming
 * content is only as fresh as the last checkpoint) rebuilds the live text exactly.
 * Ids stay in increasing order: a session update older than the first reply event goes first.
 */
export function inFlightReplay(events: LoggedEvent[]): LoggedEvent[] {
  const replies = inFlightReplies(events);
  // The session's latest settings too (an auto title may have landed just before).
  const lastUpdateIndex = events.findLastIndex(({ event }) => event.type === 'session:update');
  const lastUpdate = events[lastUpdateIndex];
  if (!lastUpdate || replies.includes(lastUpdate)) return replies;
  return [lastUpdate, ...replies];
}

function inFlightReplies(events: LoggedEvent[]): LoggedEvent[] {
  const ended = new Set<string>();
  for (const { event } of events) {
    if (TERMINAL_EVENTS.has(event.type)) ended.add((event as { messageId: string }).messageId);
  }
  const start = events.findIndex(
    ({ event }) =>
      event.type === 'message:new' &&
      event.message.role === 'assistant' &&
      event.message.status === 'streaming' &&
      !ended.has(event.message.id),
  );
  return start === -1 ? [] : events.slice(start);
}

/**
 * A session's events for one subscriber: subscribe to live events FIRST, then backfill from the
 * log, then continue live, skipping anything already delivered. Reconnecting with the last id
 * seen therefore misses nothing and repeats nothing.
 */
export async function* sessionEvents(options: {
  events: EventLog;
  sessionId: string;
  lastEventId?: string | null;
  signal?: AbortSignal;
  /** Called with each live event as it is handed over (delivery-lag metrics). */
  onLive?: (event: LoggedEvent) => void;
}): AsyncGenerator<LoggedEvent> {
  const { events, sessionId, signal } = options;
  const lastEventId = options.lastEventId ?? undefined;
  const queue = createEventQueue<LoggedEvent>(signal);
  const unsubscribe = await events.subscribe(sessionId, (event) => queue.push(event));
  try {
    const backlog = await events.readAfter(sessionId, lastEventId);
    let replay: LoggedEvent[];
    let last = lastEventId;
    if (lastEventId === undefined) {
      replay = inFlightReplay(backlog.events);
    } else if (backlog.gap) {
      // Past the retention window (or an id the log never gave out): the client refetches its
      // messages, then replies in progress are replayed as for a new subscriber.
      yield { id: lastEventId, event: { type: 'session:resync', reason: 'gap' } };
      replay = inFlightReplay(backlog.events);
      // Its id places the client nowhere (it may be from the future): go on from the log's end.
      last = backlog.events.at(-1)?.id;
    } else {
      replay = backlog.events;
    }

    for (const event of replay) {
      yield event;
      last = event.id;
    }
    for await (const event of queue) {
      if (last !== undefined && !events.isAfter(event.id, last)) continue;
      last = event.id;
      options.onLive?.(event);
      yield event;
      if (event.event.type === 'session:delete') return;
    }
  } finally {
    unsubscribe();
    queue.end();
  }
}
