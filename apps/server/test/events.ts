import {
  applyChatEvent,
  emptyConversation,
  type ChatClient,
  type ChatEvent,
} from '@chatbot/client';

export interface Received {
  id: string;
  data: ChatEvent;
}

/**
 * Subscribe to a session's events and collect them until `until` says so.
 */
export function collectEvents(
  client: ChatClient,
  sessionId: string,
  options: {
    lastEventId?: string;
    until: (event: Received, all: Received[]) => boolean;
    timeoutMs?: number;
  },
) {
  const received: Received[] = [];
  let resolveDone!: (events: Received[]) => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<Received[]>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const timer = setTimeout(
    () =>
      rejectDone(
        new Error(
          `timed out with ${received.length} events: ${received.map((event) => event.data.type).join(', ')}`,
        ),
      ),
    options.timeoutMs ?? 15_000,
  );
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve)).then(() => sleep(50));
  const subscription = client.messages.onEvent.subscribe(
    { sessionId, lastEventId: options.lastEventId },
    {
      onStarted: () => started(),
      onData: (event) => {
        received.push(event);
        if (options.until(event, received)) {
          clearTimeout(timer);
          subscription.unsubscribe();
          resolveDone(received);
        }
      },
      onError: (error) => {
        clearTimeout(timer);
        rejectDone(error);
      },
    },
  );
  return {
    done,
    received,
    /** Resolves once the server has started the subscription. */
    ready,
    stop() {
      clearTimeout(timer);
      subscription.unsubscribe();
    },
  };
}

export const endOf = (messageId: () => string | undefined) => (event: Received) =>
  (event.data.type === 'message:done' ||
    event.data.type === 'message:error' ||
    event.data.type === 'message:cancelled') &&
  event.data.messageId === messageId();

/** The text a client assembles from the events, for one message. */
export function assembledText(events: Received[], messageId: string): string {
  let conversation = emptyConversation();
  for (const event of events) conversation = applyChatEvent(conversation, event.data).conversation;
  return conversation.messages.find((message) => message.id === messageId)?.content ?? '';
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Subscribe, send one message, and collect the session's events until its reply ends. */
export async function sendAndCollect(
  client: ChatClient,
  sessionId: string,
  content: string,
  options: { timeoutMs?: number } = {},
): Promise<{ assistantId: string; received: Received[] }> {
  let assistantId: string | undefined;
  const events = collectEvents(client, sessionId, { until: endOf(() => assistantId), ...options });
  await events.ready;
  assistantId = (await client.messages.send.mutate({ sessionId, content })).assistantMessage!.id;
  return { assistantId, received: await events.done };
}
