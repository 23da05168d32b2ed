import { failureOf, openTestCore, type TestCore } from '@chatbot/core/testing';
import { linkAsLinearPath } from '@chatbot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSharedChat } from './sharedChats';
import { sharedImage } from './sharedFiles';
import { shareSession, unshareSession } from './shares';

let core: TestCore;
let owner: { id: string };
beforeAll(async () => {
  core = await openTestCore();
  owner = await core.createTestUser('files');
});
afterAll(async () => {
  await core?.close();
});

const prisma = () => core.app.database.prisma;

/** A chat whose first message carries a document then an image (rows only: no bytes needed). */
async function chatWithFiles() {
  const session = await prisma().session.create({
    data: { userId: owner.id, title: 'Files', model: core.app.models.defaultModel },
  });
  const message = await prisma().message.create({
    data: { sessionId: session.id, role: 'user', content: 'look' },
  });
  await linkAsLinearPath(prisma(), session.id);
  const files = [
    { name: 'notes.md', mediaType: 'text/markdown', size: 9 },
    { name: 'dot.png', mediaType: 'image/png', size: 70 },
  ];
  const rows = [];
  for (const [position, file] of files.entries()) {
    rows.push(
      await prisma().attachment.create({
        data: {
          ...file,
          userId: owner.id,
          messageId: message.id,
          position,
          attachedAt: new Date(),
          storageKey: `${owner.id}/${crypto.randomUUID()}`,
        },
      }),
    );
  }
  return { session, message, rows };
}

describe('the files of a shared chat', () => {
  it('are described by position in the snapshot, without the owner’s file ids', async () => {
    const { session, rows } = await chatWithFiles();
    const { token } = await shareSession(prisma(), owner.id, session.id);
    const shared = await getSharedChat(prisma(), token);
    expect(shared.messages[0]!.attachments).toEqual([
      { ref: '0-0', name: 'notes.md', mediaType: 'text/markdown', size: 9, kind: 'document' },
      { ref: '0-1', name: 'dot.png', mediaType: 'image/png', size: 70, kind: 'image' },
    ]);
    for (const row of rows) expect(JSON.stringify(shared)).not.toContain(row.id);
  });

  it('serve images only, while the link and the file both live', async () => {
    const { session, message, rows } = await chatWithFiles();
    const { token } = await shareSession(prisma(), owner.id, session.id);
    expect((await sharedImage(prisma(), token, '0-1')).id).toBe(rows[1]!.id);
    const missing = { kind: 'NOT_FOUND', field: 'ref' };
    for (const ref of ['0-0', '0-2', '1-0', '', '00-1x'])
      expect(await failureOf(sharedImage(prisma(), token, ref))).toEqual(missing);
    expect(await failureOf(sharedImage(prisma(), 'C'.repeat(32), '0-1'))).toEqual(missing);

    await prisma().message.delete({ where: { id: message.id } });
    expect(await failureOf(sharedImage(prisma(), token, '0-1'))).toEqual(missing);
    await unshareSession(prisma(), owner.id, session.id);
    expect(await failureOf(sharedImage(prisma(), token, '0-1'))).toEqual(missing);
  });
});
