'use client';
import type { ConversationMessage } from '@chatbot/client';
import { forwardRef, useCallback, useRef, useState, type HTMLAttributes } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import { MessageItem, type MessageActions } from './MessageItem';

/** Virtuoso's index of the first message ever held; older pages count down from it. */
const FIRST_INDEX = 1_000_000;
/** How close to the end (px) still counts as "at the bottom". */
const BOTTOM_THRESHOLD = 80;

const Items = forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement>>(
  function Items(props, ref) {
    return (
      <div
        {...props}
        ref={ref}
        className="mx-auto max-w-3xl px-4"
        role="log"
        aria-live="polite"
        aria-label="Messages"
      />
    );
  },
);

/**
 * The history, virtualised: only the messages near the viewport are in the DOM. Opens on the
 * newest, loads older pages at the top without moving what the reader sees, follows a reply
 * while the reader is at the bottom, and always shows the reader's own new message.
 */
export function MessageList(props: {
  messages: ConversationMessage[];
  actionsFor: (message: ConversationMessage) => MessageActions;
  onReachTop: () => Promise<boolean>;
  hasOlder: boolean;
}) {
  const { messages, actionsFor, onReachTop, hasOlder } = props;
  const virtuoso = useRef<VirtuosoHandle>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);

  // Prepending a page moves the first index down by its length, so Virtuoso keeps the place.
  const [anchor, setAnchor] = useState({ id: messages[0]?.id, index: FIRST_INDEX });
  let firstItemIndex = anchor.index;
  if (messages[0]?.id !== anchor.id) {
    const shift = messages.findIndex((message) => message.id === anchor.id);
    firstItemIndex = anchor.index - Math.max(shift, 0);
    setAnchor({ id: messages[0]?.id, index: firstItemIndex });
  }

  // The reader's newest message: when it changes, the list scrolls to it wherever they were.
  const newestUser = messages.findLast((message) => message.role === 'user')?.id;
  const shownUser = useRef(newestUser);
  const followOutput = useCallback(
    (isAtBottom: boolean) => {
      if (newestUser !== shownUser.current) {
        shownUser.current = newestUser;
        return 'auto' as const;
      }
      return isAtBottom ? ('auto' as const) : false;
    },
    [newestUser],
  );

  const loadOlder = useCallback(async () => {
    if (!hasOlder || loadingOlder) return;
    setLoadingOlder(true);
    try {
      await onReachTop();
    } finally {
      setLoadingOlder(false);
    }
  }, [hasOlder, loadingOlder, onReachTop]);

  const Header = useCallback(
    () => (
      <p className="py-3 text-center text-xs text-zinc-500">
        {loadingOlder ? 'Loading older messages…' : hasOlder ? 'Scroll up for older messages' : ''}
      </p>
    ),
    [hasOlder, loadingOlder],
  );

  return (
    <div className="relative min-h-0 flex-1">
      <Virtuoso<ConversationMessage>
        ref={virtuoso}
        data-testid="message-list"
        className="absolute inset-0 overflow-x-hidden"
        data={messages}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
        computeItemKey={(_, message) => message.id}
        itemContent={(_, message) => (
          <div className="pb-4">
            <MessageItem message={message} actions={actionsFor(message)} />
          </div>
        )}
        components={{ List: Items, Header, Footer: ListFooter }}
        startReached={() => void loadOlder()}
        followOutput={followOutput}
        atBottomThreshold={BOTTOM_THRESHOLD}
        atBottomStateChange={setAtBottom}
        increaseViewportBy={{ top: 600, bottom: 200 }}
      />
      {!atBottom && (
        <button
          type="button"
          onClick={() =>
            virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'auto' })
          }
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-zinc-900 px-4 py-1.5 text-sm text-white shadow-lg dark:bg-zinc-100 dark:text-zinc-900"
        >
          Jump to latest ↓
        </button>
      )}
    </div>
  );
}

function ListFooter() {
  return <div className="h-2" />;
}
