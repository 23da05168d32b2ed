import type { ChatClient } from './createChatClient';
import {
  applyChatEvent,
  emptyConversation,
  mergeSnapshot,
  replacePath,
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
  /** Load the page of messages before the oldest one held; false when there are no more. */
  loadOlder(): Promise<boolean>;
  hasOlder(): boolean;
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
  /** Where older history continues; undefined until the first snapshot, null at the start. */
  let olderCursor: string | null | undefined;
  let refetching: Promise<void> | undefined;
  /** A branch change arrived: the next fetch replaces the path (and one more runs if busy). */
  let replaceWanted = false;
  let fetchAgain = false;
  const emit = () => {
    if (!stopped) options.onChange(conversation);
  };

  const refetch = (replace = false): Promise<void> => {
    if (replace) replaceWanted = true;
    if (refetching) {
      // The page being read may predate the change: read once more after it.
      if (replace) fetchAgain = true;
      return refetching;
    }
    refetching = (async () => {
      try {
        do {
          fetchAgain = false;
          const replacing = replaceWanted;
          replaceWanted = false;
          const page = await client.messages.list.query({ sessionId, limit: options.limit ?? 50 });
          conversation = replacing
            ? replacePath(conversation, page.items)
            : mergeSnapshot(conversation, page.items);
          if (olderCursor === undefined || replacing) olderCursor = page.nextCursor;
          emit();
        } while (fetchAgain && !stopped);
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
        if (applied.needsRefetch) void refetch(applied.replacePath);
      },
      onError: (error) => options.onError?.(error),
    },
  );

  let loadingOlder: Promise<boolean> | undefined;
  const loadOlder = (): Promise<boolean> => {
    loadingOlder ??= (async () => {
      try {
        const cursor = olderCursor ?? conversation.messages[0]?.id;
        if (olderCursor === null || !cursor) return false;
        const page = await client.messages.list.query({
          sessionId,
          cursor,
          limit: options.limit ?? 50,
        });
        const held = new Set(conversation.messages.map((message) => message.id));
        conversation = {
          ...conversation,
          messages: [...page.items.filter((m) => !held.has(m.id)), ...conversation.messages],
        };
        olderCursor = page.nextCursor;
        emit();
        return olderCursor !== null;
      } finally {
        loadingOlder = undefined;
      }
    })();
    return loadingOlder;
  };

  return {
    current: () => conversation,
    ready: refetch(),
    loadOlder,
    hasOlder: () => olderCursor !== null && olderCursor !== undefined,
    stop() {
      stopped = true;
      subscription.unsubscribe();
    },
  };
}
