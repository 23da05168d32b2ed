'use client';
import { useRef } from 'react';
import { ACCEPTED_TYPES } from './attachment';
import { PaperclipIcon } from './icons';

/** A labelled button that opens the file picker; the input itself stays hidden. */
export function AttachButton(props: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        onClick={() => input.current?.click()}
        disabled={props.disabled}
        aria-label="Attach files"
        title="Attach files (or drop them on the chat, or paste an image)"
        className="flex min-h-11 items-center rounded-xl border border-zinc-300 px-3 hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        <PaperclipIcon />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPTED_TYPES}
        hidden
        data-testid="attach-input"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          // Reset, so picking the same file again (after removing it) fires change again.
          event.target.value = '';
          if (files.length > 0) props.onFiles(files);
        }}
      />
    </>
  );
}
