import type { ChatClient } from './createChatClient';
import {
  applyChatEvent,
  emptyConversation,
  mergeSnapshot,
  type Conversation,
} from './conversation';

export interface WatchOptions {
  /** Called with every new state of the conversation. */
  onChange(conversation: Conversation): void;
  onError?(error: unknown): void;
  /** How many recent messages the snapshot loads. @default 50 */
  limit?: number;
}

export interface SessionWatch {
  current(): Conversation;
  /** Resolves once the first snapshot is loaded. */
  ready: Promise<void>;
  stop(): void;
}

/**
 * Keep a conversation current: subscribe to the session's events FIRST, load the recent
 * messages, then apply events as they come. A gap (missed text, a resync) triggers a refetch;
 * the subscription resumes by event id on its own when the connection drops.
 */
export function watchSession(
  client: ChatClient,
  sessionId: string,
  options: WatchOptions,
): SessionWatch {
  let conversation = emptyConversation();
  let stopped = false;
  let refetching: Promise<void> | undefined;
  const emit = () => {
    if (!stopped) options.onChange(conversation);
  };

  const refetch = (): Promise<void> => {
    refetching ??= (async () => {
      try {
        const page = await client.messages.list.query({ sessionId, limit: options.limit ?? 50 });
        conversation = mergeSnapshot(conversation, page.items);
        emit();
      } catch (error) {
        options.onError?.(error);
      } finally {
        refetching = undefined;
      }
    })();
    return refetching;
  };

  const subscription = client.messages.onEvent.subscribe(
    { sessionId },
    {
      onData: ({ data }) => {
        const applied = applyChatEvent(conversation, data);
        conversation = applied.conversation;
        emit();
        if (applied.needsRefetch) void refetch();
      },
      onError: (error) => options.onError?.(error),
    },
  );

  return {
    current: () => conversation,
    ready: refetch(),
    stop() {
      stopped = true;
      subscription.unsubscribe();
    },
  };
}
