import { openTestCore, type TestCore } from '@chatbot/core/testing';
import { linkAsLinearPath } from '@chatbot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMessages, requireMessage } from './messages';

let core: TestCore;
beforeAll(async () => {
  core = await openTestCore();
});
afterAll(async () => {
  await core?.close();
});

async function chatWith(count: number) {
  const user = await core.createTestUser();
  const prisma = core.app.database.prisma;
  const session = await prisma.session.create({
    data: { userId: user.id, title: 'History', model: 'echo' },
  });
  for (let index = 0; index < count; index += 1) {
    await prisma.message.create({
      data: {
        sessionId: session.id,
        role: index % 2 === 0 ? 'user' : 'assistant',
        content: `m${index}`,
      },
    });
  }
  await linkAsLinearPath(prisma, session.id);
  return { user, session };
}

const contents = (page: { items: { content: string }[] }) =>
  page.items.map((message) => message.content);

describe('listMessages', () => {
  it('pages backwards in time: newest page first, chronological inside each page', async () => {
    const { user, session } = await chatWith(7);
    const prisma = core.app.database.prisma;
    const query = { sessionId: session.id, limit: 3 };

    const newest = await listMessages(prisma, user.id, query);
    expect(contents(newest)).toEqual(['m4', 'm5', 'm6']);
    expect(newest.nextCursor).toBe(newest.items[0]?.id);

    const older = await listMessages(prisma, user.id, { ...query, cursor: newest.nextCursor! });
    expect(contents(older)).toEqual(['m1', 'm2', 'm3']);

    const oldest = await listMessages(prisma, user.id, { ...query, cursor: older.nextCursor! });
    expect(contents(oldest)).toEqual(['m0']);
    expect(oldest.nextCursor).toBeNull();
  });

  it('has no next cursor when the page holds exactly what is left', async () => {
    const { user, session } = await chatWith(3);
    const page = await listMessages(core.app.database.prisma, user.id, {
      sessionId: session.id,
      limit: 3,
    });
    expect(contents(page)).toEqual(['m0', 'm1', 'm2']);
    expect(page.nextCursor).toBeNull();
  });

  it('is empty for a session without messages', async () => {
    const { user, session } = await chatWith(0);
    expect(
      await listMessages(core.app.database.prisma, user.id, { sessionId: session.id, limit: 10 }),
    ).toEqual({ items: [], nextCursor: null });
  });

  it('returns the fields of the message schema only', async () => {
    const { user, session } = await chatWith(1);
    const [message] = (
      await listMessages(core.app.database.prisma, user.id, { sessionId: session.id, limit: 1 })
    ).items;
    expect(Object.keys(message!).sort()).toEqual(
      [
        'id',
        'sessionId',
        'parentId',
        'siblingIds',
        'role',
        'content',
        'status',
        'model',
        'error',
        'promptTokens',
        'completionTokens',
        'clientId',
        'createdAt',
        'updatedAt',
        // A user message lists its files (none here).
        'attachments',
      ].sort(),
    );
    expect(message).not.toHaveProperty('seq');
  });

  it('refuses a cursor that is not a message of this session with NOT_FOUND', async () => {
    const { user, session } = await chatWith(2);
    const other = await chatWith(2);
    const [foreign] = (
      await listMessages(core.app.database.prisma, other.user.id, {
        sessionId: other.session.id,
        limit: 1,
      })
    ).items;
    for (const cursor of ['cnotthereatall0000000000', foreign!.id]) {
      await expect(
        listMessages(core.app.database.prisma, user.id, {
          sessionId: session.id,
          cursor,
          limit: 5,
        }),
      ).rejects.toMatchObject({ kind: 'NOT_FOUND', field: 'cursor' });
    }
  });

  it('pages along the active path only, each message with its versions', async () => {
    const { user, session } = await chatWith(4); // m0 -> m1 -> m2 -> m3
    const prisma = core.app.database.prisma;
    const [m0, m1] = await prisma.message.findMany({
      where: { sessionId: session.id },
      orderBy: { seq: 'asc' },
    });
    // Another version of m1 with its own continuation, made the active branch.
    const m1b = await prisma.message.create({
      data: { sessionId: session.id, parentId: m0!.id, role: 'assistant', content: 'm1b' },
    });
    const m2b = await prisma.message.create({
      data: { sessionId: session.id, parentId: m1b.id, role: 'user', content: 'm2b' },
    });
    await prisma.session.update({ where: { id: session.id }, data: { activeLeafId: m2b.id } });

    const query = { sessionId: session.id, limit: 2 };
    const newest = await listMessages(prisma, user.id, query);
    expect(newest.items.map((item) => [item.content, item.siblingIds])).toEqual([
      ['m1b', [m1!.id, m1b.id]],
      ['m2b', [m2b.id]],
    ]);
    const older = await listMessages(prisma, user.id, { ...query, cursor: newest.nextCursor! });
    expect(older.items.map((item) => [item.content, item.siblingIds])).toEqual([['m0', [m0!.id]]]);
    expect(older.nextCursor).toBeNull();
  });

  it("refuses another user's session with NOT_FOUND", async () => {
    const { session } = await chatWith(1);
    const stranger = await core.createTestUser('stranger');
    await expect(
      listMessages(core.app.database.prisma, stranger.id, { sessionId: session.id, limit: 5 }),
    ).rejects.toMatchObject({ kind: 'NOT_FOUND', field: 'sessionId' });
  });
});

describe('requireMessage', () => {
  it("returns the user's own message and hides anyone else's as NOT_FOUND", async () => {
    const { user, session } = await chatWith(1);
    const prisma = core.app.database.prisma;
    const [message] = await prisma.message.findMany({ where: { sessionId: session.id } });
    expect((await requireMessage(prisma, user.id, message!.id)).content).toBe('m0');
    const stranger = await core.createTestUser('stranger');
    await expect(requireMessage(prisma, stranger.id, message!.id, 'target')).rejects.toMatchObject({
      kind: 'NOT_FOUND',
      field: 'target',
    });
  });
});
