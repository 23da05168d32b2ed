import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../../testing';
import { silentLogger } from '../logger';
import { receiveUpload } from './upload';
import { sweepAttachments } from './sweep';

let core: TestCore;

beforeAll(async () => {
  core = await openTestCore();
});
afterAll(async () => {
  await core?.close();
});

const deps = () => ({
  prisma: core.app.database.prisma,
  storage: core.app.storage,
  limits: core.config.attachments,
  tempDir: core.app.uploadTempDir,
});
const uploadText = (userId: string, name: string) =>
  receiveUpload(deps(), userId, { name, stream: Readable.from([Buffer.from(`text of ${name}`)]) });
const exists = async (storageKey: string) =>
  core.app.storage.get(storageKey).then(
    (stream) => (stream.destroy(), true),
    () => false,
  );

describe('sweepAttachments', () => {
  it('removes uploads never attached after the grace period, and detached files', async () => {
    const user = await core.createTestUser();
    const { prisma } = core.app.database;
    const old = await uploadText(user.id, 'old.txt');
    const fresh = await uploadText(user.id, 'fresh.txt');
    const detached = await uploadText(user.id, 'detached.txt');
    await prisma.attachment.update({
      where: { id: old.id },
      data: { createdAt: new Date(Date.now() - 2 * 3_600_000) },
    });
    // Its message was deleted: attached once, no message now.
    await prisma.attachment.update({
      where: { id: detached.id },
      data: { attachedAt: new Date() },
    });
    const keys = Object.fromEntries(
      (await prisma.attachment.findMany({ where: { userId: user.id } })).map((row) => [
        row.id,
        row.storageKey,
      ]),
    );

    const removed = await sweepAttachments({
      prisma,
      storage: core.app.storage,
      graceMs: 3_600_000,
      logger: silentLogger,
    });
    expect(removed).toBeGreaterThanOrEqual(2);
    const left = await prisma.attachment.findMany({ where: { userId: user.id } });
    expect(left.map((row) => row.id)).toEqual([fresh.id]);
    expect(await exists(keys[old.id]!)).toBe(false);
    expect(await exists(keys[detached.id]!)).toBe(false);
    expect(await exists(keys[fresh.id]!)).toBe(true);
  });
});
