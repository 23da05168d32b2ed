'use client';
import type { MessageDTO } from '@chatbot/api';
import { useLayoutEffect, useRef } from 'react';
import { MessageItem, type MessageActions } from './MessageItem';

/**
 * The history: follows the newest text while the reader is at the bottom, and loads older
 * pages when they scroll to the top (keeping their place).
 */
export function MessageList(props: {
  messages: MessageDTO[];
  actionsFor: (message: MessageDTO, index: number) => MessageActions;
  onReachTop: () => Promise<boolean>;
  hasOlder: boolean;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const heightBeforePrepend = useRef<number | undefined>(undefined);
  const loading = useRef(false);

  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box) return;
    if (heightBeforePrepend.current !== undefined) {
      box.scrollTop += box.scrollHeight - heightBeforePrepend.current;
      heightBeforePrepend.current = undefined;
    } else if (atBottom.current) {
      box.scrollTop = box.scrollHeight;
    }
  }, [props.messages]);

  async function onScroll() {
    const box = scroller.current;
    if (!box) return;
    atBottom.current = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    if (box.scrollTop < 200 && props.hasOlder && !loading.current) {
      loading.current = true;
      heightBeforePrepend.current = box.scrollHeight;
      const more = await props.onReachTop();
      if (!more) heightBeforePrepend.current = undefined;
      loading.current = false;
    }
  }

  return (
    <div
      ref={scroller}
      onScroll={() => void onScroll()}
      className="min-h-0 flex-1 overflow-y-auto"
      data-testid="message-list"
    >
      <div
        className="mx-auto flex max-w-3xl flex-col gap-4 px-4 py-6"
        role="log"
        aria-live="polite"
        aria-label="Messages"
      >
        {props.hasOlder && (
          <p className="text-center text-xs text-zinc-500">Scroll up for older messages</p>
        )}
        {props.messages.map((message, index) => (
          <MessageItem
            key={message.id}
            message={message}
            actions={props.actionsFor(message, index)}
          />
        ))}
      </div>
    </div>
  );
}
