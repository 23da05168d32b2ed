'use client';
import { useLayoutEffect, useRef } from 'react';
import { InlineEdit } from '../InlineEdit';

/** A modal editor for a chat's system prompt; Escape or Cancel closes it unchanged. */
export function SystemPromptDialog(props: {
  open: boolean;
  value: string;
  maxLength: number;
  onSave: (systemPrompt: string) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  // Before paint and before the editor's own effect, so the editor can focus inside an open dialog.
  useLayoutEffect(() => {
    if (props.open) dialog.current?.showModal();
    else dialog.current?.close();
  }, [props.open]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby="system-prompt-title"
      onCancel={props.onClose}
      className="m-auto w-[32rem] max-w-[95vw] rounded-xl border border-zinc-200 bg-white p-5 text-zinc-900 backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <h2 id="system-prompt-title" className="mb-2 text-lg font-semibold">
        System prompt
      </h2>
      {props.open && (
        <InlineEdit
          label="Instructions the model follows in this chat"
          showLabel
          initialValue={props.value}
          multiline
          allowEmpty
          rows={6}
          maxLength={props.maxLength}
          className="flex flex-col gap-4"
          onCancel={props.onClose}
          onSave={props.onSave}
        />
      )}
    </dialog>
  );
}
