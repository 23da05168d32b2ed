import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertSafeKey, type AttachmentStorage } from './storage';

/** Files under `root` (DATA_DIR/attachments), one per key. */
export function createFileStorage(root: string): AttachmentStorage {
  const pathOf = (key: string) => {
    assertSafeKey(key);
    return path.join(root, key);
  };
  return {
    kind: 'filesystem',
    async put(key, tempPath) {
      const target = pathOf(key);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      try {
        // Atomic on one filesystem: the key holds the whole file or nothing.
        await fsp.rename(tempPath, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        const partial = `${target}.partial`;
        await fsp.copyFile(tempPath, partial);
        await fsp.rename(partial, target);
      }
    },
    async get(key) {
      const file = pathOf(key);
      // Open first, so a missing file rejects here rather than erroring mid-response.
      const handle = await fsp.open(file, 'r');
      return handle.createReadStream() as Readable;
    },
    async delete(keys) {
      await Promise.all(keys.map((key) => fsp.rm(pathOf(key), { force: true })));
    },
  };
}

/** Make sure the temp folder exists (uploads are validated there before they are stored). */
export function ensureDir(dir: string) {
  fs.mkdirSync(dir, { recursive: true });
}
