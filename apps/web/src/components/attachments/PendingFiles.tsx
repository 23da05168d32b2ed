'use client';
import { budgetNotice, formatSize } from './attachment';
import type { PendingFile } from './usePendingAttachments';
import { DocumentIcon } from './icons';

/** The files waiting for the next message: thumbnails and chips, each with its state and Remove. */
export function PendingFiles(props: { files: PendingFile[]; onRemove: (key: string) => void }) {
  if (props.files.length === 0) return null;
  return (
    <ul aria-label="Attached files" className="flex flex-wrap gap-2">
      {props.files.map((file) => (
        <PendingItem key={file.key} file={file} onRemove={() => props.onRemove(file.key)} />
      ))}
    </ul>
  );
}

function PendingItem({ file, onRemove }: { file: PendingFile; onRemove: () => void }) {
  const percent = Math.round(file.progress * 100);
  const failed = file.status === 'failed';
  const notice = file.attachment && budgetNotice(file.attachment);
  return (
    <li
      data-testid="pending-file"
      data-status={file.status}
      className={`flex max-w-64 items-center gap-2 rounded-lg border p-1.5 pr-2 text-sm ${
        failed
          ? 'border-red-700 dark:border-red-400'
          : 'border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-900'
      }`}
    >
      {file.previewUrl ? (
        <img
          src={file.previewUrl}
          alt={file.name}
          width={48}
          height={48}
          className="size-12 shrink-0 rounded object-cover"
        />
      ) : (
        <span
          aria-hidden="true"
          className="flex size-12 shrink-0 items-center justify-center rounded bg-zinc-100 dark:bg-zinc-800"
        >
          <DocumentIcon />
        </span>
      )}
      <span className="flex min-w-0 flex-1 flex-col">
        <span className="truncate font-medium" title={file.name}>
          {file.name}
        </span>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">{formatSize(file.size)}</span>
        {file.status === 'uploading' && (
          <progress
            max={100}
            value={percent}
            aria-label={`Uploading ${file.name}`}
            className="h-1.5 w-full"
          />
        )}
        {notice && (
          <span data-testid="budget-notice" className="text-xs text-amber-800 dark:text-amber-300">
            {notice}
          </span>
        )}
        {failed && (
          <span role="alert" className="text-xs text-red-700 dark:text-red-400">
            {file.error}
          </span>
        )}
      </span>
      <button
        type="button"
        onClick={onRemove}
        aria-label={`Remove ${file.name}`}
        className="shrink-0 rounded px-1.5 text-lg leading-none hover:bg-zinc-100 dark:hover:bg-zinc-800"
      >
        ×
      </button>
    </li>
  );
}
