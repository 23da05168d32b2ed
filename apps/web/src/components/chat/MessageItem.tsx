'use client';
import type { MessageDTO } from '@chatbot/api';
import { describeAttachmentNotice, type ConversationMessage } from '@chatbot/client';
import { memo, useRef, useState } from 'react';
import { InlineEdit } from '../InlineEdit';
import { MessageAttachments } from '../attachments/MessageAttachments';
import { CopyButton } from './CopyButton';
import { Markdown } from './Markdown';
import { StreamingMarkdown, rendersByBlocks } from './StreamingMarkdown';
import { VersionSwitcher } from './VersionSwitcher';

const STATUS_NOTES: Partial<Record<MessageDTO['status'], string>> = {
  cancelled: 'Stopped',
  interrupted: 'Interrupted: the server restarted while this reply was being written',
  error: 'The reply failed',
};

export interface MessageActions {
  onRegenerate?: () => void;
  onEdit?: (content: string) => void;
  /** Show another version's branch (an id from the message's siblingIds). */
  onSwitch?: (messageId: string) => void;
  /** Ask to delete this message and everything after it (confirmed by the caller). */
  onDelete?: () => void;
  busy: boolean;
}

export const MessageItem = memo(function MessageItem({
  message,
  actions,
  sharedFilesUrl,
}: {
  message: ConversationMessage;
  actions: MessageActions;
  /** In a shared chat: where its images are served (see MessageAttachments). */
  sharedFilesUrl?: string;
}) {
  const bubble = useRef<HTMLDivElement>(null);
  // The bubble's width when Edit was pressed, so the edit box keeps the message's width.
  const [editWidth, setEditWidth] = useState<number>();
  const editing = editWidth !== undefined;
  const isUser = message.role === 'user';
  const streaming = message.status === 'streaming';
  // A reply seen streaming keeps its blocks when it completes: only the last one is rendered
  // again, instead of the whole reply at once. The same output, where blocks allow it.
  const [streamed, setStreamed] = useState(streaming);
  if (streaming && !streamed) setStreamed(true);
  const byBlocks = streaming || (streamed && rendersByBlocks(message.content));
  const attachments = message.attachments ?? [];

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
        className={`max-w-[85%] rounded-2xl px-4 py-2 [overflow-wrap:anywhere] ${editing ? 'min-w-72' : ''} ${
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
          <>
            <MessageAttachments attachments={attachments} sharedFilesUrl={sharedFilesUrl} />
            <p className="whitespace-pre-wrap">{message.content}</p>
          </>
        ) : (
          <div data-testid="reply-text">
            {message.content && byBlocks ? (
              <StreamingMarkdown text={message.content} streaming={streaming} />
            ) : message.content ? (
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
        {describeAttachmentNotice(message.attachmentNotice).map((line) => (
          <p
            key={line}
            data-testid="attachment-notice"
            className="mt-1 text-xs text-amber-800 dark:text-amber-300"
          >
            {line}
          </p>
        ))}
        {!editing && !streaming && (
          <div className="mt-1 flex items-center gap-3 text-xs opacity-70">
            {message.siblingIds && actions.onSwitch && (
              <VersionSwitcher
                siblingIds={message.siblingIds}
                currentId={message.id}
                disabled={actions.busy}
                onSwitch={actions.onSwitch}
              />
            )}
            {message.content && (
              <CopyButton text={message.content} label="Copy message" className="underline" />
            )}
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
            {actions.onDelete && (
              <button
                type="button"
                disabled={actions.busy}
                onClick={actions.onDelete}
                aria-label={isUser ? 'Delete message' : 'Delete reply'}
                className="underline disabled:opacity-50"
              >
                Delete
              </button>
            )}
          </div>
        )}
      </div>
    </article>
  );
});
