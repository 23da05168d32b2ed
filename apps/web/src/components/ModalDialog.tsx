'use client';
import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';

/** The bordered small button of dialogs and the pages beside them. */
export const SMALL_BUTTON =
  'rounded border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800';

/**
 * A modal `<dialog>` with a title: the browser traps focus, Escape closes it (through
 * `onClose`), and focus returns to what opened it. Its content mounts only while it is open, so
 * each opening starts fresh. `closeButton` adds a Close button under it.
 */
export function ModalDialog(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  closeButton?: boolean;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // Before paint and before the content's own effects, so content can focus inside it.
  useLayoutEffect(() => {
    if (props.open) dialog.current?.showModal();
    else dialog.current?.close();
  }, [props.open]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={props.onClose}
      className="m-auto w-[32rem] max-w-[95vw] rounded-xl border border-zinc-200 bg-white p-5 text-zinc-900 backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <h2 id={titleId} className="mb-2 text-lg font-semibold">
        {props.title}
      </h2>
      {props.open && props.children}
      {props.closeButton && (
        <div className="mt-4 flex justify-end">
          <button type="button" onClick={props.onClose} className={SMALL_BUTTON}>
            Close
          </button>
        </div>
      )}
    </dialog>
  );
}
