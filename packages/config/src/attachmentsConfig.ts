import type { Environment } from './schema';

/** Uploads: their limits, the orphan sweep's grace, and where files are kept. */
export interface AttachmentsConfig {
  /** Largest file one upload may hold. */
  maxBytes: number;
  /** Files one message may carry. */
  maxPerMessage: number;
  /** Bytes of attachments one user may keep. */
  quotaBytes: number;
  /** How long an upload may wait to be attached to a message before the sweep removes it. */
  orphanGraceMs: number;
  /** S3-compatible object storage; unset keeps files under DATA_DIR/attachments. */
  s3:
    | {
        endpoint: string | undefined;
        bucket: string;
        region: string;
        /** Unset: the SDK's own credential chain (environment, instance role). */
        credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
        forcePathStyle: boolean;
      }
    | undefined;
}

export function attachmentsConfig(e: Environment): AttachmentsConfig {
  return {
    maxBytes: e.ATTACHMENT_MAX_BYTES,
    maxPerMessage: e.ATTACHMENT_MAX_PER_MESSAGE,
    quotaBytes: e.ATTACHMENT_QUOTA_BYTES,
    orphanGraceMs: e.ATTACHMENT_ORPHAN_GRACE_MS,
    s3: e.S3_BUCKET
      ? {
          endpoint: e.S3_ENDPOINT,
          bucket: e.S3_BUCKET,
          region: e.S3_REGION,
          credentials:
            e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
              ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
              : undefined,
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
        }
      : undefined,
  };
}
