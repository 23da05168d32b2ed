'use client';
import { useEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { AttachButton } from '../attachments/AttachButton';
import { PendingFiles } from '../attachments/PendingFiles';
import type { PendingAttachments } from '../attachments/usePendingAttachments';

/** The counter shows from this share of the limit on. */
const COUNTER_FROM = 0.9;

const formatCount = (count: number) => count.toLocaleString('en-US');

/** Touch screens have no Shift key at hand: there Enter is a new line and the button sends. */
const isTouchFirst = () => window.matchMedia('(pointer: coarse)').matches;

/**
 * Whether Escape belongs to something else on the page: an open dialog or menu, or an editor
 * (each closes itself on Escape). Only otherwise does it stop a streaming reply.
 */
function escapeIsTaken(event: globalThis.KeyboardEvent, composer: HTMLElement | null): boolean {
  if (event.defaultPrevented) return true;
  if (document.querySelector('dialog[open], [role="menu"], [aria-modal="true"]')) return true;
  const target = event.target;
  if (!(target instanceof HTMLElement) || target === composer) return false;
  return target.isContentEditable || target.matches('input, textarea, select');
}

/**
 * The message box: Enter sends and Shift+Enter starts a new line (on touch screens Enter is a
 * new line); Escape stops a streaming reply. The text stays until `onSend` confirms the send.
 * A text over `maxLength` is refused with a message, never cut. With `attachments`, files can be
 * attached (button, paste; the chat view handles drops): they upload at once, the message waits
 * for the last upload and carries their ids.
 */
export function Composer(props: {
  onSend: (content: string, attachmentIds: string[]) => Promise<boolean>;
  onStop: () => void;
  streaming: boolean;
  maxLength: number;
  disabled?: boolean;
  attachments?: PendingAttachments;
}) {
  const [value, setValue] = useState('');
  const [sending, setSending] = useState(false);
  const [touch, setTouch] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const { onStop, streaming, maxLength, attachments } = props;
  const length = value.trim().length;
  const tooLong = length > maxLength;
  const uploading = attachments?.uploading ?? false;
  // Files alone make a message (an image with no question is still one).
  const empty = !value.trim() && (attachments?.ids.length ?? 0) === 0;

  useEffect(() => setTouch(isTouchFirst()), []);

  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    box.style.height = 'auto';
    box.style.height = `${Math.min(box.scrollHeight, 240)}px`;
  }, [value]);

  useEffect(() => {
    if (!streaming) return;
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape' && !escapeIsTaken(event, ref.current)) onStop();
    };
    window.addEventListener('keydown', onEscape);
    return () => window.removeEventListener('keydown', onEscape);
  }, [onStop, streaming]);

  async function send() {
    const content = value.trim();
    if (empty || tooLong || sending || streaming || uploading || props.disabled) return;
    setSending(true);
    const sent = await props.onSend(content, attachments?.ids ?? []);
    setSending(false);
    if (sent) {
      setValue('');
      attachments?.clear();
    }
    ref.current?.focus();
  }

  /** A pasted image (a screenshot) becomes an attachment; pasted text stays text. */
  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    if (!attachments) return;
    const files = [...event.clipboardData.files];
    if (files.length === 0) return;
    event.preventDefault();
    attachments.add(files);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    if (isTouchFirst()) return;
    event.preventDefault();
    void send();
  }

  return (
    <form
      className="mx-auto flex w-full max-w-3xl flex-col gap-1 p-3"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {attachments && <PendingFiles files={attachments.files} onRemove={attachments.remove} />}
      <div className="flex items-end gap-2">
        {attachments && <AttachButton onFiles={attachments.add} disabled={props.disabled} />}
        <textarea
          ref={ref}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          rows={1}
          placeholder={
            touch ? 'Send a message' : 'Send a message (Enter to send, Shift+Enter for a new line)'
          }
          aria-label="Message"
          aria-describedby="composer-count"
          aria-invalid={tooLong || undefined}
          autoFocus
          className="max-h-60 min-h-11 flex-1 resize-none rounded-xl border border-zinc-300 bg-white px-3 py-2.5 dark:border-zinc-700 dark:bg-zinc-900"
        />
        {streaming ? (
          <button
            type="button"
            onClick={onStop}
            className="rounded-xl bg-red-700 px-4 py-2.5 font-medium text-white hover:bg-red-800"
          >
            Stop
          </button>
        ) : (
          <button
            type="submit"
            disabled={sending || uploading || empty || tooLong || props.disabled}
            className="rounded-xl bg-zinc-900 px-4 py-2.5 font-medium text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
          >
            {sending ? 'Sending…' : 'Send'}
          </button>
        )}
      </div>
      <p
        id="composer-count"
        aria-live="polite"
        className={`px-1 text-xs ${tooLong ? 'text-red-700 dark:text-red-400' : 'text-zinc-600 dark:text-zinc-400'}`}
      >
        {uploading && 'Uploading files… the message can be sent when they are stored. '}
        {attachments?.notice && `${attachments.notice}. `}
        {length >= maxLength * COUNTER_FROM &&
          `${formatCount(length)} / ${formatCount(maxLength)} characters${
            tooLong ? ` — too long to send: remove ${formatCount(length - maxLength)}` : ''
          }`}
      </p>
    </form>
  );
}
