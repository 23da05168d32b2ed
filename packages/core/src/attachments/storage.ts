import type { Readable } from 'node:stream';

/**
 * Where attachment bytes live: the filesystem under DATA_DIR (one instance) or S3-compatible
 * object storage (several). Uploads are validated in a local temp file first, so a store only
 * ever receives a complete, accepted file.
 */
export interface AttachmentStorage {
  readonly kind: 'filesystem' | 's3';
  /** Store the file at `tempPath` under `key` (the temp file may be moved away). */
  put(key: string, tempPath: string, file: { size: number; mediaType: string }): Promise<void>;
  /** The stored bytes as a stream; rejects when the key holds nothing. */
  get(key: string): Promise<Readable>;
  /** Remove keys; a key that holds nothing is no error. */
  delete(keys: string[]): Promise<void>;
}

/** Keys are made by the server (`<userId>/<uuid>`), never from client input; checked anyway. */
export function assertSafeKey(key: string) {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(key))
    throw new Error(`unsafe storage key ${key}`);
}
