import { createChatClient, uploadAttachment } from '@chatbot/client';
import { readTestEnvironment } from '@chatbot/config';
import { startLocalS3, type LocalS3 } from '@chatbot/core/testing';
import { createDatabase, type Database } from '@chatbot/db';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from './attachmentFiles';
import { startTestServer, type TestServer } from './harness';

const { databaseUrl, redisUrl } = readTestEnvironment();
const enabled = Boolean(databaseUrl && redisUrl);

let s3: LocalS3;
let a: TestServer;
let b: TestServer;
let bDatabase: Database;

beforeAll(async () => {
  if (!enabled) return;
  s3 = await startLocalS3();
  const redisPrefix = `attach:${randomUUID()}:`;
  a = await startTestServer({ ...s3.env, REDIS_URL: redisUrl! }, { redisPrefix });
  // Instance B: its own DATA_DIR and database connection; the same PostgreSQL, Redis and bucket.
  bDatabase = await createDatabase({ kind: 'postgres', url: a.database.url! });
  b = await startTestServer(
    { ...s3.env, REDIS_URL: redisUrl! },
    { redisPrefix, database: Object.assign(bDatabase, { label: 'postgres' }) },
  );
});
afterAll(async () => {
  await b?.close();
  await bDatabase?.close();
  await a?.close();
  await s3?.close();
});

describe.skipIf(!enabled)('attachments on two instances sharing S3', () => {
  it('uploads on A, sends and downloads on B', async () => {
    expect(a.config.database.dataDir).not.toBe(b.config.database.dataDir);
    const user = await a.signUp();
    const token = () => user.session.accessToken();
    const stored = await uploadAttachment(
      { url: a.trpcUrl, token },
      { name: 'shared.png', data: PNG },
    );
    expect(s3.keys()).toHaveLength(1);

    const onB = await b
      .anonymous()
      .auth.login.mutate({ email: user.email, password: user.password });
    const session = await user.client.sessions.create.mutate({ title: 'Across instances' });
    const clientB = createChatClient({ url: b.trpcUrl, token: onB.accessToken });
    const sent = await clientB.messages.send.mutate({
      sessionId: session.id,
      content: 'What is in this picture?',
      attachmentIds: [stored.id],
    });
    expect(sent.userMessage.attachments).toEqual([stored]);

    const download = await fetch(`${b.server.url}/attachments/${stored.id}`, {
      headers: { authorization: `Bearer ${onB.accessToken}` },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);
  });
});
