'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { MAX_PENDING_FILES, type UploadedView } from './attachment';
import { deleteUpload, uploadFile, UploadError, type Upload } from './uploadFile';

/** A file picked for the next message: uploading, uploaded (has `attachment`) or refused. */
export interface PendingFile {
  key: string;
  name: string;
  size: number;
  /** An object URL for an image's thumbnail; revoked when the file leaves the composer. */
  previewUrl?: string;
  /** 0..1 while uploading. */
  progress: number;
  status: 'uploading' | 'uploaded' | 'failed';
  error?: string;
  attachment?: UploadedView;
}

const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

export interface PendingAttachments {
  files: PendingFile[];
  /** Start uploading these files (beyond the per-message cap, `notice` says why they were left). */
  add(files: Iterable<File>): void;
  /** Take a file out: a running upload is aborted, a finished one deleted on the server. */
  remove(key: string): void;
  /** After a send: the files now belong to the message. */
  clear(): void;
  /** The ids to send with the message (uploaded files only). */
  ids: string[];
  uploading: boolean;
  notice?: string;
}

/**
 * The files waiting in the composer. Each upload starts as soon as the file is picked, so the
 * message can go as soon as the last one is stored.
 */
export function usePendingAttachments(): PendingAttachments {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [notice, setNotice] = useState<string>();
  const uploads = useRef(new Map<string, Upload>());
  const latest = useRef(files);
  latest.current = files;

  const update = useCallback((key: string, change: Partial<PendingFile>) => {
    setFiles((current) =>
      current.map((file) => (file.key === key ? { ...file, ...change } : file)),
    );
  }, []);

  // Leaving the page aborts what is still running and frees the thumbnails.
  useEffect(
    () => () => {
      for (const upload of uploads.current.values()) upload.abort();
      for (const file of latest.current) if (file.previewUrl) URL.revokeObjectURL(file.previewUrl);
    },
    [],
  );

  const add = useCallback(
    (picked: Iterable<File>) => {
      const room = MAX_PENDING_FILES - latest.current.length;
      const list = [...picked];
      setNotice(
        list.length > room
          ? `A message can carry ${MAX_PENDING_FILES} files; ${list.length - Math.max(room, 0)} left out`
          : undefined,
      );
      const added = list.slice(0, Math.max(room, 0)).map((file): PendingFile => {
        const key = crypto.randomUUID();
        const upload = uploadFile(file, (progress) => update(key, { progress }));
        uploads.current.set(key, upload);
        void upload.done
          .then(
            (attachment) => update(key, { status: 'uploaded', progress: 1, attachment }),
            (cause: unknown) => {
              // A removed file's abort is not an error anyone needs to read.
              if (!uploads.current.has(key)) return;
              const error = cause instanceof UploadError ? cause.message : 'The upload failed';
              update(key, { status: 'failed', error });
            },
          )
          .finally(() => uploads.current.delete(key));
        return {
          key,
          name: file.name || 'pasted image',
          size: file.size,
          previewUrl: PREVIEWABLE.has(file.type) ? URL.createObjectURL(file) : undefined,
          progress: 0,
          status: 'uploading',
        };
      });
      latest.current = [...latest.current, ...added];
      setFiles((current) => [...current, ...added]);
    },
    [update],
  );

  const remove = useCallback((key: string) => {
    const file = latest.current.find((item) => item.key === key);
    if (!file) return;
    const upload = uploads.current.get(key);
    uploads.current.delete(key);
    upload?.abort();
    if (file.attachment) void deleteUpload(file.attachment.id);
    if (file.previewUrl) URL.revokeObjectURL(file.previewUrl);
    latest.current = latest.current.filter((item) => item.key !== key);
    setFiles((current) => current.filter((item) => item.key !== key));
    setNotice(undefined);
  }, []);

  const clear = useCallback(() => {
    for (const file of latest.current) if (file.previewUrl) URL.revokeObjectURL(file.previewUrl);
    latest.current = [];
    setFiles([]);
    setNotice(undefined);
  }, []);

  return {
    files,
    add,
    remove,
    clear,
    ids: files.flatMap((file) => (file.attachment ? [file.attachment.id] : [])),
    uploading: files.some((file) => file.status === 'uploading'),
    notice,
  };
}
