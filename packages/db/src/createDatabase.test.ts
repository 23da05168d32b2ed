import { readTestEnvironment } from '@chatbot/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/testDatabase';

const { databaseUrl } = readTestEnvironment();
const targets = databaseUrl ? [undefined, databaseUrl] : [undefined];

describe.each(targets)('createDatabase (%s)', (serverUrl) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(serverUrl);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function seedUser(email: string) {
    const { prisma } = database;
    const user = await prisma.user.create({ data: { email, name: 'Ada' } });
    const group = await prisma.group.create({ data: { userId: user.id, name: 'Work' } });
    const session = await prisma.session.create({
      data: { userId: user.id, groupId: group.id, title: 'Plans', model: 'echo' },
    });
    await prisma.message.createMany({
      data: [
        { sessionId: session.id, role: 'user', content: 'hello' },
        { sessionId: session.id, role: 'assistant', content: 'hi', status: 'streaming' },
      ],
    });
    await prisma.refreshToken.create({
      data: { userId: user.id, tokenHash: `hash-${email}`, familyId: 'f1', expiresAt: new Date() },
    });
    await prisma.account.create({
      data: { userId: user.id, provider: 'google', providerAccountId: `g-${email}` },
    });
    return { user, group, session };
  }

  it('answers ping', async () => {
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('orders messages by insertion even when timestamps tie', async () => {
    const { session } = await seedUser('order@example.com');
    const messages = await database.prisma.message.findMany({
      where: { sessionId: session.id },
      orderBy: { seq: 'asc' },
    });
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(messages[0]!.seq < messages[1]!.seq).toBe(true);
  });

  it('deleting a group keeps its sessions, ungrouped', async () => {
    const { group, session } = await seedUser('group@example.com');
    await database.prisma.group.delete({ where: { id: group.id } });
    const kept = await database.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(kept.groupId).toBeNull();
  });

  it('deleting a session removes its messages', async () => {
    const { session } = await seedUser('session@example.com');
    await database.prisma.session.delete({ where: { id: session.id } });
    expect(await database.prisma.message.count({ where: { sessionId: session.id } })).toBe(0);
  });

  it('deleting a user removes everything that hangs on it', async () => {
    const { user } = await seedUser('user@example.com');
    await database.prisma.user.delete({ where: { id: user.id } });
    const where = { userId: user.id };
    expect(
      await Promise.all([
        database.prisma.group.count({ where }),
        database.prisma.session.count({ where }),
        database.prisma.refreshToken.count({ where }),
        database.prisma.account.count({ where }),
        database.prisma.message.count({ where: { session: { userId: user.id } } }),
      ]),
    ).toEqual([0, 0, 0, 0, 0]);
  });

  it('enforces unique emails, provider accounts and client ids', async () => {
    const { user, session } = await seedUser('unique@example.com');
    await expect(
      database.prisma.user.create({ data: { email: 'unique@example.com' } }),
    ).rejects.toMatchObject({
      code: 'P2002',
    });
    await expect(
      database.prisma.account.create({
        data: { userId: user.id, provider: 'google', providerAccountId: 'g-unique@example.com' },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
    await database.prisma.message.create({
      data: { sessionId: session.id, role: 'user', content: 'once', clientId: 'c-1' },
    });
    await expect(
      database.prisma.message.create({
        data: { sessionId: session.id, role: 'user', content: 'twice', clientId: 'c-1' },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });

  it('runs interactive transactions and rolls them back on error', async () => {
    const before = await database.prisma.user.count();
    await expect(
      database.prisma.$transaction(async (tx) => {
        await tx.user.create({ data: { email: 'rollback@example.com' } });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await database.prisma.user.count()).toBe(before);
  });
});
