// Other packages type-check this file too; the reference brings them the s3rver types.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./s3rver.d.ts" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface LocalS3 {
  /** The S3_* variables that point the app at this server. */
  env: Record<string, string>;
  directory: string;
  /** Keys stored in the bucket now. */
  keys(): string[];
  close(): Promise<void>;
}

const BUCKET = 'attachments';

/** A local S3-compatible server (s3rver) on a free port, with one bucket, in a temp folder. */
export async function startLocalS3(): Promise<LocalS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'chatbot-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await server.run();
  return {
    env: {
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      // s3rver's fixed credentials.
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    directory,
    keys() {
      // s3rver keeps each object as <bucket>/<key>._S3rver_object beside its metadata.
      const root = path.join(directory, BUCKET);
      const found: string[] = [];
      const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          else if (entry.name.endsWith('._S3rver_object'))
            found.push(path.relative(root, full).replace(/\._S3rver_object$/, ''));
        }
      };
      if (fs.existsSync(root)) walk(root);
      return found;
    },
    async close() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
