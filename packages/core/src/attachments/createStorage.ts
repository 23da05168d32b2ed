import path from 'node:path';
import type { Config } from '@chatbot/config';
import { createFileStorage } from './fileStorage';
import type { AttachmentStorage } from './storage';

/** The store the configuration names: S3 when S3_BUCKET is set, else DATA_DIR/attachments. */
export async function createAttachmentStorage(config: Config): Promise<AttachmentStorage> {
  const { s3 } = config.attachments;
  // Loaded only when configured: the embedded default never pays for the SDK.
  if (s3) return (await import('./s3Storage')).createS3Storage(s3);
  return createFileStorage(path.join(config.database.dataDir, 'attachments'));
}

/** Where uploads are checked before they are stored: local to the instance. */
export const uploadTempDir = (config: Config) =>
  path.join(config.database.dataDir, 'tmp', 'uploads');
