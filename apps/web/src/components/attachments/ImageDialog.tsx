'use client';
import { useEffect, useRef } from 'react';
import type { AttachmentView } from './attachment';

/**
 * An attached image, enlarged, in a modal dialog: Escape, the Close button or a click beside the
 * image closes it, and focus goes back to what opened it.
 */
export function ImageDialog(props: {
  image: AttachmentView | undefined;
  /** Where the image is served from (the owner's route or a shared link's). */
  url: string | undefined;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const { image } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (image && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    }
    if (!image && dialog.open) dialog.close();
  }, [image]);

  return (
    <dialog
      ref={ref}
      aria-label={image ? `Image ${image.name}` : 'Image'}
      onClose={() => {
        if (opener.current instanceof HTMLElement) opener.current.focus();
        opener.current = null;
        props.onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the dialog itself, not on its content.
        if (event.target === event.currentTarget) ref.current?.close();
      }}
      className="m-auto max-h-[90vh] max-w-[90vw] rounded-xl bg-white p-3 text-zinc-900 backdrop:bg-black/70 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {image && (
        <figure className="flex flex-col gap-2">
          {/* A plain img: the file comes from this app's own route. */}
          <img
            src={props.url}
            alt={image.name}
            className="max-h-[78vh] max-w-[86vw] object-contain"
          />
          <figcaption className="flex items-center gap-3 text-sm">
            <span className="min-w-0 flex-1 truncate">{image.name}</span>
            <a href={props.url} download={image.name} className="underline">
              Download
            </a>
            <button
              type="button"
              autoFocus
              onClick={() => ref.current?.close()}
              className="rounded-md px-3 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
            >
              Close
            </button>
          </figcaption>
        </figure>
      )}
    </dialog>
  );
}
