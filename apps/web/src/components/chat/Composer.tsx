'use client';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

/**
 * The message box: Enter sends, Shift+Enter starts a new line, Escape stops a streaming reply.
 */
export function Composer(props: {
  onSend: (content: string) => Promise<boolean>;
  onStop: () => void;
  streaming: boolean;
  disabled?: boolean;
}) {
  const [value, setValue] = useState('');
  const [sending, setSending] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    box.style.height = 'auto';
    box.style.height = `${Math.min(box.scrollHeight, 240)}px`;
  }, [value]);

  useEffect(() => {
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape' && props.streaming) props.onStop();
    };
    window.addEventListener('keydown', onEscape);
    return () => window.removeEventListener('keydown', onEscape);
  }, [props]);

  async function send() {
    const content = value.trim();
    if (!content || sending || props.streaming || props.disabled) return;
    setSending(true);
    const sent = await props.onSend(content);
    setSending(false);
    if (sent) setValue('');
    ref.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  return (
    <form
      className="mx-auto flex w-full max-w-3xl items-end gap-2 p-3"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <textarea
        ref={ref}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={onKeyDown}
        rows={1}
        maxLength={100_000}
        placeholder="Send a message (Enter to send, Shift+Enter for a new line)"
        aria-label="Message"
        autoFocus
        className="max-h-60 min-h-11 flex-1 resize-none rounded-xl border border-zinc-300 bg-white px-3 py-2.5 dark:border-zinc-700 dark:bg-zinc-900"
      />
      {props.streaming ? (
        <button
          type="button"
          onClick={props.onStop}
          className="rounded-xl bg-red-700 px-4 py-2.5 font-medium text-white hover:bg-red-800"
        >
          Stop
        </button>
      ) : (
        <button
          type="submit"
          disabled={sending || !value.trim() || props.disabled}
          className="rounded-xl bg-zinc-900 px-4 py-2.5 font-medium text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
        >
          Send
        </button>
      )}
    </form>
  );
}
