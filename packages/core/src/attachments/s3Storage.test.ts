import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { parseConfig } from '@chatbot/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../testing/s3';
import { createAttachmentStorage } from './createStorage';
import type { AttachmentStorage } from './storage';

let s3: LocalS3;
let storage: AttachmentStorage;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-s3-test-'));

beforeAll(async () => {
  s3 = await startLocalS3();
  storage = await createAttachmentStorage(parseConfig({ ...s3.env, DATA_DIR: scratch }));
});
afterAll(async () => {
  await s3?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function tempFile(content: string) {
  const file = path.join(scratch, `${Math.random()}.upload`);
  fs.writeFileSync(file, content);
  return file;
}

describe('the S3 store (against a local S3 server)', () => {
  it('is chosen when S3_BUCKET is set', () => {
    expect(storage.kind).toBe('s3');
  });

  it('puts, reads back and deletes objects', async () => {
    const content = 'hello from S3 ✓';
    await storage.put('user1/a', tempFile(content), {
      size: Buffer.byteLength(content),
      mediaType: 'text/plain',
    });
    await storage.put('user1/b', tempFile('second'), { size: 6, mediaType: 'text/plain' });
    expect(s3.keys().sort()).toEqual(['user1/a', 'user1/b']);
    expect(await text(await storage.get('user1/a'))).toBe(content);
    await storage.delete(['user1/a', 'user1/b', 'user1/never-stored']);
    expect(s3.keys()).toEqual([]);
    await expect(storage.get('user1/a')).rejects.toThrow();
  });

  it('refuses keys it did not make', async () => {
    await expect(storage.get('../etc/passwd')).rejects.toThrow(/unsafe storage key/);
  });
});
