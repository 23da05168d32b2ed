'use client';
import type { MessageDTO } from '@chatbot/api';
import { memo, useRef, useState } from 'react';
import { InlineEdit } from '../InlineEdit';
import { Markdown } from './Markdown';

const STATUS_NOTES: Partial<Record<MessageDTO['status'], string>> = {
  cancelled: 'Stopped',
  interrupted: 'Interrupted: the server restarted while this reply was being written',
  error: 'The reply failed',
};

export interface MessageActions {
  onRegenerate?: () => void;
  onEdit?: (content: string) => void;
  busy: boolean;
}

export const MessageItem = memo(function MessageItem({
  message,
  actions,
}: {
  message: MessageDTO;
  actions: MessageActions;
}) {
  const bubble = useRef<HTMLDivElement>(null);
  // The bubble's width when Edit was pressed, so the edit box keeps the message's width.
  const [editWidth, setEditWidth] = useState<number>();
  const editing = editWidth !== undefined;
  const isUser = message.role === 'user';
  const streaming = message.status === 'streaming';

  return (
    <article
      aria-label={isUser ? 'Your message' : 'Assistant reply'}
      data-role={message.role}
      data-status={message.status}
      data-message-id={message.id}
      className={`flex ${isUser ? 'justify-end' : 'justify-start'}`}
    >
      <div
        ref={bubble}
        style={editing ? { width: editWidth } : undefined}
        className={`max-w-[85%] rounded-2xl px-4 py-2 ${editing ? 'min-w-72' : ''} ${
          isUser
            ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900'
            : 'bg-zinc-100 dark:bg-zinc-800/70'
        }`}
      >
        {editing ? (
          <InlineEdit
            label="Edit your message"
            initialValue={message.content}
            multiline
            saveLabel="Save and resend"
            maxLength={100_000}
            className="flex flex-col gap-2"
            onCancel={() => setEditWidth(undefined)}
            onSave={(content) => {
              setEditWidth(undefined);
              actions.onEdit?.(content);
            }}
          />
        ) : isUser ? (
          <p className="whitespace-pre-wrap">{message.content}</p>
        ) : (
          <div data-testid="reply-text">
            {message.content ? (
              <Markdown text={message.content} />
            ) : streaming ? (
              <span className="text-zinc-500">Thinking…</span>
            ) : null}
            {streaming && (
              <span
                className="ml-0.5 inline-block h-4 w-2 animate-pulse bg-zinc-500 align-middle"
                aria-hidden="true"
              />
            )}
          </div>
        )}
        {STATUS_NOTES[message.status] && (
          <p
            role={message.status === 'error' ? 'alert' : undefined}
            className="mt-1 text-xs text-red-700 dark:text-red-400"
          >
            {STATUS_NOTES[message.status]}
            {message.error ? `: ${message.error}` : ''}
          </p>
        )}
        {!editing && !streaming && (
          <div className="mt-1 flex gap-3 text-xs opacity-70">
            {isUser && actions.onEdit && (
              <button
                type="button"
                disabled={actions.busy}
                onClick={() => setEditWidth(bubble.current?.offsetWidth ?? 0)}
                className="underline disabled:opacity-50"
              >
                Edit
              </button>
            )}
            {!isUser && actions.onRegenerate && (
              <button
                type="button"
                disabled={actions.busy}
                onClick={actions.onRegenerate}
                className="underline disabled:opacity-50"
              >
                {message.status === 'error' ? 'Retry' : 'Regenerate'}
              </button>
            )}
          </div>
        )}
      </div>
    </article>
  );
});
