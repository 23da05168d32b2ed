import fs from 'node:fs';
import type { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Config } from '@chatbot/config';
import { assertSafeKey, type AttachmentStorage } from './storage';

type S3Settings = NonNullable<Config['attachments']['s3']>;

/** S3 allows 1000 keys per DeleteObjects request. */
const DELETE_BATCH = 1_000;

/**
 * Objects in an S3-compatible bucket (AWS, MinIO, R2...), so every instance sees every file. An
 * object appears only once its PUT completes: a failed upload leaves nothing behind.
 */
export function createS3Storage(settings: S3Settings, client?: S3Client): AttachmentStorage {
  const s3 =
    client ??
    new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
      // Plain signed PUTs: many S3-compatible servers do not speak the SDK's default
      // aws-chunked checksum trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  const Bucket = settings.bucket;
  return {
    kind: 's3',
    async put(key, tempPath, file) {
      assertSafeKey(key);
      await s3.send(
        new PutObjectCommand({
          Bucket,
          Key: key,
          Body: fs.createReadStream(tempPath),
          ContentLength: file.size,
          ContentType: file.mediaType,
        }),
      );
    },
    async get(key) {
      assertSafeKey(key);
      const object = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
      return object.Body as Readable;
    },
    async delete(keys) {
      for (let start = 0; start < keys.length; start += DELETE_BATCH) {
        const batch = keys.slice(start, start + DELETE_BATCH);
        batch.forEach(assertSafeKey);
        await s3.send(
          new DeleteObjectsCommand({
            Bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
      }
    },
  };
}
