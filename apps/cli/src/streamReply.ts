import {
  applyChatEvent,
  emptyConversation,
  mergeSnapshot,
  type ChatClient,
  type MessageDTO,
} from '@chatbot/client';

export type ReplyOutcome =
  | { kind: 'finished'; message: MessageDTO }
  /** Ctrl+C: the reply was asked to stop; what was printed stays. */
  | { kind: 'cancelled' }
  /** The connection dropped and did not come back within the bound. */
  | { kind: 'lost' }
  | { kind: 'deleted' };

export interface ReplyEvents {
  text(delta: string): void;
  connectionLost(): void;
  reconnected(): void;
}

export interface ReplyStream {
  done: Promise<ReplyOutcome>;
  /** Stop waiting now and ask the server to stop generating (without waiting for its answer). */
  cancel(): void;
}

/**
 * Follow one assistant reply over the session's subscription, printing text as it comes.
 * Subscribing after the send is safe: the server replays a reply in progress to a new
 * subscriber. A dropped connection is retried by the subscription itself (resuming after the
 * last event id); this only reports it, and gives up after `giveUpAfterMs`.
 */
export function streamReply(
  client: ChatClient,
  sessionId: string,
  messageId: string,
  events: ReplyEvents,
  giveUpAfterMs: number,
): ReplyStream {
  let conversation = emptyConversation();
  let printed = 0;
  let lostTimer: NodeJS.Timeout | undefined;
  let settle!: (outcome: ReplyOutcome) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<ReplyOutcome>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  let finished = false;
  const finish = (outcome: ReplyOutcome | { error: unknown }) => {
    if (finished) return;
    finished = true;
    clearTimeout(lostTimer);
    subscription.unsubscribe();
    if ('error' in outcome) fail(outcome.error);
    else settle(outcome);
  };

  const update = () => {
    if (conversation.deleted) return finish({ kind: 'deleted' });
    const message = conversation.messages.find((item) => item.id === messageId);
    if (!message) return;
    if (message.content.length > printed) {
      events.text(message.content.slice(printed));
      printed = message.content.length;
    }
    if (message.status !== 'streaming') finish({ kind: 'finished', message });
  };
  const refetch = async () => {
    try {
      const page = await client.messages.list.query({ sessionId, limit: 10 });
      conversation = mergeSnapshot(conversation, page.items);
      if (!finished) update();
    } catch {
      // The connection's own state (below) reports an unreachable server.
    }
  };

  const subscription = client.messages.onEvent.subscribe(
    { sessionId },
    {
      onStarted: () => void refetch(),
      onData: ({ data }) => {
        const applied = applyChatEvent(conversation, data);
        conversation = applied.conversation;
        update();
        if (applied.needsRefetch) void refetch();
      },
      onConnectionStateChange: (state) => {
        if (finished) return;
        if (state.state === 'connecting' && state.error && lostTimer === undefined) {
          events.connectionLost();
          lostTimer = setTimeout(() => finish({ kind: 'lost' }), giveUpAfterMs);
        } else if (state.state === 'pending' && lostTimer !== undefined) {
          clearTimeout(lostTimer);
          lostTimer = undefined;
          events.reconnected();
        }
      },
      onError: (error) => finish({ error }),
    },
  );

  return {
    done,
    cancel() {
      if (finished) return;
      void client.messages.cancel.mutate({ messageId }).catch(() => {});
      finish({ kind: 'cancelled' });
    },
  };
}
