'use client';
import { useState } from 'react';
import { fileUrl, formatSize, type AttachmentView } from './attachment';
import { ImageDialog } from './ImageDialog';
import { DocumentIcon } from './icons';

/** The box an image takes in a message (px): fixed, so the list does not jump as images load. */
const THUMBNAIL = 160;

/**
 * The files a user message carries: images as thumbnails that enlarge on click, documents as
 * chips that download (in a shared chat, `sharedFilesUrl` set: named only).
 */
export function MessageAttachments({
  attachments,
  sharedFilesUrl,
}: {
  attachments: AttachmentView[];
  sharedFilesUrl?: string;
}) {
  const [enlarged, setEnlarged] = useState<AttachmentView>();
  const urlOf = (file: AttachmentView) => fileUrl(file, sharedFilesUrl);
  if (attachments.length === 0) return null;
  const images = attachments.filter((file) => file.kind === 'image');
  const documents = attachments.filter((file) => file.kind !== 'image');
  return (
    <div data-testid="message-attachments" className="mb-2 flex flex-col gap-2">
      {images.length > 0 && (
        <ul aria-label="Attached images" className="flex flex-wrap gap-2">
          {images.map((image) => (
            <li key={image.id}>
              <button
                type="button"
                aria-haspopup="dialog"
                title={`Enlarge ${image.name}`}
                onClick={() => setEnlarged(image)}
                className="block overflow-hidden rounded-lg"
              >
                <img
                  src={urlOf(image)}
                  alt={image.name}
                  loading="lazy"
                  decoding="async"
                  width={THUMBNAIL}
                  height={THUMBNAIL}
                  className="size-40 bg-zinc-200 object-cover dark:bg-zinc-700"
                />
              </button>
            </li>
          ))}
        </ul>
      )}
      {documents.length > 0 && (
        <ul aria-label="Attached files" className="flex flex-wrap gap-2">
          {documents.map((file) => (
            <li key={file.id}>
              <FileChip file={file} url={urlOf(file)} />
            </li>
          ))}
        </ul>
      )}
      <ImageDialog
        image={enlarged}
        url={enlarged && urlOf(enlarged)}
        onClose={() => setEnlarged(undefined)}
      />
    </div>
  );
}

const CHIP =
  'flex max-w-64 items-center gap-2 rounded-lg border border-current/30 px-2 py-1 text-sm';

/** A document: a download link, or only its name where it is not served (a shared chat). */
function FileChip({ file, url }: { file: AttachmentView; url: string | undefined }) {
  const label = (
    <>
      <DocumentIcon />
      <span className="min-w-0 truncate">{file.name}</span>
      <span className="shrink-0 text-xs opacity-80">{formatSize(file.size)}</span>
    </>
  );
  return url ? (
    <a href={url} download={file.name} data-testid="attachment-chip" className={CHIP}>
      {label}
    </a>
  ) : (
    <span data-testid="attachment-chip" className={CHIP}>
      {label}
    </span>
  );
}
