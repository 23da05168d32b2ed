'use client';
import type { MessageDTO } from '@chatbot/api';
import { memo, useState, type FormEvent } from 'react';
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
  const [editing, setEditing] = useState(false);
  const isUser = message.role === 'user';
  const streaming = message.status === 'streaming';

  function submitEdit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const content = String(new FormData(event.currentTarget).get('content')).trim();
    setEditing(false);
    if (content) actions.onEdit?.(content);
  }

  return (
    <article
      aria-label={isUser ? 'Your message' : 'Assistant reply'}
      data-role={message.role}
      data-status={message.status}
      data-message-id={message.id}
      className={`flex ${isUser ? 'justify-end' : 'justify-start'}`}
    >
      <div
        className={`max-w-[85%] rounded-2xl px-4 py-2 ${
          isUser
            ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900'
            : 'bg-zinc-100 dark:bg-zinc-800/70'
        }`}
      >
        {editing ? (
          <form onSubmit={submitEdit} className="flex min-w-64 flex-col gap-2">
            <textarea
              name="content"
              aria-label="Edit your message"
              defaultValue={message.content}
              rows={3}
              autoFocus
              maxLength={100_000}
              className="rounded border border-zinc-300 bg-white p-2 text-sm text-zinc-900"
            />
            <div className="flex justify-end gap-2 text-sm">
              <button
                type="button"
                onClick={() => setEditing(false)}
                className="rounded px-2 py-1 underline"
              >
                Cancel
              </button>
              <button
                type="submit"
                className="rounded bg-white px-2 py-1 font-medium text-zinc-900"
              >
                Save and resend
              </button>
            </div>
          </form>
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
                onClick={() => setEditing(true)}
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
